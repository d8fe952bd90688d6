"""Who takes part in a round, the way people ask for it: a member skips the next period (and is
back the period after), or privately asks never to be paired with a named colleague.

Both are inputs the pure rotation honours (`plan_round(skips=..., apart=...)`). A not-with wish
is the wisher's alone: it is never shown to anyone else, not even the lead; when a round could
not honour it, only the wisher is told. Services flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.i18n import Language, t
from bot.core.periods import Period, period_containing
from bot.pairing.rotation import Round, unhonoured
from bot.slack import outbox
from bot.slack.mrkdwn import format_day
from models import PairingRound, PairSkip, PairWish, Team


@dataclass(frozen=True)
class Skipped:
    """What pressing *Spring næste periode over* did."""

    period: Period
    skipping: bool  # False: the press took an earlier skip back
    too_late: bool = False  # the next period's round is already made


def next_period(team: Team, *, today: date) -> Period:
    """The team's period after the one containing today."""
    current = period_containing(today, team.period_weeks)
    return period_containing(current.end + timedelta(days=1), team.period_weeks)


def toggle_skip(session: Session, *, team: Team, user_id: str, today: date) -> Skipped:
    """Skip the next period, or take a skip back when pressed again; refused once its round
    is made (nobody is silently taken out of a round already announced)."""
    period = next_period(team, today=today)
    made = session.scalar(
        select(PairingRound.id).where(
            PairingRound.team_id == team.id, PairingRound.period_start == period.start
        )
    )
    if made is not None:
        return Skipped(period=period, skipping=False, too_late=True)
    removed = session.execute(
        delete(PairSkip)
        .where(
            PairSkip.team_id == team.id,
            PairSkip.user_id == user_id,
            PairSkip.period_start == period.start,
        )
        .execution_options(synchronize_session=False)
    )
    if removed.rowcount:  # type: ignore[attr-defined]
        return Skipped(period=period, skipping=False)
    try:
        with session.begin_nested():
            session.add(PairSkip(team_id=team.id, user_id=user_id, period_start=period.start))
    except IntegrityError:
        pass  # a double press raced this one: the skip is there either way
    return Skipped(period=period, skipping=True)


def skip_text(language: Language, skipped: Skipped) -> str:
    """The skipper's private answer."""
    start, end = format_day(skipped.period.start), format_day(skipped.period.end)
    if skipped.too_late:
        return t("skip.too_late", language, start=start)
    back = format_day(skipped.period.end + timedelta(days=1))
    key = "skip.done" if skipped.skipping else "skip.undone"
    return t(key, language, start=start, end=end, back=back)


def skips_for(session: Session, *, team_id: int, period_start: date) -> frozenset[str]:
    """Who skips the team's period starting that day."""
    return frozenset(
        session.scalars(
            select(PairSkip.user_id).where(
                PairSkip.team_id == team_id, PairSkip.period_start == period_start
            )
        )
    )


def wishes_among(session: Session, *, members: Iterable[str]) -> dict[frozenset[str], list[str]]:
    """Pairs of these members that someone asked to keep apart, and who asked."""
    ids = list(members)
    rows = session.execute(
        select(PairWish.user_id, PairWish.other_id).where(
            PairWish.user_id.in_(ids), PairWish.other_id.in_(ids)
        )
    )
    wished: dict[frozenset[str], list[str]] = {}
    for wisher, other in rows:
        wished.setdefault(frozenset((wisher, other)), []).append(wisher)
    return wished


def wishes_of(session: Session, *, user_id: str) -> list[str]:
    """The colleagues the person asked never to be paired with."""
    return list(
        session.scalars(
            select(PairWish.other_id).where(PairWish.user_id == user_id).order_by(PairWish.id)
        )
    )


def set_wish(session: Session, *, user_id: str, other_id: str, keep_apart: bool) -> bool:
    """Add (or, with keep_apart False, remove) a not-with wish; False when nothing changed."""
    if not keep_apart:
        removed = session.execute(
            delete(PairWish)
            .where(PairWish.user_id == user_id, PairWish.other_id == other_id)
            .execution_options(synchronize_session=False)
        )
        return bool(removed.rowcount)  # type: ignore[attr-defined]
    if other_id in wishes_of(session, user_id=user_id):
        return False
    try:
        with session.begin_nested():
            session.add(PairWish(user_id=user_id, other_id=other_id))
    except IntegrityError:
        return False
    return True


def tell_after_round(
    session: Session,
    *,
    team: Team,
    stored: PairingRound,
    planned: Round,
    members: Iterable[str],
    skips: frozenset[str],
    wished: dict[frozenset[str], list[str]],
) -> None:
    """Queue the private notes a new round owes: to a wisher whose wish it could not honour,
    and to a member left without a buddy because colleagues skip (never dropped untold)."""
    language: Language = "en" if team.language == "en" else "da"
    end = format_day(stored.period_end - timedelta(days=2))
    for pair in unhonoured(planned, wished):
        for wisher in wished[pair]:
            (other,) = pair - {wisher}
            outbox.enqueue(
                session,
                key=f"wish-unmet:{stored.id}:{wisher}:{other}",
                team_id=team.id,
                users=[wisher],
                text=t("wish.unmet", language, team=team.name, user=other, end=end),
            )
    placed = planned.members
    present = sorted(set(members) - skips)
    if skips and len(present) == 1 and present[0] not in placed:
        outbox.enqueue(
            session,
            key=f"left-alone:{stored.id}:{present[0]}",
            team_id=team.id,
            users=[present[0]],
            text=t("skip.left_alone", language, team=team.name, end=end),
        )
