"""Buttons on request messages, whole-team notices, delivery notices and the App Home."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.core.errors import BadPayload, NotOpen
from bot.core.i18n import Language
from bot.deps import Deps
from bot.requests.compose import open_request_modal
from bot.requests.delivery import deliver, pass_on, retry_delivery
from bot.requests.form import RequestRef
from bot.requests.holders import accept_request, claim_team_request, decline_request
from bot.requests.modals import build_close_modal, build_hand_over_modal, build_reply_modal
from bot.requests.render import queue_moved, queue_refresh, show_request
from bot.requests.routing import next_expert
from bot.requests.service import get_request, pressed_request, withdraw_request
from bot.slack import payload
from bot.slack.ids import Action
from bot.slack.listeners import listener, tell_user
from bot.slack.modals import open_modal
from bot.slack.payload import RequestButton
from models import SparringRequest

T = TypeVar("T")


def register(app: App, deps: Deps) -> None:
    """Register button listeners."""
    for action, handle in (
        *((action, handle_change_click) for action in _CHANGES),
        (Action.DECLINE, handle_decline_click),
        *((action, handle_modal_click) for action in _MODALS),
        (Action.I_CAN_HELP, handle_i_can_help_click),
        (Action.RETRY_DELIVERY, handle_retry_click),
        (Action.OPEN_REQUEST_MODAL, handle_open_request_click),
    ):
        app.action(action)(listener(handle, deps))


# What a button changes in place: the recipient takes the request (the message shows who has
# it); the requester takes it back.
_CHANGES: dict[str, Callable[..., SparringRequest]] = {
    Action.ACCEPT: accept_request,
    Action.WITHDRAW: withdraw_request,
}


def handle_change_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Accept or withdraw: the change is shown on the request's messages."""
    ack()
    _change_in_place(body, client, deps, _pick(_CHANGES, body))


def _pick(table: dict[str, T], body: dict[str, Any]) -> T:
    """What the pressed button does, by its action id."""
    found = table.get(payload.action_id(body))
    if found is None:
        raise BadPayload("unknown action")
    return found


def _change_in_place(
    body: dict[str, Any], client: WebClient, deps: Deps, change: Callable[..., SparringRequest]
) -> SparringRequest:
    """Apply `change` to the pressed request and show its new state on its messages."""
    with _shown_as_it_is(body, client, deps), deps.session_factory.begin() as session:
        pressed = pressed_request(session, body)
        request = change(session, request_id=pressed.id, actor_id=payload.user_id(body))
        queue_refresh(session, request=request)
    _show(body, client, deps, request.id)
    return request


def _show(body: dict[str, Any], client: WebClient, deps: Deps, request_id: int) -> None:
    """Show the change in Slack; if Slack fails now, the person hears it is saved (the
    scheduled catch-up shows it shortly)."""
    if not show_request(client=client, session_factory=deps.session_factory, request_id=request_id):
        tell_user(deps, client=client, body=body, key="msg.saved_pending")


@contextmanager
def _shown_as_it_is(body: dict[str, Any], client: WebClient, deps: Deps) -> Iterator[None]:
    """When the request moved on before the click (someone else took it), show its message as
    it is now, then let the refusal tell the person why nothing changed."""
    try:
        yield
    except NotOpen:
        request_id = RequestButton.pressed(body).request_id
        with deps.session_factory.begin() as session:
            queue_refresh(session, request=get_request(session, request_id=request_id))
        show_request(client=client, session_factory=deps.session_factory, request_id=request_id)
        raise


def handle_decline_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """ "Not me": one of a trio steps aside and the other keeps it; the last holder passes an
    expert request to the next expert, any other back to the requester."""
    ack()
    with _shown_as_it_is(body, client, deps), deps.session_factory.begin() as session:
        request = pressed_request(session, body)
        moved = decline_request(
            session,
            request_id=request.id,
            actor_id=payload.user_id(body),
            next_expert=next_expert(session, request=request, on=deps.today()),
        )
        if moved is None:  # one of a trio stepped aside: the others keep it, the message stays
            queue_refresh(session, request=request)
        else:
            queue_moved(session, moved=moved)
    if moved is None:
        _show(body, client, deps, request.id)
    elif not pass_on(client=client, session_factory=deps.session_factory, moved=moved).shown:
        tell_user(deps, client=client, body=body, key="msg.saved_pending")


def _open_request_modal(
    body: dict[str, Any], client: WebClient, deps: Deps, build: Callable[..., View]
) -> None:
    # Opened before anything else (the trigger dies in 3 s); who may use it is checked when
    # the modal is submitted.
    language: Language = deps.users.cached_language(payload.user_id(body))
    button = RequestButton.pressed(body)
    ref = RequestRef(request_id=button.request_id, language=language, generation=button.generation)
    open_modal(client, trigger_id=payload.trigger_id(body), view=build(language, metadata=ref))


# The modals a request's buttons open: reply (*Svar*), hand over, close (with an optional
# thank-you).
_MODALS: dict[str, Callable[..., View]] = {
    Action.REPLY: build_reply_modal,
    Action.HAND_OVER: build_hand_over_modal,
    Action.CLOSE_REQUEST: build_close_modal,
}


def handle_modal_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Open the reply, hand-over or close modal of the pressed request."""
    ack()
    _open_request_modal(body, client, deps, _pick(_MODALS, body))


def handle_i_can_help_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """The first colleague to offer help on a whole-team notice gets the request."""
    ack()
    # The press locks the request: one claim at a time. The notice then shows it taken.
    request = _change_in_place(
        body,
        client,
        deps,
        lambda session, request_id, actor_id: claim_team_request(
            session, request_id=request_id, helper_id=actor_id
        ),
    )
    deliver(client=client, session_factory=deps.session_factory, request_id=request.id)


def handle_retry_click(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """The requester retries a failed delivery; the notice says how it went."""
    ack()
    notice = retry_delivery(
        client=client,
        session_factory=deps.session_factory,
        request_id=RequestButton.pressed(body).request_id,
        user_id=payload.user_id(body),
    )
    respond(replace_original=True, text=notice.text, blocks=notice.blocks)


def handle_open_request_click(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """*Bed om sparring* on the App Home."""
    ack()
    open_request_modal(
        client=client,
        deps=deps,
        trigger_id=payload.trigger_id(body),
        user_id=payload.user_id(body),
        origin_channel_id=None,
    )
