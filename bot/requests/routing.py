"""Choosing the expert a request goes to: spread the load, never the requester or someone away."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    LIVE_STATUSES,
    ExpertRole,
    RecipientState,
    RequestRecipient,
    SparringRequest,
    Team,
    TeamMember,
)


@dataclass(frozen=True)
class Candidate:
    """An expert who could take the request, and how busy they are."""

    user_id: str
    open_requests: int
    last_asked: datetime | None


def choose_expert(candidates: Iterable[Candidate]) -> Candidate | None:
    """Fewest open requests first, then the one asked longest ago (never asked first)."""
    return min(
        candidates,
        key=lambda c: (c.open_requests, c.last_asked is not None, c.last_asked or 0, c.user_id),
        default=None,
    )


def expert_candidates(
    session: Session, *, team: Team, topic_id: int, exclude: Iterable[str], on: date
) -> list[Candidate]:
    """The topic's experts who are still in the team, not on a pause, and not excluded."""
    excluded = set(exclude)
    present = {
        m.user_id
        for m in session.scalars(select(TeamMember).where(TeamMember.team_id == team.id))
        if m.left_at is None and not (m.paused and (m.paused_until is None or m.paused_until >= on))
    }
    experts = [
        user_id
        for user_id in session.scalars(
            select(ExpertRole.user_id).where(ExpertRole.topic_id == topic_id)
        )
        if user_id in present and user_id not in excluded
    ]
    if not experts:
        return []
    active = RequestRecipient.state == RecipientState.ACTIVE
    load = dict(
        session.execute(
            select(RequestRecipient.user_id, func.count(RequestRecipient.id))
            .join(SparringRequest)
            .where(
                RequestRecipient.user_id.in_(experts),
                active,
                SparringRequest.status.in_(LIVE_STATUSES),
            )
            .group_by(RequestRecipient.user_id)
        ).all()
    )
    asked = dict(
        session.execute(
            select(RequestRecipient.user_id, func.max(RequestRecipient.assigned_at))
            .where(RequestRecipient.user_id.in_(experts))
            .group_by(RequestRecipient.user_id)
        ).all()
    )
    return [Candidate(e, int(load.get(e, 0)), asked.get(e)) for e in experts]
