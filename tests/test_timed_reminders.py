"""The team meeting's and the ground rules' timed reminders, through the one due entry point:
cases nobody marked within a day move on and the lead is reminded once; a team without
adopted rules after two weeks has its lead reminded once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.due import run_due_work
from bot.meetings.schedule import agenda_at
from bot.meetings.service import next_day, settings_of, team_tz
from bot.playground.slack import FakeSlack
from bot.slack.client import make_web_client
from models import ItemState, MeetingItem, Team, utcnow
from tests.inprocess import InProcess
from tests.test_inprocess_meetings import agendas, send_to_meeting, set_meeting


def due_args(inproc: InProcess, session_factory: sessionmaker[Session]) -> dict[str, Any]:
    settings = inproc.deps.settings
    return {
        "client": make_web_client(settings),
        "session_factory": session_factory,
        "settings": settings,
    }


def lead_dm(fake: FakeSlack) -> list[str]:
    return [m["text"] for m in fake.messages(fake.open_im("U1"))]


def test_unmarked_cases_move_on_after_a_day_and_the_lead_is_reminded_once(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    set_meeting(fake, inproc, minutes="30")
    assert send_to_meeting(fake, inproc, "U2")["ack"].payload is None
    with session_factory() as session:
        stored = session.get(Team, team)
        settings = settings_of(session, team_id=team)
        assert stored is not None and settings is not None
        day = next_day(settings, stored, now=utcnow())
        assert day is not None
        at = agenda_at(day, settings.start_time, team_tz(stored), settings.agenda_minutes_before)
    run = due_args(inproc, session_factory)
    run_due_work(now=at + timedelta(minutes=1), **run)
    assert len(agendas(fake)) == 1

    # The meeting is held; nobody marks the case. Not yet the same day ...
    run_due_work(now=at + timedelta(hours=6), **run)
    reminder = t("meeting.unmarked", "da", channel="C1")
    assert reminder not in lead_dm(fake)
    # ... but a day after the meeting it moves on, and the lead hears it once.
    later = at + timedelta(days=1, hours=2)
    report = run_due_work(now=later, **run)
    assert report.meetings.moved_ids and report.meetings.reminders
    run_due_work(now=later + timedelta(minutes=15), **run)
    assert lead_dm(fake).count(reminder) == 1
    with session_factory() as session:
        [item] = session.scalars(select(MeetingItem)).all()
        assert item.state == ItemState.QUEUED and item.meeting_date > day


def test_a_team_without_rules_after_two_weeks_reminds_its_lead_once(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    run = due_args(inproc, session_factory)
    reminder = t("rules.reminder", "da", channel="C1")
    now = utcnow()
    run_due_work(now=now, **run)  # a new team: not yet
    assert reminder not in lead_dm(fake)

    with session_factory.begin() as session:
        session.execute(update(Team).values(created_at=now - timedelta(days=15)))
    report = run_due_work(now=now, **run)
    assert report.rules_reminders == [f"rules-reminder:{team}:U1"]
    run_due_work(now=now + timedelta(days=3), **run)
    assert lead_dm(fake).count(reminder) == 1
    assert not fake.messages(fake.open_im("U2"))  # members are not reminded
