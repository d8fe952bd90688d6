""" "Did you meet?": asked once per group near the end of each buddy period, answered by the
group's members (again to change it); three periods in a row without meeting, each member is
asked privately whether to stay in the pairs. Run from `bot.due.run_due_work`.

Exactly once: the group's check-in row (unique per round and group) is the claim, the outbox
key the post; an answer marks the question as due to show it (bot/slack/updates.py), so Slack
shows it however often it refuses first. Services flush and never commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import BadPayload, NotAllowed
from bot.core.i18n import Language, t
from bot.core.periods import Period, is_working_day
from bot.pairing.checkin_blocks import build_checkin, build_stay_question, outcomes_for
from bot.pairing.service import round_for
from bot.pairing.wishes import next_period
from bot.slack import outbox
from bot.slack.mrkdwn import format_day
from bot.slack.updates import Rendered, Updates, want_update
from bot.teams.participation import is_member, pause, resume
from models import MessageUpdate, OutboxMessage, PairCheckin, PairingRound, Team

log = logging.getLogger(__name__)

# Answers that count as having met; "not_yet", "no" and no answer at all do not.
MET = frozenset({"yes", "some"})
# Periods in a row without meeting before a member is asked whether to stay.
STREAK = 3
# How long *Hold pause* pauses; `/sparring pause til …` sets another end.
PAUSE_WEEKS = 4


@dataclass
class CheckinRun:
    """What one run queued: outbox keys of questions to groups and of private questions."""

    asked: list[str] = field(default_factory=list)
    stay: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shown:
    """A message to show again after an answer: where, its blocks, its fallback text."""

    channel_id: str | None
    ts: str | None
    blocks: list[dict[str, Any]]
    text: str


def _language(team: Team) -> Language:
    return "en" if team.language == "en" else "da"


def ask_at(team: Team, period: Period) -> datetime:
    """When a period's question is due: on its last working day, at the announcement time."""
    day = period.end
    while not (is_working_day(day) if team.skip_holidays else day.weekday() < 5):
        day -= timedelta(days=1)
    return datetime.combine(day, team.announce_time, tzinfo=ZoneInfo(team.timezone))


def run_checkins(
    *, session_factory: sessionmaker[Session], now: datetime, dry_run: bool = False
) -> CheckinRun:
    """Queue every question due at `now` in every pairing team; a dry run changes nothing."""
    run = CheckinRun()
    with session_factory() as session:
        team_ids = list(
            session.scalars(
                select(Team.id).where(Team.active, Team.pairing_enabled).order_by(Team.id)
            )
        )
    for team_id in team_ids:
        with session_factory() as session:
            team = session.get(Team, team_id)
            assert team is not None
            run.asked += ask_due(session, team=team, now=now)
            run.stay += ask_to_stay(session, team=team, now=now)
            if dry_run:
                session.rollback()
            else:
                session.commit()
    return run


def ask_due(session: Session, *, team: Team, now: datetime) -> list[str]:
    """Queue the current round's question to each group once it is due (within the period)."""
    today = now.astimezone(ZoneInfo(team.timezone)).date()
    if team.paused_until is not None and team.paused_until >= today:
        return []
    stored = round_for(session, team_id=team.id, on=today)
    if stored is None:
        return []
    at = ask_at(team, _period(stored))
    # A round announced on (or the day before) its period's last working day, e.g. weekly
    # pairs announced on Fridays, has had no time to meet: it is not asked.
    if now < at or stored.created_at >= at - timedelta(days=1):
        return []
    present = {m.user_id for m in team.members if m.left_at is None}
    queued = []
    for group_no, group in enumerate(stored.groups):
        current = tuple(u for u in group if u in present)
        if len(current) < 2:
            continue  # nobody left to meet: no question
        checkin = _claim(session, round_id=stored.id, group_no=group_no, now=now)
        text, blocks = _render(team=team, stored=stored, checkin=checkin)
        key = _key(checkin)
        if outbox.enqueue(
            session, key=key, team_id=team.id, users=list(current), text=text, blocks=blocks
        ):
            queued.append(key)
    return queued


def _period(stored: PairingRound) -> Period:
    return Period(start=stored.period_start, end=stored.period_end)


def _key(checkin: PairCheckin) -> str:
    return f"checkin:{checkin.round_id}:{checkin.group_no}"


def _claim(session: Session, *, round_id: int, group_no: int, now: datetime) -> PairCheckin:
    """The group's check-in row, made by whichever run gets there first."""

    def existing() -> PairCheckin | None:
        return session.scalar(
            select(PairCheckin).where(
                PairCheckin.round_id == round_id, PairCheckin.group_no == group_no
            )
        )

    found = existing()
    if found is not None:
        return found
    claimed = PairCheckin(round_id=round_id, group_no=group_no, asked_at=now)
    try:
        with session.begin_nested():
            session.add(claimed)
    except IntegrityError:
        winner = existing()
        assert winner is not None
        return winner
    return claimed


def _render(
    *, team: Team, stored: PairingRound, checkin: PairCheckin
) -> tuple[str, list[dict[str, Any]]]:
    """The question as it stands (the group, the chosen answer, the skip button): its
    fallback text and blocks."""
    language = _language(team)
    group = stored.groups[checkin.group_no]
    blocks = build_checkin(
        language,
        checkin_id=checkin.id,
        team_id=team.id,
        group=group,
        end=stored.period_end - timedelta(days=2),
        next_start=stored.period_end + timedelta(days=1),
        outcome=checkin.outcome,
        answered_by=checkin.answered_by,
    )
    return t("checkin.fallback", language), [b.to_dict() for b in blocks]


