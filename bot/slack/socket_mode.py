"""Socket Mode with one guard Bolt's adapter lacks: a payload Bolt cannot even read (a `user`
that is a number, say) is acked and logged in one line, instead of crashing the adapter's
thread and leaving Slack without an ack."""

from __future__ import annotations

import logging
import secrets
from time import time

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest

log = logging.getLogger(__name__)


def dispatch_envelope(app: App, request: SocketModeRequest) -> BoltResponse:
    """Run the app on one envelope as Bolt's adapter does; an unreadable payload gets an empty
    200 (an ack that changes nothing)."""
    try:
        bolt_request = BoltRequest(
            mode="socket_mode", body=request.payload, headers=build_headers(request)
        )
    except (TypeError, AttributeError, KeyError, ValueError) as error:
        log.warning(
            "bad payload %s in %s: Bolt could not read it (%s)",
            secrets.token_hex(4),
            request.type,
            type(error).__name__,
        )
        return BoltResponse(status=200, body="")
    return app.dispatch(bolt_request)


class GuardedSocketModeHandler(SocketModeHandler):
    """Bolt's Socket Mode handler, with `dispatch_envelope` in front of the app."""

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """Answer one envelope."""
        start = time()
        send_response(client, req, dispatch_envelope(self.app, req), start)
