from typing import Any

from .base import WeatherBaseTool # expect: DIFY502


class CurrentWeatherTool(WeatherBaseTool):
    def _invoke(self, user_id: str, tool_parameters: dict[str, Any]):
        return self.create_json_message(self.fetch(tool_parameters["city"]))
