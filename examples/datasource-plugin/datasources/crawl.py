import xml.etree.ElementTree as ET
from collections.abc import Generator, Mapping
from typing import Any
from urllib.parse import urljoin

import requests
from dify_plugin.entities.datasource import (
    WebsiteCrawlMessage,
    WebSiteInfo,
    WebSiteInfoDetail,
)
from dify_plugin.interfaces.datasource.website import WebsiteCrawlDatasource

READER_URL = "https://reader.example.com/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_pages(start: str, limit: int) -> list[str]:
    """The start page, then the pages of the site's sitemap.xml, at most `limit` in all."""
    pages = [start]
    try:
        response = requests.get(urljoin(start, "/sitemap.xml"), timeout=15)
        if response.ok:
            for loc in ET.fromstring(response.content).iter(f"{SITEMAP_NS}loc"):
                if loc.text and loc.text.strip() not in pages:
                    pages.append(loc.text.strip())
    except (requests.RequestException, ET.ParseError):
        pass  # no usable sitemap: the start page alone
    return pages[:limit]


class CrawlDatasource(WebsiteCrawlDatasource):
    def _get_website_crawl(self, datasource_parameters: Mapping[str, Any]) -> Generator[WebsiteCrawlMessage, None, None]:
        limit = int(datasource_parameters.get("limit") or 10)
        pages = sitemap_pages(datasource_parameters["url"], limit)
        headers = {
            "Authorization": f"Bearer {self.runtime.credentials['api_key']}",
            "Accept": "application/json",
        }
        done: list[WebSiteInfoDetail] = []
        yield self.create_crawl_message(WebSiteInfo(status="processing", web_info_list=[], total=len(pages), completed=0))
        for page in pages:
            try:
                response = requests.get(READER_URL + page, headers=headers, timeout=60)
                response.raise_for_status()
                data = response.json().get("data", {})
            except (requests.RequestException, ValueError):
                continue  # skip the page; the others still arrive
            done.append(
                WebSiteInfoDetail(
                    source_url=page,
                    title=data.get("title") or page,
                    description=data.get("description") or "",
                    content=data.get("content") or "",
                )
            )
            yield self.create_crawl_message(
                WebSiteInfo(status="processing", web_info_list=[], total=len(pages), completed=len(done))
            )
        yield self.create_crawl_message(
            WebSiteInfo(status="completed", web_info_list=done, total=len(pages), completed=len(done))
        )
