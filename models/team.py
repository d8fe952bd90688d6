"""Teams (a Slack channel each) and their members."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, String, Time, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow


class Team(Base):
    """A team is the Slack channel it works in."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(32), unique=True)
    workspace_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2), default="da")
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Claimed before the hello is posted so that a redelivered join event greets only once.
    greeted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Buddy pairs (faste makkerpar), edited by the lead in the settings modal.
    pairing_enabled: Mapped[bool] = mapped_column(default=True, server_default=true())
    period_weeks: Mapped[int] = mapped_column(default=1, server_default="1")
    announce_weekday: Mapped[int] = mapped_column(default=0, server_default="0")  # 0 = Monday
    announce_time: Mapped[time] = mapped_column(Time, default=time(9, 0), server_default="09:00:00")
    announce_every_week: Mapped[bool] = mapped_column(default=True, server_default=true())
    skip_holidays: Mapped[bool] = mapped_column(default=True, server_default=true())
    paused_until: Mapped[date | None] = mapped_column(Date)
    # Working days before an unanswered request's recipient is nudged (twice that: escalated).
    reminder_days: Mapped[int] = mapped_column(default=1, server_default="1")
    # Days after a request is closed (or expires) before its case content is deleted.
    retention_days: Mapped[int] = mapped_column(default=14, server_default="14")
    # Set when Slack says the channel is gone; the lead is told once.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="TeamMember.id"
    )


class TeamMember(Base):
    """A person in a team's channel; the row stays after they leave so history keeps its meaning."""

    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Paused with no end date until they resume; with an end date, back by themselves after it.
    paused: Mapped[bool] = mapped_column(default=False, server_default=false())
    paused_until: Mapped[date | None] = mapped_column(Date)
    # Taken out of the rotation by a lead; never announced, only the lead sees it.
    excluded: Mapped[bool] = mapped_column(default=False, server_default=false())

    team: Mapped[Team] = relationship(back_populates="members")

    @property
    def active(self) -> bool:
        """Whether the person is still in the channel."""
        return self.left_at is None

    def on_pause(self, on: date) -> bool:
        """Whether the person's own pause covers that day."""
        return self.paused and (self.paused_until is None or self.paused_until >= on)

    def takes_part(self, on: date) -> bool:
        """Whether the person is in the buddy rotation on that day."""
        return self.left_at is None and not self.excluded and not self.on_pause(on)
