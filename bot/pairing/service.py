"""Buddy rounds in the database: who takes part, planning a period's round once, queueing its
announcements, and stopping a team whose channel is gone. Services flush and never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import Language, t
from bot.core.periods import Period, announcement_time, due_week, period_containing, week_start
from bot.pairing.blocks import build_alone_note, build_pair_announcement, build_pair_intro
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
    return sorted(member.user_id for member in team.members if member.takes_part(on))


def load_history(session: Session, *, team_id: int) -> History:
    """The team's pairing history, replayed from its stored rounds."""
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


def ensure_round(
    session: Session, *, team: Team, period: Period, on: date, now: datetime | None = None
) -> tuple[PairingRound, bool]:
    """The period's round, planned (as at `now`) if nobody has; True when this call planned it.

    The unique (team, period) row means concurrent planners agree on one round.
    """
    existing = session.scalar(
        select(PairingRound).where(
            PairingRound.team_id == team.id, PairingRound.period_start == period.start
        )
    )
    if existing is not None:
        return existing, False
    history = load_history(session, team_id=team.id)
    last_number = session.scalar(
        select(PairingRound.number)
        .where(PairingRound.team_id == team.id)
        .order_by(PairingRound.number.desc())
        .limit(1)
    )
    number = (last_number or 0) + 1
    members = participants(team, on=on)
    skips = skips_for(session, team_id=team.id, period_start=period.start)
    wished = wishes_among(session, members=members)
    planned = plan_round(members, history, number=number, skips=skips, apart=frozenset(wished))
    stored = PairingRound(
        team_id=team.id,
        period_start=period.start,
        period_end=period.end,
        number=number,
        circle_offset=planned.offset,
        created_at=now or utcnow(),
        members=[
            RoundMember(group_no=group_no, user_id=user_id)
            for group_no, group in enumerate(planned.groups)
            for user_id in group
        ],
    )
    try:
        with session.begin_nested():
            session.add(stored)
    except IntegrityError:
        winner = session.scalar(
            select(PairingRound).where(
                PairingRound.team_id == team.id, PairingRound.period_start == period.start
            )
        )
        assert winner is not None
        return winner, False
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
    want_home(session, user_ids=[member.user_id for member in stored.members])
    return stored, True


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
    stored, created = ensure_round(session, team=team, period=period, on=max(today, week), now=now)
    report.groups = stored.groups
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
    if report.new_round or team.announce_every_week:
        blocks = build_pair_announcement(
            language, groups=report.groups, period=period, week=week, new=report.new_round
        )
        if outbox.enqueue(
            session,
            key=f"announce:{team.id}:{week.isoformat()}",
            team_id=team.id,
            channel_id=team.channel_id,
            text=t("pairs.fallback", language, week=week.isocalendar().week),
            blocks=[b.to_dict() for b in blocks],
        ):
            report.queued.append("channel announcement")
    if report.new_round:
        for group_no, group in enumerate(report.groups):
            intro = build_pair_intro(language, group=group, period=period)
            if outbox.enqueue(
                session,
                key=f"pair-intro:{stored.id}:{group_no}",
                team_id=team.id,
                users=list(group),
                text=t("pairs.intro_fallback", language),
                blocks=[b.to_dict() for b in intro],
            ):
                report.queued.append(f"group DM {group_no + 1}")
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


def groups_of(
    session: Session, *, user_id: str, on: date
) -> list[tuple[Team, PairingRound, tuple[str, ...]]]:
    """For each of the person's active teams with a round on that day: their group in it."""
    rows = session.execute(
        select(Team, PairingRound)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .join(PairingRound, PairingRound.team_id == Team.id)
        .where(
            TeamMember.user_id == user_id,
            TeamMember.left_at.is_(None),
            Team.active,
            PairingRound.period_start <= on,
            PairingRound.period_end >= on,
        )
        .order_by(Team.name)
    ).all()
    found = []
    for team, stored in rows:
        group = _current_group(team, stored, user_id=user_id, on=on)
        if group:
            found.append((team, stored, group))
    return found


def _current_group(
    team: Team, stored: PairingRound, *, user_id: str, on: date
) -> tuple[str, ...] | None:
    """The person's group as it stands today: without buddies who left, paused or were taken
    out since the round was made; None if nobody is left with them."""
    present = {m.user_id for m in team.members if m.takes_part(on)}
    group = next((g for g in stored.groups if user_id in g), ())
    current = tuple(u for u in group if u == user_id or u in present)
    return current if len(current) > 1 else None


def buddies_of(session: Session, *, user_id: str, team_id: int, on: date) -> list[str]:
    """The person's buddy (or two, in a trio) in the team's current round, if still there."""
    stored = round_for(session, team_id=team_id, on=on)
    team = session.get(Team, team_id)
    if stored is None or team is None:
        return []
    group = _current_group(team, stored, user_id=user_id, on=on) or ()
    return [member for member in group if member != user_id]


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
