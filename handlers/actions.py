"""Buttons on request messages, whole-team notices, delivery notices and the App Home."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.core.errors import NotAllowed, SparringError
from bot.core.i18n import Language, t
from bot.deps import Deps
from bot.requests.blocks import build_delivery_failed
from bot.requests.choices import Route
from bot.requests.compose import open_request_modal
from bot.requests.delivery import Delivery, deliver_request, retire_message, tell_delivery_failed
from bot.requests.form import RequestRef
from bot.requests.modals import build_close_modal, build_hand_over_modal, build_reply_modal
from bot.requests.render import refresh_request_message
from bot.requests.routing import choose_expert, expert_candidates
from bot.requests.service import (
    Moved,
    accept_request,
    check_pressed,
    claim_team_request,
    decline_request,
    get_request,
    withdraw_request,
)
from bot.slack.ids import Action
from bot.slack.mrkdwn import mention_list
from bot.slack.outbox import PERMANENT_ERRORS
from handlers.errors import tell_refusal
from models import SparringRequest


def register(app: App, deps: Deps) -> None:
    """Register button listeners."""

    def refused(client: WebClient, body: dict[str, Any], error: SparringError) -> None:
        tell_refusal(deps, client=client, body=body, error=error)

    def state_button(change: Callable[..., SparringRequest]) -> Callable[..., None]:
        """A button that changes the request's state in place and re-renders its message."""

        def handle(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            try:
                with deps.session_factory.begin() as session:
                    pressed = _pressed(session, body)
                    request = change(session, request_id=pressed.id, actor_id=body["user"]["id"])
            except SparringError as error:
                refused(client, body, error)
                return
            refresh_request_message(client=client, request=request)

        return handle

    app.action(Action.ACCEPT)(state_button(accept_request))
    app.action(Action.WITHDRAW)(state_button(withdraw_request))

    @app.action(Action.DECLINE)
    def handle_decline_click(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id = body["user"]["id"]
        try:
            with deps.session_factory.begin() as session:
                request = _pressed(session, body)
                request_id = request.id
                next_expert = None
                if request.route == Route.EXPERT and request.team and request.topic_id:
                    chosen = choose_expert(
                        expert_candidates(
                            session,
                            team=request.team,
                            topic_id=request.topic_id,
                            exclude=[request.requester_id, *request.asked_ids],
                            on=deps.today(),
                        )
                    )
                    next_expert = chosen.user_id if chosen else None
                moved = decline_request(
                    session, request_id=request_id, actor_id=user_id, next_expert=next_expert
                )
        except SparringError as error:
            refused(client, body, error)
            return
        pass_on(deps, client, moved)

    def modal_button(build: Callable[[Language, RequestRef], View]) -> Callable[..., None]:
        def handle(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            # Opened before anything else (the trigger dies in 3 s); who may use it is checked
            # when the modal is submitted.
            language = deps.users.cached_language(body["user"]["id"])
            request_id, generation = _button_value(body)
            ref = RequestRef(request_id=request_id, language=language, generation=generation)
            client.views_open(trigger_id=body["trigger_id"], view=build(language, ref))

        return handle

    app.action(Action.REPLY)(
        modal_button(lambda language, ref: build_reply_modal(language, metadata=ref))
    )
    app.action(Action.HAND_OVER)(
        modal_button(lambda language, ref: build_hand_over_modal(language, metadata=ref))
    )
    app.action(Action.CLOSE_REQUEST)(
        modal_button(lambda language, ref: build_close_modal(language, metadata=ref))
    )

    @app.action(Action.I_CAN_HELP)
    def handle_i_can_help_click(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        try:
            with deps.session_factory.begin() as session:
                pressed = _pressed(session, body)  # locks the request: one claim at a time
                request = claim_team_request(
                    session, request_id=pressed.id, helper_id=body["user"]["id"]
                )
        except SparringError as error:
            refused(client, body, error)
            return
        refresh_request_message(client=client, request=request)  # the notice shows it taken
        deliver(deps, client, request.id)

    @app.action(Action.RETRY_DELIVERY)
    def handle_retry_click(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        request_id = _request_id(body)
        try:
            with deps.session_factory() as session:
                request = get_request(session, request_id=request_id)
            if body["user"]["id"] != request.requester_id:
                raise NotAllowed(f"retry of request {request_id}", key="msg.only_requester")
        except SparringError as error:
            refused(client, body, error)
            return
        outcome = deliver_request(
            client=client, session_factory=deps.session_factory, request_id=request_id
        )
        language = request.language
        recipients = mention_list(request.recipient_ids)
        if outcome is Delivery.FAILED:
            with deps.session_factory() as session:
                error = get_request(session, request_id=request_id).delivery_error
            blocks = build_delivery_failed(
                language,
                request_id=request_id,
                recipients=request.recipient_ids,
                permanent=error in PERMANENT_ERRORS,
            )
            text = t("msg.delivery_failed", language, recipients=recipients)
            respond(replace_original=True, text=text, blocks=blocks)
            return
        key = {
            Delivery.DELIVERED: "msg.delivery_retried",
            Delivery.ALREADY_DELIVERED: "msg.delivery_done",
            Delivery.IN_PROGRESS: "msg.delivery_busy",
        }[outcome]
        respond(replace_original=True, text=t(key, language, recipients=recipients))

    @app.action(Action.OPEN_REQUEST_MODAL)
    def handle_open_request_click(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_request_modal(
            client=client,
            deps=deps,
            trigger_id=body["trigger_id"],
            user_id=body["user"]["id"],
            origin_channel_id=None,
        )


def deliver(deps: Deps, client: WebClient, request_id: int) -> None:
    """Deliver the request; if Slack fails, tell the requester and offer a retry."""
    outcome = deliver_request(
        client=client, session_factory=deps.session_factory, request_id=request_id
    )
    if outcome is Delivery.FAILED:
        with deps.session_factory() as session:
            stored = get_request(session, request_id=request_id)
        tell_delivery_failed(client=client, request=stored)


def pass_on(deps: Deps, client: WebClient, moved: Moved) -> None:
    """After a request moved: empty the message it left, then deliver it to its new holder."""
    retire_message(client=client, request=moved.request, moved=moved)
    deliver(deps, client, moved.request.id)
    if moved.request.notice_ts:  # a whole-team notice now shows who has it
        refresh_request_message(client=client, request=moved.request)


def _button_value(body: dict[str, Any]) -> tuple[int, int | None]:
    """The request id in a button's value, and the generation request messages add to it."""
    request_id, _, generation = str(body["actions"][0]["value"]).partition(":")
    return int(request_id), int(generation) if generation else None


def _request_id(body: dict[str, Any]) -> int:
    return _button_value(body)[0]


def _pressed(session: Session, body: dict[str, Any]) -> SparringRequest:
    """The request whose message button was pressed, if that message is still current."""
    request_id, generation = _button_value(body)
    container = body.get("container") or {}
    return check_pressed(
        session,
        request_id=request_id,
        generation=generation,
        channel_id=container.get("channel_id"),
        ts=container.get("message_ts"),
    )
