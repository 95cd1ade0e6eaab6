from collections.abc import Mapping
from typing import Any

import requests
from dify_plugin.errors.tool import ToolProviderCredentialValidationError
from dify_plugin.interfaces.datasource import DatasourceProvider

READER_URL = "https://reader.example.com/"


class SiteReaderProvider(DatasourceProvider):
    def _validate_credentials(self, credentials: Mapping[str, Any]) -> None:
        try:
            response = requests.get(
                READER_URL + "https://example.com",
                headers={"Authorization": f"Bearer {credentials['api_key']}"},
                timeout=15,
            )
        except requests.RequestException as e:
            raise ToolProviderCredentialValidationError(f"the reader service is unreachable: {e}") from e
        if response.status_code in (401, 403):
            raise ToolProviderCredentialValidationError("the reader service rejected the API key")
