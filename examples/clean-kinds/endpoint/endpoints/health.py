from collections.abc import Mapping

from dify_plugin import Endpoint
from werkzeug import Request, Response


class HealthEndpoint(Endpoint):
    """Answers `ok` so that monitors can check that the endpoint is up."""

    def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:
        return Response("ok", status=200, content_type="text/plain")
