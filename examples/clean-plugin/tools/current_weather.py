from collections.abc import Generator
from typing import Any

import requests
from dify_plugin import Tool
from dify_plugin.entities.tool import ToolInvokeMessage


class CurrentWeatherTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]) -> Generator[ToolInvokeMessage, None, None]:
        city = tool_parameters["city"]
        language = tool_parameters.get("language", "en")
        units = self.runtime.credentials.get("units") or "metric"
        response = requests.get(
            "https://api.example.com/v1/current",
            params={"q": city, "lang": language, "units": units, "key": self.runtime.credentials["api_key"]},
            timeout=30,
        )
        response.raise_for_status()
        yield self.create_json_message(response.json())
