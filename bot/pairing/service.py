"""Buddy rounds in the database: who takes part, planning a period's round once, queueing its
announcements, and stopping a team whose channel is gone. Services flush and never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy import (
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, object_session, sessionmaker

from bot.core.i18n import Language, t
from bot.core.periods import Period, announcement_time, due_week, period_containing, week_start
from bot.pairing.blocks import build_alone_note, build_pair_announcement, pair_intros
from bot.pairing.rotation import History, Round, plan_round
from bot.pairing.wishes import skips_for, tell_after_round, wishes_among
from bot.slack import outbox
from bot.slack.homes import want_home
from bot.teams.form import TeamSettingsForm
from bot.teams.service import get_team
from models import PairCheckin, PairingRound, RoundMember, Team, TeamMember, utcnow

# The "did you meet?" answer that keeps a group out of the pairing history.
NOT_MET = "no"


@dataclass
class Planned:
    """What one due-check did (or, in a dry run, would do) for a team."""

    team_id: int
    team: str
    channel_id: str
    week: date
    period: Period
    groups: list[tuple[str, ...]]
    new_round: bool
    queued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: str | None = None


def participants(team: Team, *, on: date) -> list[str]:
    """The members in the rotation on that day, in a stable order."""
    session = object_session(team)
    if session is None or "members" in team.__dict__:  # already loaded
        return sorted(member.user_id for member in team.members if member.takes_part(on))
    # TeamMember.takes_part as a query: ids only, no ORM objects for a team of thousands.
    query = select(TeamMember.user_id).where(
        TeamMember.team_id == team.id,
        TeamMember.left_at.is_(None),
        TeamMember.excluded.is_(False),
        or_(TeamMember.paused.is_(False), TeamMember.paused_until < on),
    )
    return sorted(session.scalars(query))


def load_history(session: Session, *, team_id: int) -> History:
    """The team's pairing history in a few set-based queries, whatever its size: when each pair
    last met, each person's trios, and the last round's slot layout."""
    latest = session.execute(
        select(PairingRound.number, PairingRound.circle_offset)
        .where(PairingRound.team_id == team_id)
        .order_by(PairingRound.number.desc())
        .limit(1)
    ).first()
    if latest is None:
        return History.empty()
    # The layout of the last round that placed anyone (an empty round keeps the one before).
    seated = session.execute(
        select(PairingRound.number, PairingRound.slot_count, RoundMember.user_id, RoundMember.slot)
        .join(RoundMember, RoundMember.round_id == PairingRound.id)
        .where(
            PairingRound.id
            == select(PairingRound.id)
            .join(RoundMember, RoundMember.round_id == PairingRound.id)
            .where(PairingRound.team_id == team_id)
            .order_by(PairingRound.number.desc())
            .limit(1)
            .scalar_subquery()
        )
    ).all()
    if any(row.slot is None or row.slot_count is None for row in seated):
        return _replayed_history(session, team_id=team_id)  # rounds from before slots were kept
    order: list[str | None] = [None] * (seated[0].slot_count if seated else 0)
    for row in seated:
        order[row.slot] = row.user_id
    placed_last = bool(seated) and seated[0].number == latest.number
    trio_count, last_trio = _trios(session, team_id=team_id)
    return History(
        last_met=_last_met(session, team_id=team_id),
        trio_count=trio_count,
        last_trio=last_trio,
        previous_members=frozenset(row.user_id for row in seated) if placed_last else frozenset(),
        previous_offset=latest.circle_offset if placed_last else None,
        order=tuple(order),
    )


def _last_met(session: Session, *, team_id: int) -> dict[frozenset[str], int]:
    """The round in which each pair of the team last met, in one query."""
    one, other = aliased(RoundMember), aliased(RoundMember)
    answer = (PairCheckin.round_id == one.round_id) & (PairCheckin.group_no == one.group_no)
    pairs = (
        select(one.user_id, other.user_id, func.max(PairingRound.number))
        .join(other, (other.round_id == one.round_id) & (other.group_no == one.group_no))
        .join(PairingRound, PairingRound.id == one.round_id)
        .outerjoin(PairCheckin, answer)
        # A group that answered "did you meet?" with no has not met.
        .where(or_(PairCheckin.outcome.is_(None), PairCheckin.outcome != NOT_MET))
        # Each pair once; by row id, which leaves SQLite the (round, group) index to join on
        # (comparing user ids, it searched the (round, user) index: quadratic in the round).
        .where(PairingRound.team_id == team_id, one.id < other.id)
        .group_by(one.user_id, other.user_id)
    )
    return {frozenset((a, b)): number for a, b, number in session.execute(pairs)}


def _trios(session: Session, *, team_id: int) -> tuple[dict[str, int], dict[str, int]]:
    """How often each person was in a trio, and the round of their last, in one query."""
    trios = (
        select(RoundMember.round_id, RoundMember.group_no)
        .join(PairingRound, PairingRound.id == RoundMember.round_id)
        .where(PairingRound.team_id == team_id)
        .group_by(RoundMember.round_id, RoundMember.group_no)
        .having(func.count() > 2)
        .subquery()
    )
    rows = session.execute(
        select(RoundMember.user_id, func.count(), func.max(PairingRound.number))
        .join(
            trios,
            (trios.c.round_id == RoundMember.round_id) & (trios.c.group_no == RoundMember.group_no),
        )
        .join(PairingRound, PairingRound.id == RoundMember.round_id)
        .group_by(RoundMember.user_id)
    ).all()
    return {user: count for user, count, _ in rows}, {user: last for user, _, last in rows}


def _replayed_history(session: Session, *, team_id: int) -> History:
    """The history replayed round by round: only for rounds stored without their slots."""
    history = History.empty()
    rounds = session.scalars(
        select(PairingRound).where(PairingRound.team_id == team_id).order_by(PairingRound.number)
    )
    # Groups that answered "did you meet?" with no do not count as having met.
    unmet = {
        (round_id, group_no)
        for round_id, group_no in session.execute(
            select(PairCheckin.round_id, PairCheckin.group_no)
            .join(PairingRound, PairingRound.id == PairCheckin.round_id)
            .where(PairingRound.team_id == team_id, PairCheckin.outcome == NOT_MET)
        )
    }
    for stored in rounds:
        groups = tuple(stored.groups)
        history = history.after(
            Round(
                number=stored.number,
                groups=groups,
                offset=stored.circle_offset,
                unmet=frozenset(
                    frozenset(pair)
                    for group_no, group in enumerate(groups)
                    if (stored.id, group_no) in unmet
                    for pair in combinations(group, 2)
                ),
            )
        )
    return history


def round_for(session: Session, *, team_id: int, on: date) -> PairingRound | None:
    """The team's round for the period containing the day, if one was made."""
    return session.scalar(
        select(PairingRound).where(
            PairingRound.team_id == team_id,
            PairingRound.period_start <= on,
            PairingRound.period_end >= on,
        )
    )


