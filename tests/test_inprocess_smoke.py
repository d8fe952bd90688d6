"""In process: the app from `create_app` answering real payloads against the fake Slack."""

from __future__ import annotations

import pytest
from slack_bolt import Ack

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from bot.slack import modals
from bot.slack.ids import Action, Block
from tests.helpers import CASE_REQUEST
from tests.inprocess import InProcess


def test_help_answers_through_the_response_url(fake: FakeSlack, inproc: InProcess) -> None:
    acked = inproc.command("U1", "hjælp")

    assert acked.status == 200
    assert acked.payload is None  # a bare ack; the answer comes after it
    [posted] = fake.calls_to("response_url")
    assert posted.params["response_url"] == acked.request["response_url"]
    assert posted.params["response_type"] == "ephemeral"
    [shown] = fake.ephemerals(user="U1")
    assert shown["text"] == t("cmd.help", "da")
    assert shown["channel"] == "D0USER"


def test_sparring_opens_the_request_form(
    fake: FakeSlack, inproc: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(modals, "FILL_BUDGET", 10.0)  # the database is fast, whatever the load
    acked = inproc.command("U1", channel_id="C1")

    opened = fake.wait_for("views.open", timeout=0)
    assert opened.params["trigger_id"] == acked.trigger_id
    # The database answered within the budget: the form itself, no loading modal first.
    [view_id] = fake.modal_stack("U1")
    assert view_id == fake.open_view_for(acked.trigger_id)["id"]
    assert not fake.calls_to("views.update")
    form = fake.view(view_id)
    action_ids = {
        block.get("element", {}).get("action_id") for block in form["blocks"] if "element" in block
    }
    assert {Action.QUESTION, Action.COLLEAGUE} <= action_ids


def test_unknown_subcommand_answers_in_danish(fake: FakeSlack, inproc: InProcess) -> None:
    inproc.command("U1", "flyt alt")

    [shown] = fake.ephemerals(user="U1")
    assert shown["text"].startswith(t("cmd.unknown", "da", word="flyt"))
    assert t("cmd.help", "da") in shown["text"]


def test_button_on_a_request_that_is_gone(fake: FakeSlack, inproc: InProcess) -> None:
    dm = fake.open_im("U2")

    acked = inproc.click("U2", Action.ACCEPT, value="424242", channel_id=dm)

    assert acked.payload is None
    [shown] = fake.ephemerals(channel=dm, user="U2")
    assert shown["text"] == t("msg.request_gone", "da")
    assert not fake.messages(dm)


def test_an_error_escaping_a_listener_fails_the_test(fake: FakeSlack, inproc: InProcess) -> None:
    @inproc.app.action("inprocess_boom")
    def boom(ack: Ack) -> None:
        # Raised before ack(): raising right after it would hit Bolt's race that forgets the
        # ack (see handlers/errors.py) and cost a 3-second wait.
        raise RuntimeError("boom")

    with pytest.raises(AssertionError, match="escaped the listeners"):
        inproc.click("U2", "inprocess_boom", channel_id="D2")

    # Opted in: the app's own error handler answered with an error id, and Slack got no ack.
    acked = inproc.click("U2", "inprocess_boom", channel_id="D2", allow_errors=True)
    assert [type(error) for error in acked.errors] == [RuntimeError]
    assert acked.status == 500
    assert acked.envelope_id in {e["envelope_id"] for e in fake.envelopes}
    shown = fake.ephemerals(channel="D2", user="U2")
    assert len(shown) == 2
    prefix = t("error.unexpected", "da", error_id="").split("`")[0]
    assert all(entry["text"].startswith(prefix) for entry in shown)


def test_request_form_submission_errors_then_delivers(fake: FakeSlack, inproc: InProcess) -> None:
    inproc.command("U1")
    [form_id] = fake.modal_stack("U1")

    refused = inproc.submit_view("U1", form_id, {Action.COLLEAGUE: "U1"})

    assert refused.response_action == "errors"
    assert "dig selv" in refused.view_errors[Block.COLLEAGUE]
    assert fake.modal_stack("U1") == [form_id]  # still open with the errors shown

    good = CASE_REQUEST
    accepted = inproc.submit_view("U1", form_id, good)

    assert accepted.payload is None
    assert fake.modal_stack("U1") == []
    # Delivered to the group DM of the two before the dispatch returned: no waiting here.
    [delivered] = fake.messages(fake.open_mpim(["U1", "U2"]))
    assert "Har du erfaring med skolefravær?" in str(delivered["blocks"])
