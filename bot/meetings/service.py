"""The team meeting in the database: its settings, the queue, the agenda once per meeting,
marks after it. Services flush, never commit; messages go through the outbox."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from bot.core.errors import NotAllowed, NotOpen
from bot.core.i18n import Language, t
from bot.meetings.schedule import agenda_at, meeting_days, parse_weekdays, queue_day, starts_at
from bot.privacy import audit
from bot.requests.service import transition
from bot.slack import outbox
from bot.slack.mrkdwn import format_day
from bot.teams.participation import is_lead
from models import (
    LIVE_STATUSES,
    ItemState,
    MeetingItem,
    MeetingSettings,
    RequestStatus,
    SparringRequest,
    Team,
    Topic,
    utcnow,
)

# Cases nobody marked this long after the meeting began count as moved.
MARK_WITHIN = timedelta(days=1)


def settings_of(session: Session, *, team_id: int) -> MeetingSettings | None:
    """The team's meeting settings, if the lead set a meeting time."""
    return session.scalar(select(MeetingSettings).where(MeetingSettings.team_id == team_id))


def team_tz(team: Team) -> ZoneInfo:
    """The team's time zone."""
    return ZoneInfo(team.timezone)


def next_day(
    settings: MeetingSettings, team: Team, *, now: datetime, after: date | None = None
) -> date | None:
    """The meeting a case sent now joins (see schedule.queue_day)."""
    return queue_day(
        weekdays=parse_weekdays(settings.weekdays),
        cancelled=settings.cancelled,
        at=settings.start_time,
        tz=team_tz(team),
        minutes_before=settings.agenda_minutes_before,
        now=now,
        after=after,
    )


def save_settings(
    session: Session,
    *,
    team: Team,
    user_id: str,
    weekdays: list[int],
    at: time,
    case_minutes: int,
    minutes_before: int,
    cancelled: list[str],
    now: datetime,
) -> MeetingSettings:
    """The lead's meeting settings; queued cases whose meeting is gone move to the next one."""
    settings = settings_of(session, team_id=team.id)
    if settings is None:
        settings = MeetingSettings(team_id=team.id, cancelled=[])
        session.add(settings)
    settings.weekdays = ",".join(str(day) for day in sorted(set(weekdays)))
    settings.start_time = at
    settings.case_minutes = case_minutes
    settings.agenda_minutes_before = minutes_before
    today = now.astimezone(team_tz(team)).date().isoformat()
    settings.cancelled = sorted({day for day in cancelled if day >= today})
    settings.updated_by = user_id
    audit.record(
        session, actor=user_id, action=audit.Action.MEETING_CHANGED, channel_id=team.channel_id
    )
    session.flush()
    valid = set(
        meeting_days(
            weekdays=parse_weekdays(settings.weekdays),
            cancelled=settings.cancelled,
            start=now.astimezone(team_tz(team)).date(),
        )
    )
    for item in queued(session, team_id=team.id):
        if item.meeting_date not in valid:
            move(session, item=item, team=team, settings=settings, now=now, before=None)
    return settings


def queued(session: Session, *, team_id: int, day: date | None = None) -> list[MeetingItem]:
    """Cases waiting for a meeting (that one, or any), in their order: first queued first,
    so a moved case keeps its place."""
    query = (
        select(MeetingItem)
        .join(SparringRequest, SparringRequest.id == MeetingItem.request_id)
        .where(
            MeetingItem.team_id == team_id,
            MeetingItem.state == ItemState.QUEUED,
            SparringRequest.status.in_(LIVE_STATUSES),
        )
    )
    if day is not None:
        query = query.where(MeetingItem.meeting_date == day)
    return list(session.scalars(query.order_by(MeetingItem.meeting_date, MeetingItem.id)))


