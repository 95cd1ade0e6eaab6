import json
from collections.abc import Mapping

import requests
from dify_plugin import Endpoint
from werkzeug import Request, Response


class RelayEndpoint(Endpoint):
    def _invoke(self, r: Request, values: Mapping, settings: Mapping) -> Response:
        if r.headers.get("X-Relay-Token") != settings["shared_token"]:
            return Response(json.dumps({"error": "invalid token"}), status=401, content_type="application/json")
        upstream = requests.post(  # expect: DIFY601
            settings["target_url"],
            json=r.get_json(silent=True),
            headers={"X-Relay-Channel": values["channel"]},
        )
        return Response(json.dumps({"status": upstream.status_code}), status=200, content_type="application/json")
