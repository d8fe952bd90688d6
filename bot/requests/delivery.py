"""Posting a stored request to its people, exactly once, and telling the requester if it fails."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import Block
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import NotAllowed, RequestNotFound
from bot.core.i18n import t
from bot.meetings.service import queued_key
from bot.requests.blocks import (
    build_delivery_failed,
    build_request_message,
    build_team_notice,
    request_fallback_text,
)
from bot.requests.choices import Route
from bot.requests.render import queue_message, show_request
from bot.requests.service import (
    Moved,
    claim_delivery,
    get_request,
    mark_delivered,
    mark_delivery_failed,
    mark_notice_posted,
    release_delivery,
)
from bot.slack import outbox
from bot.slack.mrkdwn import mention_list
from bot.slack.outbox import PERMANENT_ERRORS
from bot.slack.posting import post_once
from models import SparringRequest

log = logging.getLogger(__name__)


class Delivery(Enum):
    """How an attempt to deliver went."""

    DELIVERED = "delivered"
    ALREADY_DELIVERED = "already_delivered"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"


def deliver_request(
    *, client: WebClient, session_factory: sessionmaker[Session], request_id: int
) -> Delivery:
    """Post the request to the people who hold it, once: a group conversation of requester and
    recipients (the requester alone when it came back), or, for a whole-team request nobody
    has taken yet, a notice without case content in the team channel. A case for the team
    meeting is posted nowhere: it waits in the meeting's queue, and the requester hears its
    place (queued with it)."""
    with session_factory() as session:
        # The route alone: loading the whole request would decrypt its case text for nothing.
        route = session.scalar(
            select(SparringRequest.route).where(SparringRequest.id == request_id)
        )
    if route is None:
        raise RequestNotFound(f"request {request_id}")
    if route == Route.MEETING:
        # The case is queued either way; a note Slack refused now is retried by the catch-up.
        outbox.send_key(client=client, session_factory=session_factory, key=queued_key(request_id))
        return Delivery.DELIVERED
    with session_factory.begin() as session:
        request = claim_delivery(session, request_id=request_id)
        if request is None:
            delivered = get_request(session, request_id=request_id).message_ts is not None
            return Delivery.ALREADY_DELIVERED if delivered else Delivery.IN_PROGRESS
        team_notice = request.route == Route.TEAM and not request.asked_ids
        if team_notice and request.notice_ts is not None:
            release_delivery(session, request_id=request_id)
            return Delivery.ALREADY_DELIVERED
        team_channel = request.team.channel_id if request.team else None
        generation = request.delivery_generation
        # The key in the post's metadata: a retry finds a copy Slack stored but did not confirm.
        key = f"notice:{request_id}" if team_notice else f"request:{request_id}:{generation}"
        retrying = request.delivery_error is not None
        if team_notice and team_channel is None:
            mark_delivery_failed(session, request_id=request_id, error="no_team")
            return Delivery.FAILED
    try:
        if team_notice and team_channel is not None:
            channel_id = team_channel
            blocks = build_team_notice(request)
            text = t("msg.team_notice_fallback", request.language, requester=request.requester_id)
        else:
            people = [request.requester_id, *request.recipient_ids]
            channel_id = client.conversations_open(users=",".join(people))["channel"]["id"]
            blocks, text = build_request_message(request), request_fallback_text(request)
        posted = post_once(
            client, channel_id=channel_id, key=key, text=text, blocks=blocks, look_first=retrying
        )
    except (SlackApiError, SlackClientError, OSError) as error:
        code = _error_code(error)
        log.warning("request %s not delivered: %s", request_id, code)
        with session_factory.begin() as session:
            mark_delivery_failed(session, request_id=request_id, error=code)
        return Delivery.FAILED
    with session_factory.begin() as session:
        if team_notice:
            mark_notice_posted(session, request_id=request_id, channel_id=channel_id, ts=posted.ts)
            current = True
        else:
            current = mark_delivered(
                session,
                request_id=request_id,
                channel_id=channel_id,
                ts=posted.ts,
                generation=generation,
            )
        if not current:
            # The request moved on while this copy was being posted: empty it again.
            queue_message(session, request_id=request_id, channel_id=channel_id, ts=posted.ts)
    if not current:
        show_request(client=client, session_factory=session_factory, request_id=request_id)
        return Delivery.ALREADY_DELIVERED
    log.info("request %s delivered", request_id)
    return Delivery.DELIVERED


def tell_delivery_failed(*, client: WebClient, request: SparringRequest) -> None:
    """Tell the requester, where they typed the command if possible, else in the app's DM."""
    permanent = request.delivery_error in PERMANENT_ERRORS
    blocks = build_delivery_failed(
        request.language,
        request_id=request.id,
        recipients=request.recipient_ids,
        permanent=permanent,
    )
    key = "msg.delivery_impossible" if permanent else "msg.delivery_failed"
    text = t(key, request.language, recipients=mention_list(request.recipient_ids))
    if request.origin_channel_id:
        try:
            client.chat_postEphemeral(
                channel=request.origin_channel_id,
                user=request.requester_id,
                text=text,
                blocks=blocks,
            )
            return
        except SlackApiError as error:
            log.info("ephemeral notice failed (%s); using the app DM", _error_code(error))
    client.chat_postMessage(channel=request.requester_id, text=text, blocks=blocks)


