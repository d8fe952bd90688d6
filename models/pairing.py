"""Buddy rounds: who was grouped with whom in each pairing period."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow


class PairingRound(Base):
    """The groups of one team for one pairing period; one row per team and period, ever."""

    __tablename__ = "pairing_rounds"
    __table_args__ = (UniqueConstraint("team_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    number: Mapped[int]
    circle_offset: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Length of the rotation's slot layout after this round (holes included), with
    # RoundMember.slot: the next round continues the circle from it without replaying every
    # round. None for rounds made before it was stored, and for rounds without groups.
    slot_count: Mapped[int | None]

    members: Mapped[list[RoundMember]] = relationship(
        cascade="all, delete-orphan",
        order_by="(RoundMember.group_no, RoundMember.user_id)",
        lazy="selectin",
    )

    @property
    def groups(self) -> list[tuple[str, ...]]:
        """The round's groups, in order."""
        by_group: dict[int, list[str]] = {}
        for member in self.members:
            by_group.setdefault(member.group_no, []).append(member.user_id)
        return [tuple(sorted(by_group[no])) for no in sorted(by_group)]


class RoundMember(Base):
    """One person's place in a round."""

    __tablename__ = "round_members"
    __table_args__ = (
        UniqueConstraint("round_id", "user_id"),
        # The pairing history joins a round's members by group.
        Index("ix_round_members_round_group", "round_id", "group_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pairing_rounds.id", ondelete="CASCADE"))
    group_no: Mapped[int]
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    # The person's seat in the rotation's slot layout (see PairingRound.slot_count).
    slot: Mapped[int | None]


class PairCheckin(Base):
    """ "Did you meet?" for one group of a round: the row is the claim that asks it once, and
    it holds the group's answer (None until someone in the group answers)."""

    __tablename__ = "pair_checkins"
    __table_args__ = (UniqueConstraint("round_id", "group_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("pairing_rounds.id", ondelete="CASCADE"), index=True
    )
    group_no: Mapped[int]
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "yes", "not_yet", "no" or "some" (a trio); "no" keeps the group out of the history.
    outcome: Mapped[str | None] = mapped_column(String(16))
    answered_by: Mapped[str | None] = mapped_column(String(32))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PairSkip(Base):
    """A member sits out one period of a team's buddy pairs (and is back the period after)."""

    __tablename__ = "pair_skips"
    __table_args__ = (UniqueConstraint("team_id", "user_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PairWish(Base):
    """A person's private wish never to be paired with a colleague; seen by nobody else."""

    __tablename__ = "pair_wishes"
    __table_args__ = (UniqueConstraint("user_id", "other_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    other_id: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
