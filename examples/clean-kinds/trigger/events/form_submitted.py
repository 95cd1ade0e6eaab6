from collections.abc import Mapping
from typing import Any

from dify_plugin.entities.trigger import Variables
from dify_plugin.errors.trigger import EventIgnoreError
from dify_plugin.interfaces.trigger import Event
from werkzeug import Request


class FormSubmittedEvent(Event):
    def _on_event(self, request: Request, parameters: Mapping[str, Any], payload: Mapping[str, Any]) -> Variables:
        form = payload.get("form", {})
        wanted = parameters.get("form_id")
        if wanted and form.get("id") != wanted:
            raise EventIgnoreError()
        return Variables(
            variables={
                "form_id": form.get("id", ""),
                "submitted_at": payload.get("submitted_at", ""),
                "answers": payload.get("answers", {}),
            }
        )
