"""A team's ground rules (spilleregler): proposals and the versions the lead adopted.

Rules are team policy, not case content: stored as plain JSON (see bot.rules.model)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class ProposalStatus(StrEnum):
    """Where a proposal is: open for comments and support, then adopted or declined."""

    OPEN = "open"
    ADOPTED = "adopted"
    DECLINED = "declined"


class RulesProposal(Base):
    """A change to the team's rules, proposed by a member and posted in the team channel."""

    __tablename__ = "rules_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    proposed_by: Mapped[str] = mapped_column(String(32))
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The version it was written against (None: the template), for the diff in plain words.
    base_version: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.OPEN)
    supporters: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(String(1000))


class RulesVersion(Base):
    """One adopted version of a team's rules: kept, with who proposed and adopted it, when."""

    __tablename__ = "rules_versions"
    __table_args__ = (UniqueConstraint("team_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column()
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("rules_proposals.id", ondelete="SET NULL")
    )
    proposed_by: Mapped[str] = mapped_column(String(32))
    adopted_by: Mapped[str] = mapped_column(String(32))
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
