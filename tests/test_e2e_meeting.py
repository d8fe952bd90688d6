"""End to end: the lead sets the team meeting, a colleague sends a case to it, and `sparring-bot
due --at` at the agenda's time posts the agenda once — with no case text — beside the real
bot; running it again posts nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bot.meetings.schedule import agenda_at
from bot.meetings.service import next_day, settings_of, team_tz
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action
from bot.teams.service import get_team
from models import utcnow
from tests.botprocess import BotProcess
from tests.test_e2e_due import due
from tests.test_e2e_request import choose, invite_bot, open_modal, open_request_form

pytestmark = pytest.mark.e2e

SECRET = "Mor drikker, dreng på 9 bekymrer skolen"


# `bot` (conftest.py) runs with its scheduler off: only `due` moves time here.


def agendas(fake: FakeSlack) -> list[dict]:
    return [m for m in fake.messages("C1") if "Dagsorden" in m["text"]]


def test_the_agenda_is_posted_once_at_its_time_without_case_text(
    fake: FakeSlack, bot: BotProcess, database_url: str, tmp_path: Path
) -> None:
    invite_bot(fake)  # Mette (U1) leads
    modal = open_modal(fake, "U1", "teammøde")
    values = {
        Action.MEETING_DAYS: ["0", "1", "2", "3", "4"],
        Action.MEETING_TIME: "09:00",
        Action.MEETING_MINUTES: "30",
    }
    ack = fake.submit_view("U1", modal["id"], values)
    assert ack is not None and ack.get("response_action") == "update", ack

    form = choose(fake, "U2", open_request_form(fake, "U2"), Action.ROUTE, "meeting")
    sent = {
        Action.CHILD: SECRET,
        Action.QUESTION: "Hvad gør vi nu?",
        Action.HELP_KIND: "idea",
        Action.FEEDBACK: "recognition",
        Action.ROUTE: "meeting",
    }
    assert fake.submit_view("U2", form["id"], sent) in (None, {})
    fake.wait_for("chat.postMessage", lambda p: "nr. 1" in p.get("text", ""))

    engine = create_engine(database_url)
    with Session(engine) as session:
        team = get_team(session, channel_id="C1")
        assert team is not None
        settings = settings_of(session, team_id=team.id)
        assert settings is not None
        day = next_day(settings, team, now=utcnow())
        assert day is not None
        at = agenda_at(day, settings.start_time, team_tz(team), settings.agenda_minutes_before)
    engine.dispose()

    early = due(
        fake, database_url, tmp_path, "--at", (at - timedelta(minutes=5)).isoformat(), "--future"
    )
    assert early.returncode == 0, early.stderr
    assert agendas(fake) == []
    for _ in range(2):  # twice: once
        run = due(
            fake,
            database_url,
            tmp_path,
            "--at",
            (at + timedelta(minutes=1)).isoformat(),
            "--future",
        )
        assert run.returncode == 0, run.stdout + run.stderr
    [agenda] = agendas(fake)
    shown = json.dumps(agenda, ensure_ascii=False)
    assert "<@U2>" in shown
    assert SECRET not in shown and "Hvad gør vi nu" not in shown
    assert SECRET not in bot.logs()
