import hashlib
import hmac
import json

from dify_plugin.entities.trigger import EventDispatch, Subscription
from dify_plugin.errors.trigger import TriggerDispatchError, TriggerValidationError
from dify_plugin.interfaces.trigger import Trigger
from werkzeug import Request, Response

EVENTS = {"form.submitted": "form_submitted"}


class FormHooksTrigger(Trigger):
    """Checks the signature of each webhook and names the event it carries."""

    def _dispatch_event(self, subscription: Subscription, request: Request) -> EventDispatch:
        secret = subscription.properties.get("webhook_secret", "")
        body = request.get_data()
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("X-Forms-Signature", "")):
            raise TriggerValidationError("invalid webhook signature")
        try:
            payload = json.loads(body)
        except ValueError as e:
            raise TriggerDispatchError("the webhook body is not JSON") from e
        event = EVENTS.get(payload.get("type", ""))
        return EventDispatch(
            events=[event] if event else [],
            response=Response('{"ok": true}', status=200, content_type="application/json"),
            payload=payload,
        )
