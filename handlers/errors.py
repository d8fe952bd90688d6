"""The one place where failures become messages: known refusals in the user's language,
unknown errors logged with a short id that the user sees too."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.core.errors import SparringError
from bot.core.i18n import t
from bot.deps import Deps

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    """Install the central handler for errors that escape a listener."""

    @app.error
    def handle_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        if isinstance(error, SparringError):
            tell_refusal(deps, client=client, body=body, error=error)
            return
        error_id = secrets.token_hex(4)
        # Tracebacks name code, not content: SQLAlchemy hides parameters and form input is
        # never put into exception messages.
        log.error("error %s in %s", error_id, _kind(body), exc_info=error)
        _tell_user(deps, client=client, body=body, key="error.unexpected", error_id=error_id)


def tell_refusal(
    deps: Deps, *, client: WebClient, body: dict[str, Any], error: SparringError
) -> None:
    """Tell the person why the bot refused (not allowed, already closed, gone).

    Listeners call this for known refusals instead of raising: Bolt forgets an ack() already
    made when a listener raises within its 10 ms polling interval, and Slack then shows an error.
    """
    log.info("refused: %s", error)
    _tell_user(deps, client=client, body=body, key=error.key, **error.values)


def _tell_user(
    deps: Deps, *, client: WebClient, body: dict[str, Any], key: str, **values: object
) -> None:
    user_id = _user_id(body)
    if user_id is None:
        return
    text = t(key, deps.users.cached_language(user_id), **values)
    try:
        if body.get("response_url"):
            WebhookClient(body["response_url"], timeout=10).send(
                text=text, response_type="ephemeral", replace_original=False
            )
        else:
            client.chat_postMessage(channel=user_id, text=text)
    except (SlackApiError, OSError) as notify_error:
        log.warning("could not tell the user: %s", type(notify_error).__name__)


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
