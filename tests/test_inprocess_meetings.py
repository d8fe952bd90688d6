"""In process: the team meeting — the lead sets it, requests join its queue, the agenda is
posted once at its time without case text, and cases are marked taken or moved."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.due import run_due_work
from bot.meetings.schedule import agenda_at
from bot.meetings.service import next_day, settings_of, team_tz
from bot.playground.slack import FakeSlack
from bot.slack.client import make_web_client
from bot.slack.ids import Action, Block
from models import ItemState, MeetingItem, RequestStatus, SparringRequest, Team, utcnow
from tests.inprocess import InProcess

SECRET = "Mor drikker, dreng på 9 bekymrer skolen"


def shown(blob: dict[str, Any]) -> str:
    return json.dumps(blob.get("blocks") or [], ensure_ascii=False)


def set_meeting(fake: FakeSlack, inproc: InProcess, minutes: str = "20") -> None:
    acked = inproc.command("U1", "teammøde", channel_id="C1")
    modal = fake.open_view_for(acked.trigger_id, timeout=0)
    values = {
        Action.MEETING_DAYS: ["0", "1", "2", "3", "4"],
        Action.MEETING_TIME: "09:00",
        Action.MEETING_MINUTES: minutes,
    }
    acked = inproc.submit_view("U1", modal["id"], values)
    assert acked.response_action == "update", acked.payload


def send_to_meeting(fake: FakeSlack, inproc: InProcess, user: str) -> dict[str, Any]:
    acked = inproc.command(user, channel_id="C1")
    form = fake.open_view_for(acked.trigger_id, timeout=0)
    inproc.click(user, Action.ROUTE, view_id=form["id"], value="meeting")
    form = fake.view(form["id"])
    values = {
        Action.CHILD: f"{SECRET} ({user})",
        Action.QUESTION: "Hvad gør vi nu?",
        Action.HELP_KIND: "idea",
        Action.FEEDBACK: "recognition",
        Action.ROUTE: "meeting",
    }
    return {"form": form, "ack": inproc.submit_view(user, form["id"], values)}


def agendas(fake: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake.messages("C1") if "Dagsorden" in m["text"]]


def request_of(session_factory: sessionmaker[Session], user: str) -> SparringRequest:
    with session_factory() as session:
        return session.scalars(
            select(SparringRequest).where(SparringRequest.requester_id == user)
        ).one()


def test_a_team_without_a_meeting_time_is_told_in_the_modal(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    sent = send_to_meeting(fake, inproc, "U2")
    assert "kræver, at teamet har et fast mødetidspunkt" in shown(sent["form"])
    # The meeting is the form: no choice of form.
    assert Block.FORM not in [b.get("block_id") for b in sent["form"]["blocks"]]
    assert sent["ack"].view_errors[Block.ROUTE] == t("meeting.route_needs_time", "da")
    with session_factory() as session:
        assert session.scalars(select(SparringRequest)).all() == []


def test_meeting_queue_agenda_once_and_marks(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    set_meeting(fake, inproc)
    for user in ("U2", "U3", "U4"):
        sent = send_to_meeting(fake, inproc, user)
        assert sent["ack"].payload is None, sent["ack"].payload
    told = [m["text"] for m in fake.messages(fake.open_im("U2"))]
    assert any("nr. 1" in text for text in told), told
    assert any("nr. 3" in text for text in (m["text"] for m in fake.messages(fake.open_im("U4"))))

    # Members see the next meeting and its queue, never the case text.
    acked = inproc.command("U5", "meeting", channel_id="C1")
    overview = shown(fake.open_view_for(acked.trigger_id, timeout=0))
    assert "<@U2>" in overview and "<@U4>" in overview and SECRET not in overview

    with session_factory() as session:
        stored_team = session.get(Team, team)
        assert stored_team is not None
        settings = settings_of(session, team_id=team)
        assert settings is not None
        day = next_day(settings, stored_team, now=utcnow())
        assert day is not None
        at = agenda_at(day, settings.start_time, team_tz(stored_team), 60)
    settings_obj = inproc.deps.settings
    run = {
        "client": make_web_client(settings_obj),
        "session_factory": session_factory,
        "settings": settings_obj,
    }
    # Not before its time.
    run_due_work(now=at - timedelta(minutes=1), **run)  # type: ignore[arg-type]
    assert agendas(fake) == []
    report = run_due_work(now=at + timedelta(minutes=1), **run)  # type: ignore[arg-type]
    assert f"agenda queued: agenda:{team}:{day.isoformat()}" in "\n".join(report.lines())
    run_due_work(now=at + timedelta(minutes=2), **run)  # type: ignore[arg-type]
    [agenda] = agendas(fake)
    text = shown(agenda)
    assert SECRET not in text and "Hvad gør vi nu" not in text
    # 20 minutes: two cases of 10, in order; the third moves on, first in the next queue.
    assert text.index("<@U2>") < text.index("<@U3>")
    assert "ca. 10 min." in text and "Passede ikke i tiden" in text
    assert "fokuspersonen fremlægger" in text
    assert any("flyttet til teammødet" in m["text"] for m in fake.messages(fake.open_im("U4")))

    u2, u3 = request_of(session_factory, "U2"), request_of(session_factory, "U3")
    with session_factory() as session:
        items = {i.request_id: i for i in session.scalars(select(MeetingItem))}
    # A member opens the full request from the agenda.
    acked = inproc.click(
        "U5", Action.AGENDA_OPEN, message=agenda, block_id=f"agenda_case:{items[u2.id].id}"
    )
    assert SECRET in shown(fake.open_view_for(acked.trigger_id, timeout=0))

    # Only the lead or the requester marks; the lead marks U2's taken, U3 moves their own.
    block_u2 = f"agenda_case:{items[u2.id].id}"
    inproc.click("U4", Action.AGENDA_TAKEN, message=agenda, block_id=block_u2)
    assert fake.ephemerals(user="U4")[-1]["text"] == t("meeting.only_lead", "da")
    inproc.click("U1", Action.AGENDA_TAKEN, message=agenda, block_id=block_u2)
    block_u3 = f"agenda_case:{items[u3.id].id}"
    inproc.click("U3", Action.AGENDA_MOVED, message=agendas(fake)[0], block_id=block_u3)

    assert request_of(session_factory, "U2").status == RequestStatus.RESOLVED
    assert request_of(session_factory, "U2").closed_at is not None  # retention counts from here
    assert request_of(session_factory, "U3").status == RequestStatus.OPEN
    with session_factory() as session:
        moved = session.scalars(select(MeetingItem).where(MeetingItem.request_id == u3.id)).one()
        assert moved.state == ItemState.QUEUED and moved.meeting_date > day
    told_u3 = [m["text"] for m in fake.messages(fake.open_im("U3"))] + [
        e["text"] for e in fake.ephemerals(user="U3")
    ]
    assert any("moved to the team meeting" in text for text in told_u3), told_u3  # Sara: English
    assert any("taget på teammødet" in m["text"] for m in fake.messages(fake.open_im("U2")))
    thread = [m for m in fake.messages("C1") if m.get("thread_ts") == agenda["ts"]]
    assert any("siger tak til teamet" in m["text"] for m in thread)
    updated = shown(agendas(fake)[0])
    assert "Taget (markeret af <@U1>)" in updated and "Flyttet til" in updated

    # A day after the meeting nothing is left unmarked; a rerun posts no second agenda.
    run_due_work(now=at + timedelta(days=1, hours=2), **run)  # type: ignore[arg-type]
    assert len(agendas(fake)) == 1