def queue_lines(session: Session, *, team_id: int, day: date) -> list[tuple[str, str | None]]:
    """Who sent each case waiting for that meeting and its topic (in the case's language), in
    the order of `queued`: metadata only, for the App Home (no request is loaded, so no case
    text is read)."""
    rows = session.execute(_queue_lines_query(), {"team_id": team_id, "day": day})
    return [
        (requester_id, name_en if language == "en" else name_da)
        for requester_id, language, name_da, name_en in rows
    ]


@functools.cache
def _queue_lines_query() -> Select[tuple[str, str, str | None, str | None]]:
    """The statement of `queue_lines` (as `queued` filters and orders), built once."""
    return (
        select(
            SparringRequest.requester_id,
            SparringRequest.language,
            Topic.name_da,
            Topic.name_en,
        )
        .select_from(MeetingItem)
        .join(SparringRequest, SparringRequest.id == MeetingItem.request_id)
        .outerjoin(Topic, Topic.id == SparringRequest.topic_id)
        .where(
            MeetingItem.team_id == bindparam("team_id"),
            MeetingItem.meeting_date == bindparam("day"),
            MeetingItem.state == ItemState.QUEUED,
            SparringRequest.status.in_(LIVE_STATUSES),
        )
        .order_by(MeetingItem.meeting_date, MeetingItem.id)
    )


def place(session: Session, *, item: MeetingItem) -> int:
    """The case's place in its meeting's queue (1 is first)."""
    ids = [i.id for i in queued(session, team_id=item.team_id, day=item.meeting_date)]
    return ids.index(item.id) + 1 if item.id in ids else len(ids) + 1


def queue_request(
    session: Session, *, request: SparringRequest, team: Team, now: datetime
) -> MeetingItem | None:
    """A request sent to the team meeting joins the next meeting's queue, and the requester
    is told its place; None when the team has no meeting."""
    settings = settings_of(session, team_id=team.id)
    day = next_day(settings, team, now=now) if settings else None
    if settings is None or day is None:
        return None
    item = MeetingItem(request_id=request.id, team_id=team.id, meeting_date=day)
    session.add(item)
    session.flush()
    _tell(
        session,
        request=request,
        key=queued_key(request.id),
        text=t(
            "meeting.queued",
            request.language,
            place=place(session, item=item),
            date=when(day, settings.start_time, request.language),
        ),
    )
    return item


def queued_key(request_id: int) -> str:
    """The outbox key of the note telling the requester the place of their case."""
    return f"meeting-queued:{request_id}"


def when(day: date, at: time, language: Language) -> str:
    """ "tirsdag 03.12.2026 kl. 09:00" / "Tuesday 03.12.2026 at 09:00"."""
    weekday = t(f"meeting.day.{day.weekday()}", language)
    return t("meeting.when", language, weekday=weekday, date=format_day(day), time=f"{at:%H:%M}")


def _tell(session: Session, *, request: SparringRequest, key: str, text: str) -> None:
    outbox.enqueue(
        session, key=key, channel_id=request.requester_id, team_id=request.team_id, text=text
    )


def move(
    session: Session,
    *,
    item: MeetingItem,
    team: Team,
    settings: MeetingSettings,
    now: datetime,
    before: date | None,
) -> date | None:
    """Move a case on to the next meeting (after `before`, the meeting it was for), keeping
    its place first in the queue; the requester is told."""
    day = next_day(settings, team, now=now, after=before)
    request = session.get(SparringRequest, item.request_id)
    if day is None or request is None:
        return None
    item.meeting_date, item.state, item.moves = day, ItemState.QUEUED, item.moves + 1
    request.last_activity_at = now
    session.flush()
    _tell(
        session,
        request=request,
        key=f"meeting-moved:{item.id}:{day.isoformat()}",
        text=t(
            "meeting.moved",
            request.language,
            date=when(day, settings.start_time, request.language),
            place=place(session, item=item),
        ),
    )
    return day


@dataclass
class Agenda:
    """One meeting's agenda as decided when it is posted."""

    team_id: int
    day: date
    key: str
    fitted: list[int] = field(default_factory=list)  # item ids
    moved: list[int] = field(default_factory=list)


