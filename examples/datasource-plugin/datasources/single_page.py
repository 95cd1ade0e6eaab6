from collections.abc import Generator, Mapping
from typing import Any

import requests
from dify_plugin.entities.datasource import (
    DatasourceGetPagesResponse,
    DatasourceMessage,
)
from dify_plugin.interfaces.datasource.online_document import OnlineDocumentDatasource


class SinglePageDatasource(OnlineDocumentDatasource): # expect: DIFY515
    """The provider is a website crawler, so the SDK looks for a WebsiteCrawlDatasource here."""

    def _get_pages(self, datasource_parameters: Mapping[str, Any]) -> DatasourceGetPagesResponse:
        raise NotImplementedError

    def _get_content(self, page: Any) -> Generator[DatasourceMessage, None, None]:
        response = requests.get(page["url"], headers={"Authorization": f"Bearer {self.runtime.credentials['api_key']}"}, timeout=30)
        yield self.create_text_message(response.text)