def _round_in(session: Session, *, team_id: int, period: Period) -> PairingRound | None:
    """The team's round of that period, with its members."""
    return session.scalar(
        select(PairingRound).where(
            PairingRound.team_id == team_id, PairingRound.period_start == period.start
        )
    )


def ensure_round(
    session: Session, *, team: Team, period: Period, on: date, now: datetime | None = None
) -> tuple[PairingRound, list[tuple[str, ...]], bool]:
    """The period's round and its groups, planned (as at `now`) if nobody has; True when this
    call planned it. The round and all its members are written in two statements.

    The unique (team, period) row means concurrent planners agree on one round.
    """
    existing = _round_in(session, team_id=team.id, period=period)
    if existing is not None:
        return existing, existing.groups, False
    history = load_history(session, team_id=team.id)
    number = _last_number(session, team_id=team.id) + 1
    members = participants(team, on=on)
    skips = skips_for(session, team_id=team.id, period_start=period.start)
    wished = wishes_among(session, members=members)
    planned = plan_round(members, history, number=number, skips=skips, apart=frozenset(wished))
    # The layout the next round continues from, exactly as replaying this round would leave it.
    layout = history.after(planned).order if planned.groups else ()
    seat = {user_id: index for index, user_id in enumerate(layout) if user_id is not None}
    stored = PairingRound(
        team_id=team.id,
        period_start=period.start,
        period_end=period.end,
        number=number,
        circle_offset=planned.offset,
        slot_count=len(layout) if planned.groups else None,
        created_at=now or utcnow(),
        members=[],
    )
    try:
        with session.begin_nested():
            session.add(stored)
            session.flush()
            rows = [
                {"round_id": stored.id, "group_no": no, "user_id": user_id, "slot": seat[user_id]}
                for no, group in enumerate(planned.groups)
                for user_id in group
            ]
            if rows:
                session.execute(insert(RoundMember), rows)
            # Written around the ORM: whoever reads the round's members next loads them.
            session.expire(stored, ["members"])
    except IntegrityError:
        winner = _round_in(session, team_id=team.id, period=period)
        assert winner is not None
        return winner, winner.groups, False
    tell_after_round(
        session,
        team=team,
        stored=stored,
        planned=planned,
        members=members,
        skips=skips,
        wished=wished,
    )
    # "My buddy this period" on everyone's App Home.
    want_home(session, user_ids=[user_id for group in planned.groups for user_id in group])
    return stored, [tuple(group) for group in planned.groups], True