def agenda_key(team_id: int, day: date) -> str:
    """One agenda per team and meeting."""
    return f"agenda:{team_id}:{day.isoformat()}"


def due_agenda_days(settings: MeetingSettings, team: Team, *, now: datetime) -> list[date]:
    """Meetings whose agenda time has come and that have not begun yet (an agenda after the
    meeting began helps nobody; its cases move on when nobody marks them)."""
    tz = team_tz(team)
    today = now.astimezone(tz).date()
    days = meeting_days(
        weekdays=parse_weekdays(settings.weekdays),
        cancelled=settings.cancelled,
        start=today - timedelta(days=1),
        days=5,
    )
    return [
        day
        for day in days
        if agenda_at(day, settings.start_time, tz, settings.agenda_minutes_before)
        <= now
        < starts_at(day, settings.start_time, tz)
    ]


def unmarked(session: Session, *, team: Team, now: datetime) -> list[MeetingItem]:
    """Cases on an agenda nobody marked within a day of the meeting."""
    settings = settings_of(session, team_id=team.id)
    if settings is None:
        return []
    tz = team_tz(team)
    items = session.scalars(
        select(MeetingItem)
        .where(MeetingItem.team_id == team.id, MeetingItem.state == ItemState.ON_AGENDA)
        .order_by(MeetingItem.id)
    )
    return [
        item
        for item in items
        if starts_at(item.meeting_date, settings.start_time, tz) + MARK_WITHIN <= now
    ]


def lock_item(session: Session, *, item_id: int) -> MeetingItem:
    """The case on an agenda, locked for this transaction."""
    item = session.get(MeetingItem, item_id, with_for_update=True, populate_existing=True)
    if item is None:
        raise NotOpen(f"meeting item {item_id}", key="meeting.case_gone")
    return item


def may_mark(team: Team, request: SparringRequest, *, user_id: str, is_admin: bool) -> bool:
    """The lead (or an admin) and the requester may mark a case taken or moved."""
    return user_id == request.requester_id or is_lead(team, user_id=user_id, is_admin=is_admin)


def mark(
    session: Session, *, item_id: int, user_id: str, is_admin: bool, taken: bool, now: datetime
) -> MeetingItem:
    """After the meeting: a case was taken (the request closes) or moves to the next one."""
    item = lock_item(session, item_id=item_id)
    request = session.get(SparringRequest, item.request_id)
    team = session.get(Team, item.team_id)
    if request is None or team is None:
        raise NotOpen(f"meeting item {item_id}", key="meeting.case_gone")
    if not may_mark(team, request, user_id=user_id, is_admin=is_admin):
        raise NotAllowed(f"{user_id} may not mark item {item_id}", key="meeting.only_lead")
    if item.state != ItemState.ON_AGENDA or request.status not in LIVE_STATUSES:
        raise NotOpen(f"meeting item {item_id} is {item.state}", key="meeting.already_marked")
    item.marked_by, item.marked_at = user_id, now
    settings = settings_of(session, team_id=team.id)
    if not taken and settings is not None:
        move(session, item=item, team=team, settings=settings, now=now, before=item.meeting_date)
        return item
    item.state = ItemState.TAKEN
    transition(request, actor_id=user_id, action="meeting", to=RequestStatus.RESOLVED, now=now)
    request.closed_at = now
    _tell(
        session,
        request=request,
        key=f"meeting-taken:{item.id}",
        text=f"{t('meeting.taken', request.language)}\n\n"
        f"{t('msg.closed_reminder', request.language)}",
    )
    session.flush()
    return item


def post_reminder_key(team_id: int, day: date) -> str:
    """The lead's one reminder about unmarked cases of a meeting."""
    return f"meeting-unmarked:{team_id}:{day.isoformat()}"


def now_utc() -> datetime:
    """Now (for listeners; timed work gets its `now` passed in)."""
    return utcnow()
