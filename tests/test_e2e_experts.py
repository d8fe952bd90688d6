"""End to end: topic experts, passing a request on, answering it, and whole-team requests."""

from __future__ import annotations

from typing import Any

import pytest

from bot.playground.demo import option_value
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action
from tests.botprocess import BotProcess
from tests.test_e2e_request import (
    CHILD_TEXT,
    GOOD,
    QUESTION,
    choose,
    click_for_modal,
    invite_bot,
    open_modal,
    open_request_form,
    text_of,
)

pytestmark = pytest.mark.e2e
TOPIC = "Børnesamtalen og inddragelse af barnet"


def group_messages(fake: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake.messages() if m["channel"].startswith("G")]


def register_expert(fake: FakeSlack, user_id: str) -> None:
    form = open_modal(fake, user_id, "ekspert")
    topic = option_value(form, Action.EXPERT_TOPICS, TOPIC)
    ack = fake.submit_view(user_id, form["id"], {Action.EXPERT_TOPICS: [topic]})
    assert ack is not None
    assert ack["response_action"] == "update"
    assert f"Ekspertemner for dig i boern-og-familie: {TOPIC}." in text_of(ack["view"])


def test_an_expert_request_is_passed_on_taken_answered_and_closed(
    fake: FakeSlack, bot: BotProcess
) -> None:
    fake.add_member("C1", "U4")
    invite_bot(fake)
    register_expert(fake, "U2")
    register_expert(fake, "U4")

    fake.slash_command("U2", "eksperter børnesamtale", channel_id="C1")
    listed = fake.wait_for("response_url", lambda p: TOPIC in p["text"])
    assert "<@U2> og <@U4>" in listed.params["text"]
    assert "Ingen dækker" not in listed.params["text"]  # only leads see the gaps
    fake.slash_command("U1", "eksperter", channel_id="C1")
    fake.wait_for("response_url", lambda p: "*Ingen dækker:*" in p["text"])

    form = open_request_form(fake, "U1")
    assert Action.TOPIC not in text_of(form)  # only an expert request asks for a topic
    form = choose(fake, "U1", form, Action.ROUTE, "expert")
    assert Action.COLLEAGUE not in text_of(form)
    topic = option_value(form, Action.TOPIC, TOPIC)
    values = {k: v for k, v in GOOD.items() if k != Action.COLLEAGUE}
    ack = fake.submit_view("U1", form["id"], values | {Action.ROUTE: "expert"})
    assert ack is not None
    assert "Vælg det emne" in ack["errors"]["topic"]
    mark = fake.mark()
    fake.submit_view("U1", form["id"], values | {Action.ROUTE: "expert", Action.TOPIC: topic})
    first = fake.wait_for("conversations.open", after=mark)
    assert first.params["users"] == "U1,U2"  # equal load: the tie goes the same way every time
    fake.wait_for("chat.postMessage", lambda p: p["channel"].startswith("G"), after=mark)
    [to_u2] = group_messages(fake)
    assert TOPIC in text_of(to_u2)

    # U2 passes: the old message loses the case, U4 gets the request.
    mark = fake.mark()
    fake.click("U2", Action.DECLINE, message=to_u2)
    emptied = fake.wait_for("chat.update", lambda p: p["ts"] == to_u2["ts"], after=mark)
    assert CHILD_TEXT not in str(emptied.params)
    second = fake.wait_for("conversations.open", after=mark)
    assert second.params["users"] == "U1,U4"
    to_u3 = fake.wait_for(
        "chat.postMessage", lambda p: p["channel"] == second.response["channel"]["id"], after=mark
    )
    message = next(m for m in group_messages(fake) if m["ts"] == to_u3.response["ts"])
    assert CHILD_TEXT in text_of(message)

    # A colleague who is not the recipient cannot take it (told in her own language).
    fake.click("U3", Action.ACCEPT, message=message)
    fake.wait_for("response_url", lambda p: "That button is for the person" in p["text"])
    fake.click("U4", Action.ACCEPT, message=message)
    fake.wait_for("chat.update", lambda p: p["ts"] == message["ts"] and "Taget af <@U4>" in str(p))

    # U4 answers through the reply modal; the bot posts it in the thread.
    reply = click_for_modal(fake, "U4", Action.REPLY, fake.messages(message["channel"])[0])
    ack = fake.submit_view("U4", reply["id"], {Action.ANSWER: "Mor 010180-1234 sagde …"})
    assert ack is not None
    assert "CPR" in ack["errors"]["answer"]
    answer = "Start med noget, barnet kender — tegn huset sammen med barnet."
    # Slack fails: the modal stays open with the answer in it.
    fake.fail_next("chat.postMessage", status=500, error="internal_error")
    ack = fake.submit_view("U4", reply["id"], {Action.ANSWER: answer})
    assert ack is not None
    assert "din tekst er her stadig" in ack["errors"]["answer"]  # the modal stays open
    assert fake.submit_view("U4", reply["id"], {Action.ANSWER: answer}) in (None, {})
    posted = fake.wait_for("chat.postMessage", lambda p: p.get("thread_ts") == message["ts"])
    assert answer in text_of(posted.params)
    assert "<@U4>" in text_of(posted.params)
    assert answer not in posted.params["text"]  # notifications carry no content
    fake.wait_for(
        "chat.update", lambda p: p["ts"] == message["ts"] and "Besvaret af <@U4>" in str(p)
    )
    answers = [c for c in fake.calls_to("chat.postMessage") if c.ok and c.params.get("thread_ts")]
    assert len(answers) == 1

    close = click_for_modal(fake, "U1", Action.CLOSE_REQUEST, fake.messages(message["channel"])[0])
    fake.submit_view("U1", close["id"], {Action.THANKS: "Tusind tak, det hjalp!"})
    fake.wait_for(
        "chat.postMessage",
        lambda p: "Tusind tak" in str(p.get("blocks")) and "<@U4>" in str(p.get("blocks")),
    )
    fake.wait_for("chat.update", lambda p: p["ts"] == message["ts"] and "Lukket" in str(p))
    fake.slash_command("U1", "mine")
    fake.wait_for(
        "response_url",
        lambda p: "Dine åbne anmodninger" in p["text"] and "Ingen lige nu" in p["text"],
    )