def answer(
    session: Session,
    *,
    checkin_id: int,
    user_id: str,
    outcome: str,
    now: datetime,
    channel_id: str | None,
    ts: str | None,
) -> None:
    """Record a group member's answer (a later one replaces it) and mark the question as due
    to show it (where the bot posted it, else where it was pressed: `channel_id`, `ts`);
    anyone outside the group is refused, whatever the button said."""
    checkin = session.get(PairCheckin, checkin_id)
    stored = session.get(PairingRound, checkin.round_id) if checkin else None
    team = session.get(Team, stored.team_id) if stored else None
    if checkin is None or stored is None or team is None:
        raise NotAllowed(f"check-in {checkin_id} gone", key="checkin.gone")
    group = stored.groups[checkin.group_no] if checkin.group_no < len(stored.groups) else ()
    if user_id not in group:
        raise NotAllowed(
            f"{user_id} not in group of check-in {checkin_id}", key="checkin.not_yours"
        )
    if outcome not in outcomes_for(group):
        raise BadPayload("answer not offered to this group")
    checkin.outcome, checkin.answered_by, checkin.answered_at = outcome, user_id, now
    session.flush()
    posted = session.scalar(select(OutboxMessage).where(OutboxMessage.key == _key(checkin)))
    if posted is not None and posted.posted_channel_id and posted.ts:
        channel_id, ts = posted.posted_channel_id, posted.ts
    if channel_id and ts:
        want_update(session, checkin_id=checkin.id, channel_id=channel_id, ts=ts)


def _render_row(session: Session, row: MessageUpdate) -> Rendered | None:
    """A marked question as it stands now, for the sender (bot/slack/updates.py)."""
    checkin = session.get(PairCheckin, row.checkin_id)
    stored = session.get(PairingRound, checkin.round_id) if checkin else None
    team = session.get(Team, stored.team_id) if stored else None
    if checkin is None or stored is None or team is None:
        return None
    text, blocks = _render(team=team, stored=stored, checkin=checkin)
    return Rendered(text, blocks, team.workspace_id)


# A question's answer, shown through message_updates (bot/slack/updates.py): retried by the
# scheduled catch-up until Slack takes it.
CHECKIN_UPDATES = Updates(MessageUpdate.checkin_id, _render_row)


def show(client: WebClient, shown: Shown, *, channel_id: str | None, ts: str | None) -> bool:
    """Show the private question's answer on it; False when Slack did not take the update
    (chat.update is idempotent: pressing again shows it)."""
    channel, at = shown.channel_id or channel_id, shown.ts or ts
    if not channel or not at:
        return True
    try:
        client.chat_update(channel=channel, ts=at, blocks=shown.blocks, text=shown.text)
    except (SlackApiError, SlackClientError, OSError) as error:
        code = error.response.get("error") if isinstance(error, SlackApiError) else None
        log.info("stay question not updated: %s", code or type(error).__name__)
        return False
    return True


def ask_to_stay(session: Session, *, team: Team, now: datetime) -> list[str]:
    """After the third period in a row in which a member's group did not meet (or did not
    answer), ask them privately, once, whether to stay in the pairs."""
    today = now.astimezone(ZoneInfo(team.timezone)).date()
    rounds = list(
        session.scalars(
            select(PairingRound)
            .where(PairingRound.team_id == team.id, PairingRound.period_end < today)
            .order_by(PairingRound.period_start.desc())
            .limit(STREAK + 1)
        )
    )
    if len(rounds) < STREAK:
        return []
    answers = {
        (c.round_id, c.group_no): c.outcome
        for c in session.scalars(
            select(PairCheckin).where(PairCheckin.round_id.in_([r.id for r in rounds]))
        )
    }

    def missed(stored: PairingRound, user_id: str) -> bool:
        group_no = next((n for n, g in enumerate(stored.groups) if user_id in g), None)
        key = (stored.id, group_no)
        return group_no is not None and key in answers and answers[key] not in MET

    language, latest, queued = _language(team), rounds[0], []
    for member in team.members:
        if not member.takes_part(today):
            continue
        user = member.user_id
        streak = all(missed(r, user) for r in rounds[:STREAK])
        # Exactly three: a longer streak was asked about when it reached three.
        if not streak or (len(rounds) > STREAK and missed(rounds[STREAK], user)):
            continue
        key = f"stay:{latest.id}:{user}"
        blocks = build_stay_question(language, team_id=team.id, team=team.name)
        if outbox.enqueue(
            session,
            key=key,
            team_id=team.id,
            users=[user],
            text=t("stay.question", language, team=team.name),
            blocks=[b.to_dict() for b in blocks],
        ):
            queued.append(key)
    return queued


def stay_or_pause(
    session: Session, *, team_id: int, user_id: str, pausing: bool, today: date
) -> Shown:
    """The member's answer to the private question: stay (ending a pause in that team) or
    pause with an end date; refused for anyone not in the team."""
    team = session.get(Team, team_id)
    if team is None or not is_member(session, team_id=team_id, user_id=user_id):
        raise NotAllowed(f"{user_id} not in team {team_id}", key="rules.not_member")
    language = _language(team)
    if pausing:
        until = max(today + timedelta(weeks=PAUSE_WEEKS), next_period(team, today=today).end)
        pause(session, user_id=user_id, until=until, team_id=team_id)
        note = t("stay.paused", language, until=format_day(until))
    else:
        resume(session, user_id=user_id, team_id=team_id)
        note = t("stay.staying", language)
    blocks = build_stay_question(language, team_id=team_id, team=team.name, note=note)
    return Shown(None, None, [b.to_dict() for b in blocks], note)