def _error_code(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or f"http_{error.response.status_code}")
    return type(error).__name__


def deliver(
    *, client: WebClient, session_factory: sessionmaker[Session], request_id: int
) -> Delivery:
    """Deliver the request; if Slack fails, tell the requester and offer a retry."""
    outcome = deliver_request(client=client, session_factory=session_factory, request_id=request_id)
    if outcome is Delivery.FAILED:
        with session_factory() as session:
            stored = get_request(session, request_id=request_id)
        tell_delivery_failed(client=client, request=stored)
    return outcome


@dataclass(frozen=True)
class PassedOn:
    """How passing a request on went: whether Slack took the message updates now, and how
    the delivery to the new holder went."""

    shown: bool
    delivery: Delivery


def pass_on(*, client: WebClient, session_factory: sessionmaker[Session], moved: Moved) -> PassedOn:
    """After a request moved (its messages queued with `queue_moved` in the same transaction):
    empty the message it left, show the change on its notice, deliver it to its new holder.
    Updates Slack did not take now are retried by the scheduled catch-up."""
    request_id = moved.request.id
    shown = show_request(client=client, session_factory=session_factory, request_id=request_id)
    delivery = deliver(client=client, session_factory=session_factory, request_id=request_id)
    return PassedOn(shown, delivery)


@dataclass(frozen=True)
class RetryNotice:
    """What replaces the delivery-failed notice after the requester pressed *Prøv igen*."""

    text: str
    blocks: list[Block] | None = None


_RETRIED = {
    Delivery.DELIVERED: "msg.delivery_retried",
    Delivery.ALREADY_DELIVERED: "msg.delivery_done",
    Delivery.IN_PROGRESS: "msg.delivery_busy",
}


def retry_delivery(
    *, client: WebClient, session_factory: sessionmaker[Session], request_id: int, user_id: str
) -> RetryNotice:
    """The requester tries a failed delivery again; only the requester may."""
    with session_factory() as session:
        request = get_request(session, request_id=request_id)
    if user_id != request.requester_id:
        raise NotAllowed(f"retry of request {request_id}", key="msg.only_requester")
    outcome = deliver_request(client=client, session_factory=session_factory, request_id=request_id)
    recipients = mention_list(request.recipient_ids)
    if outcome is not Delivery.FAILED:
        return RetryNotice(t(_RETRIED[outcome], request.language, recipients=recipients))
    with session_factory() as session:
        error = get_request(session, request_id=request_id).delivery_error
    blocks = build_delivery_failed(
        request.language,
        request_id=request_id,
        recipients=request.recipient_ids,
        permanent=error in PERMANENT_ERRORS,
    )
    return RetryNotice(t("msg.delivery_failed", request.language, recipients=recipients), blocks)