def test_a_whole_team_request_goes_to_the_first_who_offers(
    fake: FakeSlack, bot: BotProcess
) -> None:
    fake.add_member("C1", "U4")
    invite_bot(fake)
    form = open_request_form(fake, "U1")
    values = {k: v for k, v in GOOD.items() if k != Action.COLLEAGUE}
    mark = fake.mark()
    fake.submit_view("U1", form["id"], values | {Action.ROUTE: "team"})
    posted = fake.wait_for(
        "chat.postMessage",
        lambda p: p["channel"] == "C1" and "søger sparring" in p["text"],
        after=mark,
    )
    notice = next(m for m in fake.messages("C1") if m["ts"] == posted.response["ts"])
    shown = text_of(notice)
    assert "Erfaring fra en lignende sag" in shown
    assert CHILD_TEXT not in shown
    assert QUESTION not in shown  # nothing of the case in the channel

    fake.click("U1", Action.I_CAN_HELP, message=notice)
    fake.wait_for("response_url", lambda p: "Det er din egen anmodning" in p["text"])
    mark = fake.mark()
    fake.click("U3", Action.I_CAN_HELP, message=notice)
    fake.wait_for(
        "chat.update", lambda p: p["ts"] == notice["ts"] and "<@U3> hjælper" in str(p), after=mark
    )
    opened = fake.wait_for("conversations.open", after=mark)
    assert opened.params["users"] == "U1,U3"
    fake.wait_for("chat.postMessage", lambda p: p["channel"] == opened.response["channel"]["id"])
    # Someone whose Slack still shows the old button is told who took it.
    [button] = [
        element
        for block in notice["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == Action.I_CAN_HELP
    ]
    fake.click("U4", Action.I_CAN_HELP, value=button["value"], channel_id="C1")
    fake.wait_for("response_url", lambda p: "<@U3> nåede at tage den først" in p["text"])
    assert len(group_messages(fake)) == 1


def test_the_lead_keeps_the_topic_list_and_sets_expert_roles(
    fake: FakeSlack, bot: BotProcess
) -> None:
    invite_bot(fake)  # Mette (U1) leads
    refused = open_modal(fake, "U2", "emner")
    assert "Det kan kun teamlederen" in text_of(refused)

    topics = open_modal(fake, "U1", "emner")
    old = option_value(topics, Action.TOPIC_PICK, "Ungdomskriminalitet")
    retired = option_value(topics, Action.TOPIC_RETIRE, "Højkonfliktskilsmisse")
    ack = fake.submit_view("U1", topics["id"], {Action.TOPIC_PICK: old})
    assert ack is not None
    assert "Vælg emnet og skriv det nye navn" in ack["errors"]["topic_rename"]
    ack = fake.submit_view(
        "U1",
        topics["id"],
        {
            Action.TOPIC_ADD: "Efterværn",
            Action.TOPIC_PICK: old,
            Action.TOPIC_RENAME: "Unge i kriminalitet",
            Action.TOPIC_RETIRE: [retired],
        },
    )
    assert ack is not None
    assert "Teamets emneliste er opdateret" in text_of(ack["view"])

    # The lead makes Jonas the expert on the new topic; he sees it in his own list.
    roles = open_modal(fake, "U1", "ekspert <@U2|jonas>")
    names = text_of(roles)
    assert "Efterværn" in names
    assert "Unge i kriminalitet" in names
    assert "Højkonfliktskilsmisse" not in names
    ack = fake.submit_view(
        "U1",
        roles["id"],
        {Action.EXPERT_TOPICS: [option_value(roles, Action.EXPERT_TOPICS, "Efterværn")]},
    )
    assert ack is not None
    assert "Ekspertemner for <@U2> i boern-og-familie: Efterværn." in text_of(ack["view"])
    fake.slash_command("U2", "eksperter efterværn", channel_id="C1")
    fake.wait_for("response_url", lambda p: "*Efterværn*: <@U2>" in p["text"])
    # Only the lead may set someone else's roles.
    refused = open_modal(fake, "U2", "ekspert <@U4|ali>")
    assert "Det kan kun teamlederen" in text_of(refused)


def test_the_requester_can_withdraw_a_whole_team_request(fake: FakeSlack, bot: BotProcess) -> None:
    invite_bot(fake)
    form = open_request_form(fake, "U1")
    values = {k: v for k, v in GOOD.items() if k != Action.COLLEAGUE}
    mark = fake.mark()
    fake.submit_view("U1", form["id"], values | {Action.ROUTE: "team"})
    posted = fake.wait_for("chat.postMessage", lambda p: p["channel"] == "C1", after=mark)
    notice = next(m for m in fake.messages("C1") if m["ts"] == posted.response["ts"])
    fake.click("U2", Action.WITHDRAW, message=notice)
    fake.wait_for("response_url", lambda p: "Kun den, der bad om sparring" in p["text"])
    fake.click("U1", Action.WITHDRAW, message=notice)
    fake.wait_for("chat.update", lambda p: p["ts"] == notice["ts"] and "Trukket tilbage" in str(p))
    fake.slash_command("U1", "mine")
    fake.wait_for("response_url", lambda p: "Dine åbne anmodninger*\nIngen lige nu" in p["text"])
