"""In process: the identifier warning's confirm step, `/sparring mine data`, forgetting in
Slack, and a known case text through every free-text field leaking nowhere."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.logs import _NoLibraryDebug, configure_logging
from bot.playground.slack import FakeSlack
from bot.privacy import audit
from bot.privacy.forget import forget
from bot.slack.ids import Action, Block
from models import AuditEntry, RequestEvent, SparringRequest, utcnow
from tests.inprocess import InProcess
from tests.test_inprocess_requests import GOOD, click_for_modal, form, in_group
from tests.test_inprocess_requests import asked as asked  # a fixture, used by name
from tests.testkeys import TEST_KEY

NAMED = "Drengen bor hos Jens Nielsen, tlf. 22 33 44 55"


def test_a_name_gets_the_same_modal_back_with_a_checkbox_and_only_a_tick_sends(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    view_id = form(fake, inproc)
    values: dict[str, Any] = GOOD | {Action.CHILD: NAMED}
    acked = inproc.submit_view("U1", view_id, values)
    assert acked.response_action == "update"
    again = inproc.submit_view("U1", view_id, values)  # a double click: the same state
    assert again.response_action == "update"
    view = fake.view(view_id)
    shown = json.dumps(view["blocks"], ensure_ascii=False)
    assert "et navn" in shown and "et telefonnummer" in shown
    assert "Jeg har tjekket teksten — send alligevel" in shown
    child = next(b for b in view["blocks"] if b.get("block_id") == Block.CHILD)
    assert child["element"]["initial_value"] == NAMED  # every typed value kept
    with session_factory() as session:
        assert session.scalars(select(SparringRequest)).all() == []
    # Submitted again with nothing changed but the tick: the kept values go through.
    acked = inproc.submit_view("U1", view_id, {Action.IDENTIFIERS_CHECKED: ["checked"]})
    assert acked.payload is None
    with session_factory() as session:
        [request] = session.scalars(select(SparringRequest)).all()
        assert request.child_text == NAMED and request.question_text == GOOD[Action.QUESTION]
        events = session.scalars(select(RequestEvent.action)).all()
        assert "identifiers_confirmed" in events


def test_casework_without_identifiers_goes_straight_through(
    fake: FakeSlack, inproc: InProcess, team: int
) -> None:
    acked = inproc.submit_view("U1", form(fake, inproc), GOOD)
    assert acked.payload is None


def test_my_data_arrives_as_files_in_a_dm(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    inproc.submit_view("U1", form(fake, inproc), GOOD)
    inproc.command("U1", "mine data", channel_id="C1")
    dm = fake.open_im("U1")
    files = fake.files(dm)
    assert {f["filename"] for f in files} == {"sparring-data.json", "sparring-data.txt"}
    data = json.loads(next(f for f in files if f["filename"].endswith(".json"))["content"])
    assert data["requests_made"][0]["case_text"]["child"] == GOOD[Action.CHILD]
    assert "Jeg sender dig dine data" in fake.ephemerals(user="U1")[-1]["text"]
    inproc.command("U3", "my data", channel_id="C1")
    assert len(fake.files(fake.open_im("U3"))) == 2
    with session_factory() as session:
        exported = session.scalars(
            select(AuditEntry.subject).where(AuditEntry.action == "data_exported")
        ).all()
        assert sorted(exported) == ["U1", "U3"]


def test_forget_deletes_the_bots_messages_with_their_case(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    inproc.submit_view("U1", form(fake, inproc), GOOD)
    assert GOOD[Action.CHILD] in json.dumps(in_group(fake, "U1", "U2"), ensure_ascii=False)
    done = forget(
        session_factory=session_factory,
        client=inproc.app.client,
        user_id="U1",
        alias=audit.pseudonym(TEST_KEY, "U1"),
        now=utcnow(),
        dry_run=False,
    )
    assert not done.slack_failed
    everything = json.dumps(fake.messages(), ensure_ascii=False)
    assert GOOD[Action.CHILD] not in everything


LEAK = "Hemmelig-Sagstekst-7Q"


def test_a_case_text_through_every_field_leaks_nowhere(
    fake: FakeSlack,
    inproc: InProcess,
    team: int,
    session_factory: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    # The bot's own log filter, as configure_logging installs it: library DEBUG output carries
    # request bodies and is dropped there.
    caplog.handler.addFilter(_NoLibraryDebug())
    fields = {
        Action.CHILD: f"{LEAK} barn",
        Action.PARENTING: f"{LEAK} forældre",
        Action.FAMILY: f"{LEAK} familie",
        Action.QUESTION: f"{LEAK} spørgsmål?",
    }
    inproc.submit_view("U1", form(fake, inproc), GOOD | fields)
    message = in_group(fake, "U1", "U2")
    reply = click_for_modal(fake, inproc, "U2", Action.REPLY, message)
    inproc.submit_view("U2", reply["id"], {Action.ANSWER: f"{LEAK} svar"})
    close = click_for_modal(fake, inproc, "U1", Action.CLOSE_REQUEST, message)
    inproc.submit_view("U1", close["id"], {Action.THANKS: f"{LEAK} tak"})
    # A refused one too: the error reply must not echo it.
    inproc.submit_view("U1", form(fake, inproc), GOOD | {Action.QUESTION: f"{LEAK} 010190-1234"})
    # It went where it belongs (the group DM and its thread): the scan below means something.
    posted = json.dumps(fake.messages(), ensure_ascii=False)
    assert f"{LEAK} barn" in posted and f"{LEAK} svar" in posted and f"{LEAK} tak" in posted
    assert LEAK not in caplog.text
    for call in fake.calls:
        if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            assert LEAK not in str(call.params.get("text") or ""), call.method  # notifications
            if str(call.params.get("channel", "")).startswith("C"):
                assert LEAK not in json.dumps(call.params, ensure_ascii=False)  # channel posts
        if call.method == "response_url":
            assert LEAK not in json.dumps(call.params, ensure_ascii=False)
    with session_factory() as session:
        for entry in session.scalars(select(AuditEntry)):
            assert LEAK not in repr((entry.actor, entry.action, entry.subject, entry.detail))


@pytest.mark.parametrize(
    ("button", "field", "who"),
    [(Action.REPLY, Action.ANSWER, "U2"), (Action.CLOSE_REQUEST, Action.THANKS, "U1")],
    ids=["svar", "thanks"],
)
def test_an_answer_or_a_thank_you_naming_someone_waits_for_the_tick(
    fake: FakeSlack,
    inproc: InProcess,
    asked: dict[str, Any],
    session_factory: sessionmaker[Session],
    button: str,
    field: str,
    who: str,
) -> None:
    modal = click_for_modal(fake, inproc, who, button, asked)
    before = len([c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")])

    warned = inproc.submit_view(who, modal["id"], {field: NAMED})
    twice = inproc.submit_view(who, modal["id"], {field: NAMED})  # a double click
    assert warned.response_action == "update" and twice.response_action == "update"
    shown = json.dumps(fake.view(modal["id"])["blocks"], ensure_ascii=False)
    assert "Jeg har tjekket teksten — send alligevel" in shown and NAMED in shown
    posted = [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert len(posted) == before  # nothing went to Slack yet

    sent = inproc.submit_view(who, modal["id"], {Action.IDENTIFIERS_CHECKED: ["checked"]})
    assert sent.payload is None
    posted = [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert NAMED in json.dumps(posted[-1].params["blocks"], ensure_ascii=False)
    with session_factory() as session:
        confirmed = session.scalars(
            select(RequestEvent).where(RequestEvent.action == "identifiers_confirmed")
        ).all()
        assert [event.actor_id for event in confirmed] == [who]


def test_slack_calls_never_format_their_bodies_for_debug_lines(fake: FakeSlack) -> None:
    """slack_sdk builds a debug line with the whole request and response when its own logger's
    level (not the effective one) allows DEBUG; the bot's filter would drop it, but only after
    the text exists. Configured logging stops it being made, also at LOG_LEVEL=DEBUG."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    library = logging.getLogger("slack_sdk.web.base_client")
    library_level = library.level
    records: list[logging.LogRecord] = []
    catcher = logging.Handler()
    catcher.emit = records.append  # type: ignore[method-assign]
    library.addHandler(catcher)
    try:
        configure_logging("DEBUG")
        WebClient(token="xoxb-test", base_url=fake.api_url).chat_postMessage(
            channel="U1", text=f"{LEAK} barn"
        )
    finally:
        library.removeHandler(catcher)
        library.setLevel(library_level)
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert fake.messages(), "the call reached Slack: the scan below means something"
    assert not [r for r in records if LEAK in r.getMessage()]