def _last_number(session: Session, *, team_id: int) -> int:
    """The number of the team's last round (0 before the first)."""
    return (
        session.scalar(select(func.max(PairingRound.number)).where(PairingRound.team_id == team_id))
        or 0
    )


def _schedule(team: Team) -> dict[str, Any]:
    """When the team's overviews fall: the arguments of due_week and announcement_time."""
    return {
        "weekday": team.announce_weekday,
        "at": team.announce_time,
        "tz": ZoneInfo(team.timezone),
        "skip_holidays": team.skip_holidays,
    }


def plan_due(session: Session, *, team: Team, now: datetime, force: bool = False) -> Planned | None:
    """Make the team's round for the due week if missing, and queue what should be posted.

    `force` treats the current week as due even before its announcement time (the operator's
    `rotate` command). Returns None when nothing is due.
    """
    tz = ZoneInfo(team.timezone)
    week = due_week(now, **_schedule(team))
    if week is None and force:
        week = week_start(now.astimezone(tz).date())
    if week is None:
        return None
    today = now.astimezone(tz).date()
    period = period_containing(week, team.period_weeks)
    report = Planned(
        team_id=team.id,
        team=team.name,
        channel_id=team.channel_id,
        week=week,
        period=period,
        groups=[],
        new_round=False,
    )
    if team.paused_until is not None and team.paused_until >= today:
        report.skipped = f"team paused until {team.paused_until.isoformat()}"
        return report
    stored, groups, created = ensure_round(
        session, team=team, period=period, on=max(today, week), now=now
    )
    report.groups = groups
    report.new_round = created or week_start(stored.created_at.astimezone(tz).date()) == week
    language: Language = "en" if team.language == "en" else "da"
    if not report.groups:
        if len(participants(team, on=today)) == 1 and outbox.enqueue(
            session,
            key=f"pair-alone:{team.id}:{period.start.isoformat()}",
            team_id=team.id,
            channel_id=team.channel_id,
            text=t("pairs.alone", language),
            blocks=[b.to_dict() for b in build_alone_note(language)],
        ):
            report.queued.append("alone note")
        return report
    labels: list[str] = []  # what the operator reads, one per message
    messages: list[dict[str, Any]] = []
    if report.new_round or team.announce_every_week:
        blocks = build_pair_announcement(
            language, groups=report.groups, period=period, week=week, new=report.new_round
        )
        labels.append("channel announcement")
        messages.append(
            {
                "key": f"announce:{team.id}:{week.isoformat()}",
                "team_id": team.id,
                "channel_id": team.channel_id,
                "text": t("pairs.fallback", language, week=week.isocalendar().week),
                "blocks": [b.to_dict() for b in blocks],
            }
        )
    if report.new_round:
        fallback = t("pairs.intro_fallback", language)
        labels += [f"group DM {group_no + 1}" for group_no in range(len(report.groups))]
        intros = pair_intros(language, groups=report.groups, period=period)
        messages += [
            {
                "key": f"pair-intro:{stored.id}:{group_no}",
                "team_id": team.id,
                "users": list(group),
                "text": fallback,
                "blocks": intro,
            }
            for group_no, (group, intro) in enumerate(zip(report.groups, intros, strict=True))
        ]
    added = set(outbox.enqueue_many(session, messages))
    report.queued += [
        label for label, message in zip(labels, messages, strict=True) if message["key"] in added
    ]
    return report


