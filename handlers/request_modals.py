"""Submissions of the modals that act on one request: reply, close with thanks, hand over."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import SectionBlock

from bot.core.errors import NotAllowed, SparringError
from bot.core.i18n import t
from bot.core.privacy import contains_cpr
from bot.deps import Deps
from bot.requests.form import RequestRef
from bot.requests.render import refresh_request_message
from bot.requests.service import (
    check_pressed,
    close_request,
    get_request,
    hand_over_request,
    record_answer,
    record_bot_post,
)
from bot.slack.client import quick_client
from bot.slack.dedupe import claim_event, release_event
from bot.slack.ids import Action, Block, Callback
from bot.slack.mrkdwn import escape, join_people
from bot.slack.state import selected_user, text_value
from handlers.actions import pass_on
from handlers.views import colleague_problem
from models import LIVE_STATUSES


def register(app: App, deps: Deps) -> None:
    """Register the request modals' submission listeners."""

    def first_submission(view: dict[str, Any]) -> bool:
        """Slack can deliver one submission twice (a double click): act on the first only."""
        with deps.session_factory.begin() as session:
            return claim_event(session, event_id=f"view:{view['id']}:{view.get('hash', '')}")

    def forget_submission(view: dict[str, Any]) -> None:
        with deps.session_factory.begin() as session:
            release_event(session, event_id=f"view:{view['id']}:{view.get('hash', '')}")

    def refuse(ack: Ack, block: Block, ref: RequestRef, error: SparringError) -> None:
        ack(response_action="errors", errors={block: t(error.key, ref.language, **error.values)})

    @app.view(Callback.REPLY)
    def handle_reply_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        ref = RequestRef.model_validate_json(view["private_metadata"])
        user_id = body["user"]["id"]
        answer = text_value(view["state"]["values"], Block.ANSWER, Action.ANSWER)
        if not answer or contains_cpr(answer):
            key = "error.cpr" if answer else "error.answer_missing"
            ack(response_action="errors", errors={Block.ANSWER: t(key, ref.language)})
            return
        try:
            with deps.session_factory() as session:
                request = check_pressed(
                    session, request_id=ref.request_id, generation=ref.generation
                )
            if request.status not in LIVE_STATUSES or request.message_ts is None:
                raise NotAllowed(
                    f"reply to {request.id} in {request.status}", key="msg.already_closed"
                )
            if user_id not in request.recipient_ids:
                raise NotAllowed(f"{user_id} does not hold {request.id}")
        except SparringError as error:
            refuse(ack, Block.ANSWER, ref, error)
            return
        if not first_submission(view):
            ack()  # the same modal submitted twice: the first one posts
            return
        # Posted before the ack, so if Slack fails the modal stays open with the answer in it;
        # no retries, so the ack still comes within Slack's 3 seconds.
        try:
            posted = quick_client(client).chat_postMessage(
                channel=request.channel_id,
                thread_ts=request.message_ts,
                # The notification text carries no case content; the answer is in the blocks.
                text=t("msg.answer_fallback", request.language, author=user_id),
                blocks=[
                    SectionBlock(
                        text=t("msg.answer", request.language, author=user_id, text=escape(answer))
                    )
                ],
            )
        except (SlackApiError, SlackClientError, OSError):
            forget_submission(view)
            ack(response_action="errors", errors={Block.ANSWER: t("error.not_sent", ref.language)})
            return
        ack()
        with deps.session_factory.begin() as session:
            stored = get_request(session, request_id=ref.request_id)
            changed = record_answer(
                session,
                request=stored,
                author_id=user_id,
                ts=posted["ts"],
                posted_in=posted["channel"],
            )
        if changed is not None:
            refresh_request_message(client=client, request=changed)

    @app.view(Callback.CLOSE)
    def handle_close_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        ref = RequestRef.model_validate_json(view["private_metadata"])
        user_id = body["user"]["id"]
        thanks = text_value(view["state"]["values"], Block.THANKS, Action.THANKS)
        if thanks and contains_cpr(thanks):
            ack(response_action="errors", errors={Block.THANKS: t("error.cpr", ref.language)})
            return
        if not first_submission(view):
            ack()
            return
        try:
            with deps.session_factory.begin() as session:
                check_pressed(session, request_id=ref.request_id, generation=ref.generation)
                request = close_request(session, request_id=ref.request_id, actor_id=user_id)
        except SparringError as error:
            refuse(ack, Block.THANKS, ref, error)
            return
        ack()
        refresh_request_message(client=client, request=request)
        if request.channel_id is None:
            return
        helpers = [
            h for h in (request.accepted_by, request.answered_by) if h
        ] or request.recipient_ids
        if thanks and helpers:
            said = t(
                "msg.thanks",
                request.language,
                requester=user_id,
                helpers=join_people(request.language, list(dict.fromkeys(helpers))),
                text=escape(thanks),
            )
            posted = client.chat_postMessage(
                channel=request.channel_id,
                thread_ts=request.message_ts,
                text=t("msg.thanks_fallback", request.language, requester=user_id),
                blocks=[SectionBlock(text=said)],
            )
            with deps.session_factory.begin() as session:
                record_bot_post(
                    session, request_id=request.id, channel_id=posted["channel"], ts=posted["ts"]
                )
        client.chat_postEphemeral(
            channel=request.channel_id,
            user=user_id,
            thread_ts=request.message_ts,
            text=t("msg.closed_reminder", request.language),
        )

    @app.view(Callback.HAND_OVER)
    def handle_hand_over_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        ref = RequestRef.model_validate_json(view["private_metadata"])
        user_id = body["user"]["id"]
        new_holder = selected_user(view["state"]["values"], Block.NEW_HOLDER, Action.NEW_HOLDER)
        problem = "error.colleague_missing" if not new_holder else None
        if new_holder and new_holder == user_id:
            problem = "error.self"
        problem = problem or colleague_problem(deps.users, new_holder or "")
        if problem:
            ack(response_action="errors", errors={Block.NEW_HOLDER: t(problem, ref.language)})
            return
        assert new_holder is not None
        try:
            with deps.session_factory.begin() as session:
                request = check_pressed(
                    session, request_id=ref.request_id, generation=ref.generation
                )
                if new_holder == request.requester_id:
                    raise NotAllowed("hand to requester", key="error.to_requester")
                moved = hand_over_request(
                    session, request_id=ref.request_id, actor_id=user_id, to_user=new_holder
                )
        except SparringError as error:
            refuse(ack, Block.NEW_HOLDER, ref, error)
            return
        ack()
        pass_on(deps, client, moved)
