"""One wrapper for every Bolt listener: it always acks, turns known refusals into a message in
the person's language, and answers a malformed payload with an ack and one log line.

Listeners are plain top-level functions `handle_<thing>_<kind>(..., deps)`; `listener()` binds
`deps` and shows Bolt the remaining parameters, so Bolt injects them by name as usual.
"""

from __future__ import annotations

import inspect
import logging
import secrets
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.core.errors import BadPayload, SparringError
from bot.core.i18n import t
from bot.deps import Deps
from bot.slack.state import FormErrors

log = logging.getLogger(__name__)

# Bolt always hands these to the wrapper, whether or not the listener itself asks for them.
_ALWAYS = ("ack", "body", "client")


def listener(
    func: Callable[..., None], deps: Deps, *, block: str | None = None
) -> Callable[..., None]:
    """Bind `deps` to a listener and guard it (see the module docstring). In a modal, a refusal
    is shown under `block` unless the error names its own."""
    own = inspect.signature(func).parameters
    wanted = [name for name in own if name != "deps"]
    shown = [*wanted, *(name for name in _ALWAYS if name not in own)]

    def run(**kwargs: Any) -> None:
        ack: Ack = kwargs["ack"]
        body: dict[str, Any] = kwargs["body"]
        try:
            func(**{name: kwargs[name] for name in wanted}, deps=deps)
        except FormErrors as error:
            ack(response_action="errors", errors=error.errors)
        except SparringError as error:
            error.block = error.block or block
            refuse(deps, ack=ack, body=body, client=kwargs["client"], error=error)
        except BadPayload as error:
            error_id = secrets.token_hex(4)
            log.warning("bad payload %s in %s (%s): %s", error_id, kind(body), func.__name__, error)
        if ack.response is None:
            ack()

    run.__name__ = func.__name__
    run.__qualname__ = func.__qualname__
    run.__doc__ = func.__doc__
    # Bolt reads a listener's parameter names to decide what to inject.
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in shown]
    )
    return run


def refuse(
    deps: Deps, *, ack: Ack, body: dict[str, Any], client: WebClient, error: SparringError
) -> None:
    """Tell the person why the bot refused: inline in a modal not yet acked, else a message.

    Known refusals are told, never raised to Bolt: Bolt forgets an ack() already made when a
    listener raises within its 10 ms polling interval, and Slack then shows an error.
    """
    log.info("refused in %s: %s", kind(body), error)
    if body.get("type") == "view_submission" and ack.response is None and error.block:
        language = deps.users.cached_language(_user_id(body) or "")
        ack(response_action="errors", errors={error.block: t(error.key, language, **error.values)})
        return
    if ack.response is None:
        ack()
    tell_user(deps, client=client, body=body, key=error.key, **error.values)


def tell_user(
    deps: Deps, *, client: WebClient, body: dict[str, Any], key: str, **values: object
) -> None:
    """Say something to the person behind the payload: ephemeral where they are, else a DM."""
    user_id = _user_id(body)
    if user_id is None:
        return
    text = t(key, deps.users.cached_language(user_id), **values)
    try:
        if isinstance(body.get("response_url"), str):
            WebhookClient(body["response_url"], timeout=10).send(
                text=text, response_type="ephemeral", replace_original=False
            )
        else:
            client.chat_postMessage(channel=user_id, text=text)
    except (SlackApiError, OSError) as notify_error:
        log.warning("could not tell the user: %s", type(notify_error).__name__)


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    found = user.get("id") if isinstance(user, dict) else None
    found = found or body.get("user_id") or (body.get("event") or {}).get("user")
    return found if isinstance(found, str) else None


def kind(body: dict[str, Any]) -> str:
    """What kind of payload this is, for a log line (never its content)."""
    if body.get("command"):
        return "command"
    if body.get("type") == "event_callback":
        return f"event {(body.get('event') or {}).get('type')}"
    return str(body.get("type") or "request")
