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

from slack_bolt import Ack, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.core.errors import BadPayload, SparringError
from bot.core.i18n import t
from bot.deps import Deps
from bot.slack.homes import take_marked
from bot.slack.state import FormErrors

log = logging.getLogger(__name__)

# Bolt always hands these to the wrapper, whether or not the listener itself asks for them.
_ALWAYS = ("ack", "body", "client", "context")


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
        # With many workspaces: this workspace's teams and token only.
        scoped = deps.for_request(kwargs["context"].team_id, kwargs["client"])
        take_marked()  # what this thread marked before belongs to no pass of this listener
        try:
            func(**{name: kwargs[name] for name in wanted}, deps=scoped)
        except FormErrors as error:
            ack(response_action="errors", errors=error.errors)
        except SparringError as error:
            error.block = error.block or block
            refuse(scoped, ack=ack, body=body, client=kwargs["client"], error=error)
        except BadPayload as error:
            log_bad_payload(body, func.__name__, error)
        if ack.response is None:
            ack()
        # Only when this listener's work marked a home: most listeners change no home, and the
        # pass would read the database after every ack for nothing. With this request's deps:
        # its workspace's homes only, built from its teams and published with its token.
        if deps.after_listener is not None and take_marked():
            deps.after_listener(kwargs["client"], scoped)

    run.__name__ = func.__name__
    run.__qualname__ = func.__qualname__
    run.__doc__ = func.__doc__
    # Bolt reads a listener's parameter names to decide what to inject.
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in shown]
    )
    return run


def log_bad_payload(body: dict[str, Any], where: str, error: BadPayload) -> None:
    """One warning line with an error id: what kind of payload, where, which field."""
    error_id = secrets.token_hex(4)
    log.warning("bad payload %s in %s (%s): %s", error_id, kind(body), where, error)


class BoltProofPayloads(Middleware):
    """Acks a payload whose shape Bolt's own routing would crash on, before Bolt routes it.

    Bolt reads `view`, `actions[0]`, `event` and the ids it matches listeners by without
    checking their types; a forged payload with, say, a number for `view` raised inside
    `App.dispatch`, so Slack got no ack. Our listeners are never reached for these.
    """

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        """Continue with a routable payload; ack anything else with one log line."""
        try:
            routable(req.body)
        except BadPayload as error:
            log_bad_payload(req.body, "routing", error)
            return BoltResponse(status=200, body="")
        next()
        return None


def routable(body: dict[str, Any]) -> None:
    """Raise BadPayload unless Bolt can match `body` to a listener without crashing."""
    for key in ("command", "callback_id", "action_id", "type"):
        if key in body and not isinstance(body[key], str):
            raise BadPayload(f"{key} is no string")
    kind_ = body.get("type")
    if "view" in body or kind_ in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict) or not all(
            isinstance(view.get(key), str) for key in ("callback_id", "type")
        ):
            raise BadPayload("unroutable view")
    if "actions" in body or kind_ == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            raise BadPayload("no actions")
        if not all(
            isinstance(action, dict)
            and isinstance(action.get("action_id"), str)
            and isinstance(action.get("block_id", ""), str)
            for action in actions
        ):
            raise BadPayload("unroutable action")
    if "event" in body or kind_ == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise BadPayload("unroutable event")
        if not all(isinstance(event.get(key) or {}, dict) for key in _EVENT_PARTS):
            raise BadPayload("unroutable event")


# Parts of an event Bolt's matchers read as dicts.
_EVENT_PARTS = ("message", "previous_message")


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
    try:
        # After the ack there is time to look the language up (a refusal in a modal uses
        # the cached one).
        text = t(key, deps.users.language(user_id), **values)
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
    event = body.get("event")
    found = found or body.get("user_id") or (event.get("user") if isinstance(event, dict) else None)
    return found if isinstance(found, str) else None


def kind(body: dict[str, Any]) -> str:
    """What kind of payload this is, for a log line (never its content)."""
    if body.get("command"):
        return "command"
    if body.get("type") == "event_callback":
        event = body.get("event")
        found = event.get("type") if isinstance(event, dict) else None
        return f"event {found}" if isinstance(found, str) else "event"
    found = body.get("type")
    return found if isinstance(found, str) and found else "request"
