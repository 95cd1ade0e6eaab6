from typing import Any

from core.tools.provider.builtin_tool_provider import BuiltinToolProviderController # expect: DIFY511


class WeatherProvider(BuiltinToolProviderController):
    def _validate_credentials(self, credentials: dict[str, Any]) -> None: # expect: DIFY510
        pass
