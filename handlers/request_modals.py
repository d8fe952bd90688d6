"""Submissions of the modals that act on one request: reply, close with thanks, hand over."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.core.errors import SparringError
from bot.core.i18n import t
from bot.deps import Deps
from bot.privacy.confirm import confirm_step
from bot.privacy.cpr import contains_cpr
from bot.requests.delivery import pass_on
from bot.requests.form import RequestRef
from bot.requests.holders import hand_over_request
from bot.requests.render import queue_moved
from bot.requests.routing import hand_over_problem
from bot.requests.service import check_pressed, close_request, record_confirmation
from bot.requests.thread import (
    answerable,
    post_answer,
    queue_closed,
    record_posted_answer,
    show_closed,
)
from bot.slack import payload
from bot.slack.dedupe import claim_submission, release_submission
from bot.slack.ids import Action, Block, Callback
from bot.slack.listeners import listener, tell_user
from bot.slack.state import State, selected_user, text_value


def register(app: App, deps: Deps) -> None:
    """Register the request modals' submission listeners."""
    # A refusal (not allowed, already closed, moved on) is shown under the modal's one input.
    app.view(Callback.REPLY)(listener(handle_reply_submission, deps, block=Block.ANSWER))
    app.view(Callback.CLOSE)(listener(handle_close_submission, deps, block=Block.THANKS))
    app.view(Callback.HAND_OVER)(
        listener(handle_hand_over_submission, deps, block=Block.NEW_HOLDER)
    )


def handle_reply_submission(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Post the holder's answer in the thread before acking, so a failure keeps the modal open."""
    view, ref, user_id, state, answer = _submitted(body, Block.ANSWER, Action.ANSWER)
    if not answer or contains_cpr(answer):
        key = "error.cpr" if answer else "error.answer_missing"
        ack(response_action="errors", errors={Block.ANSWER: t(key, ref.language)})
        return
    step = confirm_step(view, state, [answer], language=ref.language)
    if step.warning is not None:  # a probable name, phone, e-mail or address
        ack(response_action="update", view=step.warning)
        return
    request = answerable(deps.session_factory, ref=ref, user_id=user_id)
    if not claim_submission(deps.session_factory, view=view):
        return  # the same modal submitted twice: the first one posts
    try:
        posted = post_answer(
            client, request=request, author_id=user_id, answer=answer, key=f"answer:{view['id']}"
        )
    except (SlackApiError, SlackClientError, OSError):
        release_submission(deps.session_factory, view=view)
        ack(response_action="errors", errors={Block.ANSWER: t("error.not_sent", ref.language)})
        return
    ack()
    if not record_posted_answer(
        client,
        deps.session_factory,
        request_id=request.id,
        author_id=user_id,
        posted=posted,
        confirmed=step.confirmed,
    ):
        tell_user(deps, client=client, body=body, key="msg.saved_pending")


def handle_close_submission(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """The requester closes the request, with an optional thank-you to whoever helped."""
    view, ref, user_id, state, thanks = _submitted(body, Block.THANKS, Action.THANKS)
    if thanks and contains_cpr(thanks):
        ack(response_action="errors", errors={Block.THANKS: t("error.cpr", ref.language)})
        return
    step = confirm_step(view, state, [thanks], language=ref.language)
    if step.warning is not None:
        ack(response_action="update", view=step.warning)
        return
    if not claim_submission(deps.session_factory, view=view):
        return
    try:
        with deps.session_factory.begin() as session:
            check_pressed(session, request_id=ref.request_id, generation=ref.generation)
            request = close_request(session, request_id=ref.request_id, actor_id=user_id)
            queue_closed(session, request=request, requester_id=user_id, thanks=thanks)
            if step.confirmed:
                record_confirmation(session, request=request, actor_id=user_id)
    except SparringError:
        # Refused (not the requester, moved on): the modal stays open, so a second try counts.
        release_submission(deps.session_factory, view=view)
        raise
    ack()
    show_closed(
        client=client, session_factory=deps.session_factory, request=request, requester_id=user_id
    )


def handle_hand_over_submission(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """The holder (or the requester) gives the request to a named colleague."""
    view = payload.view_of(body)
    ref, user_id = RequestRef.load(view), payload.user_id(body)
    new_holder = selected_user(payload.view_state(view), Block.NEW_HOLDER, Action.NEW_HOLDER)
    problem = hand_over_problem(deps.users, actor_id=user_id, new_holder=new_holder)
    if problem or not new_holder:
        key = problem or "error.colleague_missing"
        ack(response_action="errors", errors={Block.NEW_HOLDER: t(key, ref.language)})
        return
    with deps.session_factory.begin() as session:
        check_pressed(session, request_id=ref.request_id, generation=ref.generation)
        moved = hand_over_request(
            session, request_id=ref.request_id, actor_id=user_id, to_user=new_holder
        )
        queue_moved(session, moved=moved)
    ack()
    if not pass_on(client=client, session_factory=deps.session_factory, moved=moved).shown:
        tell_user(deps, client=client, body=body, key="msg.saved_pending")


def _submitted(
    body: dict[str, Any], block: Block, action: Action
) -> tuple[dict[str, Any], RequestRef, str, State, str | None]:
    """A submitted modal about one request: the view, its request, who submitted, the state
    and the text of its one text field."""
    view = payload.view_of(body)
    ref, user_id = RequestRef.load(view), payload.user_id(body)
    payload.view_id(view)  # the key that makes a double submission count once
    state = payload.view_state(view)
    return view, ref, user_id, state, text_value(state, block, action)
