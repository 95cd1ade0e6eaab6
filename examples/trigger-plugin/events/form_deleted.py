from collections.abc import Mapping
from typing import Any

from dify_plugin.entities.trigger import Variables
from werkzeug import Request


class FormDeletedEvent: # expect: DIFY515
    """Forgets to subclass Event: the SDK finds no event class in this module."""

    def _on_event(self, request: Request, parameters: Mapping[str, Any], payload: Mapping[str, Any]) -> Variables:
        return Variables(variables={"form_id": payload.get("form", {}).get("id", "")})
