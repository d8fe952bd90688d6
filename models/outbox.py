"""Messages the bot must post exactly once (announcements, pair introductions), and messages
it must show the latest state on (chat.update until Slack has it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow
from models.sealed import SealedJSON, SealedText


class OutboxMessage(Base):
    """A message keyed by what it is about; the unique key makes a second copy impossible.

    A sender claims the row, posts, and records the ts. A claim older than the lease means the
    sender died; the next one first looks in the channel for a message carrying the key.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), index=True
    )
    # The Slack workspace to post in (whose bot token), with many workspaces installed; set
    # from the team or request when queued. NULL in rows from before migration 0010.
    workspace_id: Mapped[str | None] = mapped_column(String(32))
    # Either a channel, or the people of a group conversation to open (comma-separated ids).
    channel_id: Mapped[str | None] = mapped_column(String(32))
    users: Mapped[str | None] = mapped_column(String(200))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    # A post in this request's thread (a thank-you): recorded as the bot's post there once
    # posted, so retention deletes it, and its text is emptied here.
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    # Rendered text and blocks: mentions and dates only, except a thank-you (see request_id).
    # Both encrypted at rest (models/sealed.py), whatever they hold.
    text: Mapped[str] = mapped_column(SealedText)
    blocks: Mapped[list[dict[str, Any]] | None] = mapped_column(SealedJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    posted_channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))
    # Set when Slack refuses for good (channel gone): the message is dropped, not retried.
    abandoned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MessageUpdate(Base):
    """A bot message in Slack that must be re-rendered until Slack shows its latest state: a
    request's message or notice, or a pair's "did you meet?" (its owner, exactly one of
    `request_id` and `checkin_id`).

    `wanted` is bumped by each change; a sender claims the row, renders the owner as it is
    then, and records the `wanted` it rendered as `shown`. chat.update is idempotent, so the
    latest render wins and a retry after any failure is harmless.
    """

    __tablename__ = "message_updates"
    __table_args__ = (UniqueConstraint("channel_id", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("pair_checkins.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    wanted: Mapped[int] = mapped_column(default=1)
    shown: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))
