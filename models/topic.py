"""Topics a team covers, and who is the expert on which (ekspertroller)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class Topic(Base):
    """One topic on a team's list; retired topics stay so history keeps its meaning."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("team_id", "name_da"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    # Slack options hold at most 75 characters.
    name_da: Mapped[str] = mapped_column(String(75))
    name_en: Mapped[str] = mapped_column(String(75))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def name(self, language: str) -> str:
        """The topic's name in the language."""
        return self.name_en if language == "en" else self.name_da


class ExpertRole(Base):
    """A member covers a topic for their team."""

    __tablename__ = "expert_roles"
    __table_args__ = (UniqueConstraint("topic_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    assigned_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
