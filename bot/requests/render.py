"""Showing a request's current state on its Slack messages, until Slack has it.

A change to a request marks its messages as wanting a new render (`queue_*`, in the change's
own transaction). A sender then claims each message, renders the request as it is *then* and
calls chat.update; a failure leaves the mark for the scheduled catch-up (bot/slack/updates.py).
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.models.blocks import Block
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
from bot.slack.installations import Clients
from bot.slack.updates import Rendered, Updates, want_update
from models import MessageUpdate, SparringRequest


def queue_refresh(session: Session, *, request: SparringRequest) -> None:
    """Mark the request's message and its whole-team notice as due to show its current state,
    and the App Homes of everyone it concerns (its requester and all who held it)."""
    want_home(session, user_ids=[request.requester_id, *request.asked_ids])
    for channel_id, ts in (
        (request.channel_id, request.message_ts),
        (request.notice_channel_id, request.notice_ts),
    ):
        if channel_id and ts:
            want_update(session, request_id=request.id, channel_id=channel_id, ts=ts)


def queue_moved(session: Session, *, moved: Moved) -> None:
    """After a move: the message it left loses its content, and its notice shows the change."""
    if moved.old_channel_id and moved.old_ts:
        want_update(
            session, request_id=moved.request.id, channel_id=moved.old_channel_id, ts=moved.old_ts
        )
    queue_refresh(session, request=moved.request)


def queue_message(session: Session, *, request_id: int, channel_id: str, ts: str) -> None:
    """Mark one message of the request (e.g. a copy that lost a race) as due for a render."""
    want_update(session, request_id=request_id, channel_id=channel_id, ts=ts)


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


def _render_row(session: Session, row: MessageUpdate) -> Rendered:
    request = session.get(SparringRequest, row.request_id)
    assert request is not None  # the row goes with its request
    text, blocks = render(request, channel_id=row.channel_id, ts=row.ts)
    workspace_id = request.team.workspace_id if request.team is not None else None
    return Rendered(text, blocks, workspace_id)


# The request's messages, brought up to date through message_updates (bot/slack/updates.py).
REQUEST_UPDATES = Updates(MessageUpdate.request_id, _render_row)


def show_request(
    *,
    client: WebClient | Clients,
    session_factory: sessionmaker[Session],
    request_id: int,
    now: datetime | None = None,
) -> bool:
    """Bring the request's messages up to date in Slack now; False when Slack did not take
    every update (they stay due, and the scheduled catch-up retries them)."""
    return REQUEST_UPDATES.due(client, session_factory, request_id, now=now) == 0


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
