"""Posting each outbox message exactly once, across restarts, crashes and several replicas.

`chat.postMessage` has no idempotency key. The database row's unique key decides *whether* a
message exists; a claim with a lease decides *who* posts it; the key also travels in the
message's metadata, so a sender that takes over a stale claim first looks in the channel for a
copy that a crashed sender posted but did not record.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=5)
METADATA_EVENT = "sparring_outbox"
# Slack's answers that will not change by trying again: the message is dropped.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
        "invalid_blocks",
        "msg_too_long",
    }
)
# Failures that mean the team's own channel is gone for the bot.
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived", "not_in_channel"})


def enqueue(
    session: Session,
    *,
    key: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    channel_id: str | None = None,
    users: list[str] | None = None,
    team_id: int | None = None,
    thread_ts: str | None = None,
) -> bool:
    """Add a message unless one with the key exists; True when it was added."""
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)):
        return False
    message = OutboxMessage(
        key=key,
        team_id=team_id,
        channel_id=channel_id,
        users=",".join(users) if users else None,
        thread_ts=thread_ts,
        text=text[:3000],
        blocks=blocks,
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        return False
    return True


def _claim(session: Session, *, message_id: int, now: datetime) -> OutboxMessage | None:
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.posted_at.is_(None),
            OutboxMessage.abandoned_at.is_(None),
            or_(
                OutboxMessage.claimed_at.is_(None),
                OutboxMessage.claimed_at < now - CLAIM_LEASE,
            ),
        )
        .values(claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


def pending_ids(session: Session, *, team_id: int | None = None) -> list[int]:
    """Messages not yet posted nor given up, oldest first."""
    query = select(OutboxMessage.id).where(
        OutboxMessage.posted_at.is_(None), OutboxMessage.abandoned_at.is_(None)
    )
    if team_id is not None:
        query = query.where(OutboxMessage.team_id == team_id)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def send_pending(
    *, client: WebClient, session_factory: sessionmaker[Session], team_id: int | None = None
) -> list[OutboxMessage]:
    """Post every pending message this process can claim; returns those Slack refused (for good
    when `abandoned_at` is set, else they are tried again on the next run)."""
    with session_factory() as session:
        ids = pending_ids(session, team_id=team_id)
    failed: list[OutboxMessage] = []
    for message_id in ids:
        outcome = send_one(client=client, session_factory=session_factory, message_id=message_id)
        if outcome is not None:
            failed.append(outcome)
    return failed


def send_one(
    *, client: WebClient, session_factory: sessionmaker[Session], message_id: int
) -> OutboxMessage | None:
    """Post one message if this process wins its claim; returns it when Slack refused."""
    now = utcnow()
    with session_factory.begin() as session:
        message = _claim(session, message_id=message_id, now=now)
        if message is None:
            return None
        # On any retry: the earlier attempt may have posted and died (or timed out) before
        # recording it.
        taking_over = message.attempts > 1
    try:
        channel_id = (
            message.channel_id or client.conversations_open(users=message.users)["channel"]["id"]
        )
        ts = (
            _already_posted(client, channel_id=channel_id, key=message.key) if taking_over else None
        )
        if ts is None:
            ts = client.chat_postMessage(
                channel=channel_id,
                text=message.text,
                blocks=message.blocks,
                thread_ts=message.thread_ts,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"key": message.key}},
                unfurl_links=False,
            )["ts"]
    except (SlackApiError, SlackClientError, OSError) as error:
        code = (
            str(error.response.get("error"))
            if isinstance(error, SlackApiError)
            else type(error).__name__
        )
        with session_factory.begin() as session:
            stored = session.get(OutboxMessage, message_id)
            assert stored is not None
            stored.last_error = code[:64]
            stored.claimed_at = None
            if code in PERMANENT_ERRORS:
                stored.abandoned_at = utcnow()
        log.warning("outbox %s (%s) not posted: %s", message_id, message.key, code)
        return stored
    with session_factory.begin() as session:
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None
        stored.posted_at = utcnow()
        stored.posted_channel_id = channel_id
        stored.ts = ts
        stored.last_error = None
    return None


def _already_posted(client: WebClient, *, channel_id: str, key: str) -> str | None:
    """The ts of a message carrying the key among the channel's recent messages, if any."""
    history = client.conversations_history(channel=channel_id, limit=100, include_all_metadata=True)
    for item in history.get("messages") or []:
        metadata = item.get("metadata") or {}
        if (
            metadata.get("event_type") == METADATA_EVENT
            and (metadata.get("event_payload") or {}).get("key") == key
        ):
            return str(item["ts"])
    return None
