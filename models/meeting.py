"""The team meeting: when it is, and the cases queued for it (ids only, never case text)."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class MeetingSettings(Base):
    """The lead's settings of the team meeting."""

    __tablename__ = "meeting_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), unique=True)
    # ISO weekdays as digits, 0 = Monday: "1,3" is Tuesday and Thursday.
    weekdays: Mapped[str] = mapped_column(String(20))
    start_time: Mapped[time] = mapped_column(Time)
    case_minutes: Mapped[int] = mapped_column(default=30, server_default="30")
    agenda_minutes_before: Mapped[int] = mapped_column(default=60, server_default="60")
    # Single dates with no meeting (holidays), as ISO dates.
    cancelled: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_by: Mapped[str | None] = mapped_column(String(32))


class ItemState(StrEnum):
    """A case's way through the meetings."""

    QUEUED = "queued"
    ON_AGENDA = "on_agenda"
    TAKEN = "taken"


class MeetingItem(Base):
    """A request sent to the team meeting; `meeting_date` is the meeting it waits for."""

    __tablename__ = "meeting_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), unique=True
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(16), default=ItemState.QUEUED)
    # The last agenda it was on, and its time box there (None: it did not fit and moved on).
    agenda_date: Mapped[date | None] = mapped_column(Date)
    box_minutes: Mapped[int | None] = mapped_column()
    moves: Mapped[int] = mapped_column(default=0, server_default="0")
    marked_by: Mapped[str | None] = mapped_column(String(32))
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
