"""The last resort: an error that escaped a listener is logged as one line with a short id,
which the person sees too. Known refusals never get here (see bot/slack/listeners.py)."""

from __future__ import annotations

import logging
import secrets
import traceback
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.error import BoltUnhandledRequestError
from slack_sdk import WebClient

from bot.core.errors import BadPayload
from bot.deps import Deps
from bot.slack.listeners import kind, log_bad_payload, tell_user

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    """Install the central handler for errors that escape a listener, and for payloads no
    listener takes (the app is built with `raise_error_for_unhandled_request`)."""

    @app.error
    def handle_error(
        error: Exception, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> BoltResponse | None:
        if isinstance(error, BoltUnhandledRequestError):
            # Unacked, Slack would show the person an error (or redeliver the event). Slack
            # sends us no such payload: it is a forged or broken one.
            log_bad_payload(body, "no listener", BadPayload("no listener takes it"))
            return BoltResponse(status=200, body="")
        error_id = secrets.token_hex(4)
        # One line: the exception's type and where it was raised. No message and no traceback:
        # a library's message could quote what a person typed.
        where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        place = f"{where.filename.rpartition('/')[2]}:{where.lineno}" if where else "?"
        log.error("error %s in %s: %s at %s", error_id, kind(body), type(error).__name__, place)
        tell_user(
            deps.for_request(context.team_id, client),
            client=client,
            body=body,
            key="error.unexpected",
            error_id=error_id,
        )
        return None
