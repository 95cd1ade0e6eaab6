from typing import Any

import requests
from dify_plugin import Tool

API_TOKEN = "a81f0c9d2e7b4c5f9a3d" # expect: DIFY602


class SearchTool(Tool):
    def _invoke(self, tool_parameters: dict[str, Any]): # expect: DIFY504
        query = tool_parameters["query"]
        units = tool_parameters.get("units")
        detailed = tool_parameters.get("detailed")
        mode = tool_parameters.get("mode", "quick")
        limit = tool_parameters.get("limit", 5)
        language = tool_parameters["language"] # expect: DIFY512
        region = self.runtime.credentials["region"] # expect: DIFY603
        response = requests.get( # expect: DIFY601
            "https://api.example.com/search",
            params={"q": query, "units": units, "mode": mode, "n": limit, "lang": language, "region": region, "detailed": detailed},
            headers={"Authorization": f"Bearer {API_TOKEN}"},
        )
        return self.create_json_message(response.json())
