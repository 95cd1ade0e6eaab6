from collections.abc import Generator
from typing import Any

import requests
from dify_plugin import Tool
from dify_plugin.entities.tool import ToolInvokeMessage


class ForecastTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]) -> Generator[ToolInvokeMessage, None, None]:
        days = int(tool_parameters.get("days", 3))
        session = requests.Session()
        response = session.get(
            "https://api.example.com/v1/forecast",
            params={"q": tool_parameters["city"], "days": days, "key": self.runtime.credentials["api_key"]},
            timeout=30,
        )
        response.raise_for_status()
        for day in response.json().get("days", []):
            yield self.create_text_message(f"{day['date']}: {day['summary']}")
        yield self.create_variable_message("forecast", response.json())
