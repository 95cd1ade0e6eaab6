import hmac
import json
from collections.abc import Mapping

import requests
from dify_plugin import Endpoint
from werkzeug import Request, Response

FORWARDED = ("Content-Type", "User-Agent", "X-Request-Id")


class RelayEndpoint(Endpoint):
    """Checks the caller's token and posts the JSON body to the configured target URL."""

    def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:
        token = r.headers.get("X-Relay-Token", "")
        if not hmac.compare_digest(token, settings["shared_token"]):
            return self._json({"error": "invalid token"}, 401)
        body = r.get_json(silent=True)
        if body is None:
            return self._json({"error": "the body must be JSON"}, 400)
        headers = {"X-Relay-Channel": values["channel"]}
        if settings.get("forward_headers"):
            headers.update({k: r.headers[k] for k in FORWARDED if k in r.headers})
        try:
            upstream = requests.post(settings["target_url"], json=body, headers=headers, timeout=10)
        except requests.RequestException as e:
            return self._json({"error": f"forwarding failed: {e}"}, 502)
        return self._json({"forwarded": True, "status": upstream.status_code}, 200)

    @staticmethod
    def _json(payload: dict, status: int) -> Response:
        return Response(json.dumps(payload), status=status, content_type="application/json")
