"""The one place where failures become messages: known ones in the user's language, unknown
ones logged with a short id that the user sees too."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import Deps
from bot.errors import SparringError
from bot.i18n import t

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    """Install the central error handler."""

    @app.error
    def handle_error(
        error: Exception, body: dict[str, Any], client: WebClient, respond: Respond | None
    ) -> None:
        user_id = _user_id(body)
        if isinstance(error, SparringError):
            log.info("refused: %s", error)
            key, values = error.key, {}
        else:
            error_id = secrets.token_hex(4)
            # The traceback names code, not content: exception texts here never carry case text
            # (SQLAlchemy hides parameters, form errors are caught before they are raised).
            log.error("error %s in %s", error_id, _kind(body), exc_info=error)
            key, values = "error.unexpected", {"error_id": error_id}
        if user_id is None:
            return
        language = deps.users.cached_language(user_id)
        text = t(key, language, **values)
        try:
            if respond is not None:
                respond(text=text, response_type="ephemeral", replace_original=False)
            else:
                client.chat_postMessage(channel=user_id, text=text)
        except (SlackApiError, OSError) as notify_error:
            log.warning("could not tell the user about error: %s", type(notify_error).__name__)


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    return body.get("user_id") or (body.get("event") or {}).get("user")


def _kind(body: dict[str, Any]) -> str:
    if body.get("command"):
        return "command"
    if body.get("type") == "event_callback":
        return f"event {(body.get('event') or {}).get('type')}"
    return str(body.get("type") or "request")
