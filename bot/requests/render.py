"""Showing a request's current state on its Slack messages, until Slack has it.

A change to a request marks its messages as wanting a new render (`queue_*`, in the change's
own transaction). A sender then claims each message, renders the request as it is *then* and
calls chat.update; a failure leaves the mark for the scheduled catch-up. chat.update is
idempotent, so the latest render wins and retrying is always safe.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import Block
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.requests.blocks import (
    build_compact_message,
    build_request_message,
    build_team_notice,
    request_fallback_text,
)
from bot.requests.service import Moved
from bot.slack.homes import want_home
from bot.slack.outbox import PERMANENT_ERRORS, claim_row
from models import MessageUpdate, SparringRequest, utcnow

log = logging.getLogger(__name__)

# Slack's answers after which no render will ever show: the message is given up.
_GIVE_UP = PERMANENT_ERRORS | {"message_not_found", "cant_update_message", "edit_window_closed"}
# A change that lands while its message is being sent is sent again at once, this many times.
_ROUNDS = 3


def queue_refresh(session: Session, *, request: SparringRequest) -> None:
    """Mark the request's message and its whole-team notice as due to show its current state,
    and the App Homes of everyone it concerns (its requester and all who held it)."""
    want_home(session, user_ids=[request.requester_id, *request.asked_ids])
    for channel_id, ts in (
        (request.channel_id, request.message_ts),
        (request.notice_channel_id, request.notice_ts),
    ):
        if channel_id and ts:
            _want(session, request_id=request.id, channel_id=channel_id, ts=ts)


def queue_moved(session: Session, *, moved: Moved) -> None:
    """After a move: the message it left loses its content, and its notice shows the change."""
    if moved.old_channel_id and moved.old_ts:
        _want(
            session, request_id=moved.request.id, channel_id=moved.old_channel_id, ts=moved.old_ts
        )
    queue_refresh(session, request=moved.request)


def queue_message(session: Session, *, request_id: int, channel_id: str, ts: str) -> None:
    """Mark one message of the request (e.g. a copy that lost a race) as due for a render."""
    _want(session, request_id=request_id, channel_id=channel_id, ts=ts)


def _want(session: Session, *, request_id: int, channel_id: str, ts: str) -> None:
    bump = (
        update(MessageUpdate)
        .where(MessageUpdate.channel_id == channel_id, MessageUpdate.ts == ts)
        .values(wanted=MessageUpdate.wanted + 1, request_id=request_id)
        .execution_options(synchronize_session=False)
    )
    if session.execute(bump).rowcount:  # type: ignore[attr-defined]
        return
    try:
        with session.begin_nested():
            session.add(MessageUpdate(request_id=request_id, channel_id=channel_id, ts=ts))
    except IntegrityError:  # another transaction added it first
        session.execute(bump)


def render(request: SparringRequest, *, channel_id: str, ts: str) -> tuple[str, list[Block]]:
    """The text and blocks of one of the request's messages, from its state now."""
    language = request.language
    if (channel_id, ts) == (request.notice_channel_id, request.notice_ts):
        text = t("msg.team_notice_fallback", language, requester=request.requester_id)
        return text, build_team_notice(request, helper=request.accepted_by)
    if (channel_id, ts) == (request.channel_id, request.message_ts):
        return request_fallback_text(request), build_request_message(request)
    # A message the request has left: its content goes.
    return t("msg.moved", language), build_compact_message(request, moved=True)


def show_request(
    *,
    client: WebClient,
    session_factory: sessionmaker[Session],
    request_id: int,
    now: datetime | None = None,
) -> bool:
    """Bring the request's messages up to date in Slack now; False when Slack did not take
    every update (they stay due, and the scheduled catch-up retries them)."""
    return _show(client, session_factory, request_id=request_id, now=now) == 0


def show_pending(
    *, client: WebClient, session_factory: sessionmaker[Session], now: datetime | None = None
) -> int:
    """The scheduled catch-up: try every message still due; returns how many are left due."""
    return _show(client, session_factory, request_id=None, now=now)


def _show(
    client: WebClient,
    session_factory: sessionmaker[Session],
    *,
    request_id: int | None,
    now: datetime | None,
) -> int:
    started, began = now or utcnow(), time.monotonic()
    failed: set[int] = set()
    for _ in range(_ROUNDS):
        with session_factory() as session:
            query = select(MessageUpdate.id).where(MessageUpdate.shown < MessageUpdate.wanted)
            if request_id is not None:
                query = query.where(MessageUpdate.request_id == request_id)
            due = [i for i in session.scalars(query.order_by(MessageUpdate.id)) if i not in failed]
        if not due:
            break
        for update_id in due:
            at = started + timedelta(seconds=time.monotonic() - began)
            if not _show_one(client, session_factory, update_id=update_id, now=at):
                failed.add(update_id)
    return len(failed)


def _claim(session: Session, *, update_id: int, now: datetime) -> MessageUpdate | None:
    return claim_row(
        session, MessageUpdate, update_id, MessageUpdate.shown < MessageUpdate.wanted, now=now
    )


def _show_one(
    client: WebClient, session_factory: sessionmaker[Session], *, update_id: int, now: datetime
) -> bool:
    """Render and send one message; False when Slack failed and it stays due."""
    with session_factory.begin() as session:
        claimed = _claim(session, update_id=update_id, now=now)
        if claimed is None:
            return True  # shown already, or another sender is on it and will re-check
        request = session.get(SparringRequest, claimed.request_id)
        assert request is not None  # the row goes with its request
        text, blocks = render(request, channel_id=claimed.channel_id, ts=claimed.ts)
        channel_id, ts, wanted = claimed.channel_id, claimed.ts, claimed.wanted
        request_id = request.id
    try:
        client.chat_update(channel=channel_id, ts=ts, text=text, blocks=blocks)
    except (SlackApiError, SlackClientError, OSError) as error:
        code = (
            str(error.response.get("error") or f"http_{error.response.status_code}")
            if isinstance(error, SlackApiError)
            else type(error).__name__
        )
        with session_factory.begin() as session:
            stored = session.get(MessageUpdate, update_id)
            assert stored is not None
            stored.claimed_at, stored.last_error = None, code[:64]
            if code in _GIVE_UP:
                stored.shown = stored.wanted
        log.warning("message %s of request %s not updated: %s", update_id, request_id, code)
        return code in _GIVE_UP
    with session_factory.begin() as session:
        stored = session.get(MessageUpdate, update_id)
        assert stored is not None
        stored.claimed_at, stored.last_error = None, None
        stored.shown = max(stored.shown, wanted)
    return True


def refresh_request_message(*, client: WebClient, request: SparringRequest) -> None:
    """Show the request's current state on its message and notice at once (retention, which
    retries by itself until Slack is clean); raises Slack's errors."""
    for channel_id, ts in (
        (request.channel_id, request.message_ts),
        (request.notice_channel_id, request.notice_ts),
    ):
        if channel_id and ts:
            text, blocks = render(request, channel_id=channel_id, ts=ts)
            client.chat_update(channel=channel_id, ts=ts, text=text, blocks=blocks)
