from core.tools.builtin_tool.tool import BuiltinTool


class WeatherBaseTool(BuiltinTool):
    def fetch(self, city: str) -> dict:
        return {"city": city}
