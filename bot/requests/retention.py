"""Deleting case content after the team's retention period (PRODUCT.md §5).

A closed or expired request keeps its metadata (who, when, topic, status) for statistics; its
ICS text and question are emptied, its Slack message is reduced to a line without content, and
what the bot posted in its thread (answers through the reply modal, thank-you notes) is deleted.
Text people typed themselves in Slack cannot be deleted by a bot token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.requests.render import refresh_request_message
from bot.slack.installations import Clients, pick
from models import OutboxMessage, SparringRequest

log = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 14


@dataclass(frozen=True)
class Cleared:
    """A request whose content was deleted, and the bot's own thread posts to delete in Slack."""

    request: SparringRequest
    bot_posts: list[tuple[str, str]]


def clear_content(session: Session, *, request: SparringRequest, now: datetime) -> Cleared:
    """Empty the request's case text now; metadata stays."""
    request.child_text = request.parenting_text = request.family_text = None
    request.question_text = None
    request.content_deleted_at = now
    # A thank-you Slack never took is not posted after the content is gone.
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.request_id == request.id, OutboxMessage.posted_at.is_(None))
        .values(text="", blocks=None, abandoned_at=now, last_error="content_deleted")
        .execution_options(synchronize_session=False)
    )
    posts = [(r.channel_id, r.ts) for r in request.replies if r.posted_by_bot and r.channel_id]
    session.flush()
    return Cleared(request, posts)


def due_for_clearing(session: Session, *, now: datetime) -> list[SparringRequest]:
    """Closed requests whose team's retention period has passed and whose text is still here."""
    candidates = session.scalars(
        select(SparringRequest)
        .where(SparringRequest.closed_at.is_not(None), SparringRequest.content_deleted_at.is_(None))
        .order_by(SparringRequest.id)
    )
    due = []
    for request in candidates:
        days = request.team.retention_days if request.team else DEFAULT_RETENTION_DAYS
        assert request.closed_at is not None
        if request.closed_at <= now - timedelta(days=days):
            due.append(request)
    return due


def clear_due(session: Session, *, now: datetime) -> list[Cleared]:
    """Clear every closed request whose team's retention period has passed."""
    return [
        clear_content(session, request=request, now=now)
        for request in due_for_clearing(session, now=now)
    ]


def slack_pending(session: Session) -> list[Cleared]:
    """Requests whose content is deleted here but not yet cleaned out of Slack."""
    requests = session.scalars(
        select(SparringRequest).where(
            SparringRequest.content_deleted_at.is_not(None),
            SparringRequest.slack_cleared_at.is_(None),
        )
    )
    return [
        Cleared(r, [(p.channel_id, p.ts) for p in r.replies if p.posted_by_bot and p.channel_id])
        for r in requests
    ]


@dataclass
class Purged:
    """What one retention run did: requests whose case text was deleted in the database, and
    requests cleaned in Slack or still waiting for Slack (tried again on the next run)."""

    deleted: list[int] = field(default_factory=list)
    cleaned: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def purge(
    *, client: WebClient | Clients, session_factory: sessionmaker[Session], now: datetime
) -> Purged:
    """The scheduled check: delete due content in the database at once, then clean Slack; a
    request whose Slack cleanup fails is tried again on the next run."""
    purged = Purged()
    with session_factory.begin() as session:
        purged.deleted = [cleared.request.id for cleared in clear_due(session, now=now)]
        pending = slack_pending(session)
    if purged.deleted:
        log.info("deleted the case content of %d request(s) from the database", len(purged.deleted))
    for item in pending:
        team = item.request.team
        speaker = pick(client, team.workspace_id if team is not None else None)
        try:
            # No client: the workspace uninstalled the app, and the bot can no longer touch
            # its messages; the database is clean, and that is all there is left to do.
            if speaker is not None:
                refresh_request_message(client=speaker, request=item.request)
                for channel_id, ts in item.bot_posts:
                    _delete(speaker, channel_id=channel_id, ts=ts)
        except (SlackApiError, SlackClientError, OSError) as error:
            reason = error.response.get("error") if isinstance(error, SlackApiError) else error
            log.warning(
                "request %s: Slack not cleaned yet (%s); retrying later", item.request.id, reason
            )
            purged.failed.append(item.request.id)
            continue
        with session_factory.begin() as session:
            stored = session.get(SparringRequest, item.request.id)
            if stored is not None:
                stored.slack_cleared_at = now
        purged.cleaned.append(item.request.id)
    return purged


# Slack answers these when there is nothing left to clean: done, not failed.
_ALREADY_GONE = frozenset({"message_not_found", "channel_not_found", "is_archived"})


def _delete(client: WebClient, *, channel_id: str, ts: str) -> None:
    try:
        client.chat_delete(channel=channel_id, ts=ts)
    except SlackApiError as error:
        if error.response.get("error") not in _ALREADY_GONE:
            raise
