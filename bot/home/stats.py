"""A team's statistics per month, for its lead and the operator: counts and times only.

Everything here is metadata (who is never named, when, route, topic, status): no case text is
ever read. Counts from 1 to 4 are shown as "<5" so that nobody can be singled out, and a share
or a median over fewer than five requests is not shown at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.i18n import Language, t
from bot.core.periods import working_hours_between
from bot.pairing.checkin import MET
from bot.requests.choices import Route
from models import (
    ItemState,
    MeetingItem,
    PairCheckin,
    PairingRound,
    SparringRequest,
    Team,
    Topic,
)

# Below this, a count is shown as "<5" and a share or median is left out.
SMALL = 5
MONTHS = 12
ROUTES = tuple(Route)


@dataclass
class Month:
    """The raw figures of one calendar month (in the team's time zone)."""

    month: str  # "2026-11"
    requests: int = 0
    by_route: Counter[str] = field(default_factory=Counter)
    answered: int = 0
    hours_to_answer: list[float] = field(default_factory=list)
    topics: Counter[str] = field(default_factory=Counter)
    rounds: int = 0
    met: int | None = None
    not_met: int | None = None
    meeting_cases: int = 0


def masked(count: int | None) -> str:
    """A count as shown: "<5" for 1–4, "–" when it is not known."""
    if count is None:
        return "–"
    return "<5" if 0 < count < SMALL else str(count)


def month_keys(today: date, months: int = MONTHS) -> list[str]:
    """The last `months` months up to this one, oldest first ("2026-01", ...)."""
    year, month = today.year, today.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return keys[::-1]


def team_figures(
    session: Session, *, team: Team, today: date, language: Language, months: int = MONTHS
) -> list[Month]:
    """The team's figures for the last `months` months, oldest first."""
    tz = ZoneInfo(team.timezone)
    keys = month_keys(today, months)
    found = {key: Month(key) for key in keys}
    # Older rows fall in no month shown: left in the database, the read stays the same size
    # however long the team has used the bot.
    first = date.fromisoformat(f"{keys[0]}-01")
    since = datetime(first.year, first.month, 1, tzinfo=tz)

    def month_of(moment: datetime | date) -> Month | None:
        day = moment.astimezone(tz).date() if isinstance(moment, datetime) else moment
        return found.get(f"{day.year:04d}-{day.month:02d}")

    rows = session.execute(
        select(
            SparringRequest.created_at,
            SparringRequest.route,
            SparringRequest.answered_at,
            Topic.name_da,
            Topic.name_en,
        )
        .outerjoin(Topic, Topic.id == SparringRequest.topic_id)
        .where(SparringRequest.team_id == team.id, SparringRequest.created_at >= since)
    )
    for created_at, route, answered_at, name_da, name_en in rows:
        month = month_of(created_at)
        if month is None:
            continue
        month.requests += 1
        month.by_route[route] += 1
        if answered_at is not None:
            month.answered += 1
            month.hours_to_answer.append(working_hours_between(created_at, answered_at, tz=tz))
        if name_da:
            month.topics[name_en if language == "en" else name_da] += 1
    for period_start, rounds, met, not_met in buddy_rounds(session, team_id=team.id, since=first):
        month = month_of(period_start)
        if month is not None:
            month.rounds += rounds
            if met is not None:
                month.met = (month.met or 0) + met
                month.not_met = (month.not_met or 0) + (not_met or 0)
    taken = session.scalars(
        select(MeetingItem.marked_at).where(
            MeetingItem.team_id == team.id,
            MeetingItem.state == ItemState.TAKEN,
            MeetingItem.marked_at >= since,
        )
    )
    for marked_at in taken:
        month = month_of(marked_at)
        if month is not None:
            month.meeting_cases += 1
    return [found[key] for key in keys]


def buddy_rounds(
    session: Session, *, team_id: int, since: date | None = None
) -> list[tuple[date, int, int | None, int | None]]:
    """Per round (starting on `since` or later): its start, 1, and how many of its groups met
    and did not (None: not asked).

    The one place that reads whether pairs met: the "did you meet?" answers. *Ja* and *Nogle
    af os* count as met, *Nej* and *Ikke endnu* (asked at the period's end) as not met; a group
    that did not answer counts as neither.
    """
    # One row per round and answer (one without an answer for a round nobody was asked about).
    query = (
        select(PairingRound.id, PairingRound.period_start, PairCheckin.id, PairCheckin.outcome)
        .outerjoin(PairCheckin, PairCheckin.round_id == PairingRound.id)
        .where(PairingRound.team_id == team_id)
    )
    if since is not None:
        query = query.where(PairingRound.period_start >= since)
    starts: dict[int, date] = {}
    asked: set[int] = set()
    met: Counter[int] = Counter()
    not_met: Counter[int] = Counter()
    for round_id, start, checkin_id, outcome in session.execute(query):
        starts[round_id] = start
        if checkin_id is None:
            continue
        asked.add(round_id)
        if outcome in MET:
            met[round_id] += 1
        elif outcome is not None:
            not_met[round_id] += 1
    return [
        (start, 1, met[round_id], not_met[round_id])
        if round_id in asked
        else (start, 1, None, None)
        for round_id, start in starts.items()
    ]


def _share(month: Month) -> str:
    if month.requests < SMALL:
        return "–"
    return f"{round(100 * month.answered / month.requests)} %"


def _median(month: Month) -> str:
    if len(month.hours_to_answer) < SMALL:
        return "–"
    return f"{statistics.median(month.hours_to_answer):.1f}"


def _topics(month: Month) -> str:
    return "; ".join(f"{name}: {masked(n)}" for name, n in month.topics.most_common())


HEADER = (
    "month",
    "requests",
    *(f"route_{route}" for route in ROUTES),
    "answered_share",
    "median_working_hours_to_first_answer",
    "buddy_rounds",
    "rounds_met",
    "rounds_not_met",
    "meeting_cases_taken",
    "topics",
)


def table(months: list[Month]) -> list[list[str]]:
    """The figures as shown, one row per month (the header is HEADER)."""
    return [
        [
            month.month,
            masked(month.requests),
            *(masked(month.by_route[route]) for route in ROUTES),
            _share(month),
            _median(month),
            masked(month.rounds),
            masked(month.met),
            masked(month.not_met),
            masked(month.meeting_cases),
            _topics(month),
        ]
        for month in months
    ]


def as_csv(months: list[Month]) -> str:
    """The figures as CSV for an operator."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(table(months))
    return out.getvalue()


def summary_lines(months: list[Month], language: Language, *, last: int = 3) -> list[str]:
    """The last few months in words, newest first, for Slack."""
    lines = []
    for month in months[::-1][:last]:
        routes = ", ".join(
            f"{t(f'route.{route}', language)} {masked(month.by_route[route])}"
            for route in ROUTES
            if month.by_route[route]
        )
        lines.append(
            t(
                "stats.month",
                language,
                month=month.month,
                requests=masked(month.requests),
                routes=routes or "–",
                share=_share(month),
                median=_median(month),
                rounds=masked(month.rounds),
                met=masked(month.met),
                not_met=masked(month.not_met),
                meeting=masked(month.meeting_cases),
                topics=_topics(month) or "–",
            )
        )
    return lines


def chart_data(months: list[Month]) -> dict[str, Any]:
    """What the chart draws: month labels and masked counts per series (None for "<5")."""

    def value(count: int) -> int | None:
        return None if 0 < count < SMALL else count

    return {
        "months": [month.month for month in months],
        "series": {
            "requests": [value(m.requests) for m in months],
            "answered": [value(m.answered) for m in months],
            "buddy_rounds": [value(m.rounds) for m in months],
            "meeting_cases": [value(m.meeting_cases) for m in months],
        },
    }


def digest(data: dict[str, Any]) -> str:
    """A fingerprint of the chart's data: an unchanged chart is not uploaded again."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
