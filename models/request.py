"""Sparring requests, who they went to, what happened to them, and replies (metadata only)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.sealed import SealedText

if TYPE_CHECKING:
    from models.team import Team
    from models.topic import Topic


class RequestStatus(StrEnum):
    """Where a request is in its life: open → accepted → answered → resolved/withdrawn/expired."""

    OPEN = "open"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


# Statuses in which a request still waits for something to happen.
LIVE_STATUSES = (RequestStatus.OPEN, RequestStatus.ACCEPTED, RequestStatus.ANSWERED)


class RecipientState(StrEnum):
    """Whether a person still holds a request."""

    ACTIVE = "active"
    DECLINED = "declined"
    HANDED_OVER = "handed_over"


class SparringRequest(Base):
    """One request for sparring on a case or a quick question.

    The case text (ICS sides and question) is the only sensitive content; it lives in the
    nullable `*_text` columns so that deleting it leaves the metadata for statistics.
    """

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    requester_id: Mapped[str] = mapped_column(String(32), index=True)
    route: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    help_kind: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(16))
    feedback_mode: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[date | None] = mapped_column(Date)
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN, index=True)

    # Encrypted at rest (models/sealed.py).
    child_text: Mapped[str | None] = mapped_column(SealedText)
    parenting_text: Mapped[str | None] = mapped_column(SealedText)
    family_text: Mapped[str | None] = mapped_column(SealedText)
    question_text: Mapped[str | None] = mapped_column(SealedText)
    # The team's rule on feedback when the request was sent (team policy, not case content),
    # shown to whoever answers, in the request's language.
    feedback_rule: Mapped[str | None] = mapped_column(String(1000))

    # Slack resends a view submission on a double click; the view id makes the second one a no-op.
    source_view_id: Mapped[str] = mapped_column(String(64), unique=True)
    origin_channel_id: Mapped[str | None] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32), index=True)
    # Bumped each time the request moves to a new holder: buttons carry it, so a click on a
    # message the request has left changes nothing, and a post that raced a move is retired.
    delivery_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # chat.postMessage has no idempotency key: a delivery is claimed here before posting.
    delivery_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery_error: Mapped[str | None] = mapped_column(String(64))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(32))
    accepted_by: Mapped[str | None] = mapped_column(String(32))
    # Any transition or reply; a request with none for 30 days expires.
    last_activity_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.current_timestamp()
    )
    # The whole-team notice in the team channel (no case content), for "Hele teamet".
    notice_channel_id: Mapped[str | None] = mapped_column(String(32))
    notice_ts: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Set when the case text was deleted after the team's retention period; metadata stays.
    content_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once Slack was cleaned too (message reduced, bot posts deleted); retried until then.
    slack_cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Loaded with the request: rendering its message needs the topic and the team's channel.
    topic: Mapped[Topic | None] = relationship(lazy="joined")
    team: Mapped[Team | None] = relationship(lazy="joined")
    recipients: Mapped[list[RequestRecipient]] = relationship(
        cascade="all, delete-orphan", order_by="RequestRecipient.id", lazy="selectin"
    )
    events: Mapped[list[RequestEvent]] = relationship(
        cascade="all, delete-orphan", order_by="RequestEvent.id"
    )
    replies: Mapped[list[Reply]] = relationship(cascade="all, delete-orphan", order_by="Reply.id")

    @property
    def recipient_ids(self) -> list[str]:
        """Slack ids of the people who hold the request now."""
        return [r.user_id for r in self.recipients if r.state == RecipientState.ACTIVE]

    @property
    def asked_ids(self) -> list[str]:
        """Everyone the request has been with, including those who passed it on."""
        return [recipient.user_id for recipient in self.recipients]


class RequestRecipient(Base):
    """A person a request was sent to (two for a buddy trio, later)."""

    __tablename__ = "request_recipients"
    __table_args__ = (UniqueConstraint("request_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    state: Mapped[str] = mapped_column(
        String(16), default=RecipientState.ACTIVE, server_default=RecipientState.ACTIVE.value
    )
    # When they got it: reminders count working days from here.
    assigned_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, server_default=func.current_timestamp()
    )


class RequestEvent(Base):
    """One transition in a request's life: who did what, when."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reply(Base):
    """That someone replied in a request's thread, and when; never what they wrote."""

    __tablename__ = "replies"
    __table_args__ = (UniqueConstraint("request_id", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    # Posted by the bot (an answer through the modal, a thank-you): deleted with the content.
    posted_by_bot: Mapped[bool] = mapped_column(default=False, server_default=false())
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
