from collections.abc import Mapping

from werkzeug import Request, Response


class HealthEndpoint: # expect: DIFY515
    """Forgets to subclass Endpoint: the SDK finds no endpoint class in this module."""

    def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:
        return Response("ok", status=200, content_type="text/plain")