def stop_team(session: Session, *, team_id: int, now: datetime | None = None) -> bool:
    """Stop a team whose channel is gone and queue one notice to its leads; False if stopped."""
    # Conditional, so of two events reporting the same removal only one stops the team.
    stopped = session.execute(
        update(Team)
        .where(Team.id == team_id, Team.stopped_at.is_(None))
        .values(active=False, stopped_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    if stopped.rowcount != 1:  # type: ignore[attr-defined]
        return False
    team = session.get(Team, team_id, populate_existing=True)
    assert team is not None
    assert team.stopped_at is not None
    leads = [m.user_id for m in team.members if m.is_lead] or [team.created_by]
    language: Language = "en" if team.language == "en" else "da"
    for lead in filter(None, leads):
        outbox.enqueue(
            session,
            key=f"team-stopped:{team.id}:{team.stopped_at.isoformat()}:{lead}",
            team_id=None,
            workspace_id=team.workspace_id,
            users=[lead],
            text=t("pairs.stopped", language, channel=team.channel_id, name=team.name),
        )
    session.flush()
    return True


def apply_settings(team: Team, form: TeamSettingsForm) -> None:
    """Store the lead's buddy-pair settings on the team."""
    team.pairing_enabled = form.pairing_enabled
    team.period_weeks = form.period_weeks
    team.announce_weekday = form.announce_weekday
    team.announce_time = form.announce_time
    team.announce_every_week = form.announce_every_week
    team.skip_holidays = form.skip_holidays
    team.reminder_days = form.reminder_days
    team.retention_days = form.retention_days
    team.paused_until = form.paused_until


def next_announcement(team: Team, *, now: datetime) -> datetime | None:
    """When the team's next buddy overview is due, in its time zone; None when pairing is off."""
    if not team.pairing_enabled:
        return None
    tz = ZoneInfo(team.timezone)
    week = week_start(now.astimezone(tz).date())
    for _ in range(60):  # a pause can push it out; a little over a year is the horizon
        at = announcement_time(week, **_schedule(team))
        paused = team.paused_until is not None and team.paused_until >= at.date()
        if at > now and not paused:
            return at
        week += timedelta(weeks=1)
    return None


def stop_team_of_channel(
    *, client: WebClient, session_factory: sessionmaker[Session], channel_id: str
) -> None:
    """The bot left or the channel is gone: stop its team, and post the lead's notice now."""
    with session_factory.begin() as session:
        team = get_team(session, channel_id=channel_id)
        stopped = team is not None and stop_team(session, team_id=team.id)
    if stopped:
        outbox.send_pending(client=client, session_factory=session_factory)
