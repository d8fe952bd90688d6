"""Buttons on messages and in the App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.app import Deps
from bot.blocks import build_delivery_failed, mention_list
from bot.delivery import Delivery, deliver_request
from bot.errors import NotAllowed, SparringError
from bot.flows import open_request_modal, refresh_request_message
from bot.i18n import t
from bot.ids import Action
from bot.request_service import close_request, get_request
from handlers.errors import tell_refusal


def register(app: App, deps: Deps) -> None:
    """Register button listeners."""

    @app.action(Action.CLOSE_REQUEST)
    def handle_close_click(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id = body["user"]["id"]
        try:
            with deps.session_factory.begin() as session:
                request = close_request(session, request_id=_request_id(body), actor_id=user_id)
        except SparringError as error:
            tell_refusal(deps, client=client, body=body, error=error)
            return
        refresh_request_message(client=client, request=request)
        if request.channel_id:
            client.chat_postEphemeral(
                channel=request.channel_id,
                user=user_id,
                thread_ts=request.message_ts,
                text=t("msg.closed_reminder", request.language),
            )

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
                raise NotAllowed(f"retry of request {request_id}")
        except SparringError as error:
            tell_refusal(deps, client=client, body=body, error=error)
            return
        outcome = deliver_request(
            client=client, session_factory=deps.session_factory, request_id=request_id
        )
        language = request.language
        recipients = mention_list(request.recipient_ids)
        if outcome is Delivery.FAILED:
            blocks = build_delivery_failed(
                language, request_id=request_id, recipients=request.recipient_ids
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


def _request_id(body: dict[str, Any]) -> int:
    return int(body["actions"][0]["value"])
