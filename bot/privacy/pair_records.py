"""The person's buddy pairs for their export: the rounds they were in (with whom, and whether
the group met), and their private not-with wishes and skipped periods."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import PairCheckin, PairingRound, PairSkip, PairWish, RoundMember


def collect(session: Session, *, user_id: str) -> dict[str, Any]:
    """The person's buddy-pair data, as plain JSON-ready values."""
    return {
        "buddy_rounds": _rounds(session, user_id),
        # Private: only in the person's own export, never shown to anyone else.
        "not_paired_with": [
            {"user": wish.other_id, "since": wish.created_at}
            for wish in session.scalars(
                select(PairWish).where(PairWish.user_id == user_id).order_by(PairWish.id)
            )
        ],
        "periods_skipped": [
            {"team_id": skip.team_id, "period_start": skip.period_start}
            for skip in session.scalars(
                select(PairSkip).where(PairSkip.user_id == user_id).order_by(PairSkip.id)
            )
        ],
    }


def _rounds(session: Session, user_id: str) -> list[dict[str, Any]]:
    mine = session.scalars(
        select(RoundMember).where(RoundMember.user_id == user_id).order_by(RoundMember.id)
    )
    rounds = []
    for member in mine:
        stored = session.get(PairingRound, member.round_id)
        if stored is None:
            continue
        group = next((g for g in stored.groups if user_id in g), ())
        checkin = session.scalar(
            select(PairCheckin).where(
                PairCheckin.round_id == stored.id, PairCheckin.group_no == member.group_no
            )
        )
        rounds.append(
            {
                "period_start": stored.period_start,
                "period_end": stored.period_end,
                "with": [other for other in group if other != user_id],
                "did_you_meet": checkin.outcome if checkin else None,
                "answered_by": checkin.answered_by if checkin else None,
            }
        )
    return rounds
