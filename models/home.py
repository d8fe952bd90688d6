"""What the App Home needs to stay current: a refresh due per person, and each team's chart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class HomeRefresh(Base):
    """A person's App Home that must be published again until Slack shows their latest state.

    One row per person: every change bumps `wanted` (coalesced, however many changes), a sender
    claims the row, renders the home as it is then and records the `wanted` it rendered as
    `shown`. views.publish is idempotent, so the latest render wins and retrying is safe.
    """

    __tablename__ = "home_refreshes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), unique=True)
    wanted: Mapped[int] = mapped_column(default=1)
    shown: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))


class StatsChart(Base):
    """The team's statistics chart in one language as last uploaded to Slack: reused while its
    figures (whose digest it keeps) are unchanged, and for a while after they change, so
    opening the App Home does not draw and upload a file each time (bot/home/service.py)."""

    __tablename__ = "stats_charts"
    __table_args__ = (UniqueConstraint("team_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2), server_default="da")
    digest: Mapped[str] = mapped_column(String(64))
    file_id: Mapped[str] = mapped_column(String(32))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
