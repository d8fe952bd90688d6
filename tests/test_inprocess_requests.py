"""In process: the request form's submission and every button on a request's messages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Block, Callback
from models import Reply, SparringRequest
from tests.helpers import Message, Sessions
from tests.inprocess import InProcess

QUESTION = "Har du erfaring med skolefravær hos en dreng på 9?"
GOOD = {
    Action.CHILD: "Dreng, 9 år, stort skolefravær.",
    Action.QUESTION: QUESTION,
    Action.HELP_KIND: "experience",
    Action.FORM: "written",
    Action.FEEDBACK: "recognition",
    Action.COLLEAGUE: "U2",
}
TOPIC = "Børnesamtalen og inddragelse af barnet"


def shown(message: dict[str, Any]) -> str:
    """A message's or view's blocks as searchable text."""
    return json.dumps(message.get("blocks") or [], ensure_ascii=False)


def form(fake: FakeSlack, inproc: InProcess, user: str = "U1") -> str:
    """`user` types /sparring in C1; the request form's view id."""
    acked = inproc.command(user, channel_id="C1")
    return str(fake.open_view_for(acked.trigger_id, timeout=0)["id"])


def ask(fake: FakeSlack, inproc: InProcess, **values: Any) -> None:
    """Mette (U1) sends a valid request with `values` changed (None: left out)."""
    chosen = {k: v for k, v in (GOOD | values).items() if v is not None}
    assert inproc.submit_view("U1", form(fake, inproc), chosen).payload is None


def in_group(fake: FakeSlack, *users: str) -> dict[str, Any]:
    """The bot's (only) message in the group DM of `users`, not counting its thread."""
    channel = fake.messages(fake.open_mpim(list(users)))
    [message] = [m for m in channel if m.get("thread_ts") in (None, m["ts"])]
    return message


def stored(session_factory: sessionmaker[Session]) -> SparringRequest:
    """The (only) request."""
    with session_factory() as session:
        [request] = session.scalars(select(SparringRequest)).all()
        return request


def button_value(message: dict[str, Any], action_id: str) -> str:
    """The value of the button `action_id` on a message."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button")


def click_for_modal(
    fake: FakeSlack,
    inproc: InProcess,
    user: str,
    action: str,
    message: dict[str, Any],
    callback: Callback | None = None,
) -> dict[str, Any]:
    """Press a button that opens a modal (checked to be `callback`, when given); the modal."""
    acked = inproc.click(user, action, message=message)
    modal = fake.open_view_for(acked.trigger_id, timeout=0)
    assert callback is None or modal["callback_id"] == callback
    return modal


def refused_with(fake: FakeSlack, user: str, key: str, language: str = "da") -> None:
    """The last thing `user` was told is the refusal `key`."""
    assert fake.ephemerals(user=user)[-1]["text"] == t(key, language)  # type: ignore[arg-type]


@pytest.fixture
def asked(fake: FakeSlack, inproc: InProcess, team: int) -> dict[str, Any]:
    """Mette (U1) has asked Jonas (U2); the request's message in their group DM."""
    ask(fake, inproc)
    return in_group(fake, "U1", "U2")


@pytest.fixture
def experts(fake: FakeSlack, inproc: InProcess, team: int) -> None:
    """Jonas (U2) and Ali (U4) are experts on TOPIC."""
    for user in ("U2", "U4"):
        acked = inproc.command(user, "ekspert", channel_id="C1")
        view = fake.open_view_for(acked.trigger_id, timeout=0)
        inproc.submit_view(user, view["id"], {Action.EXPERT_TOPICS: [topic_value(view)]})


def topic_value(view: dict[str, Any]) -> str:
    """The value of TOPIC's option in a view."""
    for block in view["blocks"]:
        element = block.get("element") or {}
        for group in element.get("option_groups") or [{"options": element.get("options") or []}]:
            for option in group["options"]:
                if option["text"]["text"] == TOPIC:
                    return str(option["value"])
    raise AssertionError("no such topic")


# ------------------------------------------------------------------ the form


def test_the_form_shows_every_error_at_once_and_stores_nothing(
    fake: FakeSlack, inproc: InProcess, session_factory: Sessions
) -> None:
    refused = inproc.submit_view("U1", form(fake, inproc), {Action.COLLEAGUE: "U1"})

    assert refused.response_action == "errors"
    assert refused.view_errors[Block.QUESTION] == t("error.question_missing", "da")
    assert Block.CHILD in refused.view_errors
    assert refused.view_errors[Block.COLLEAGUE] == t("error.self", "da")
    with session_factory() as session:
        assert session.scalar(select(func.count(SparringRequest.id))) == 0
    assert fake.calls_to("chat.postMessage") == []


def test_the_form_refuses_a_cpr_number(fake: FakeSlack, inproc: InProcess) -> None:
    view_id = form(fake, inproc)

    refused = inproc.submit_view("U1", view_id, GOOD | {Action.CHILD: "Dreng 150317-1234"})

    assert refused.view_errors == {Block.CHILD: t("error.cpr", "da")}


@pytest.mark.usefixtures("team")
def test_a_valid_request_submitted_twice_is_stored_and_delivered_once(
    fake: FakeSlack, inproc: InProcess, session_factory: Sessions
) -> None:
    view_id = form(fake, inproc)

    first = inproc.submit_view("U1", view_id, GOOD)
    second = inproc.submit_view("U1", view_id, GOOD)

    assert first.payload is second.payload is None
    request = stored(session_factory)
    assert (request.requester_id, request.recipient_ids, request.team_id) == ("U1", ["U2"], 1)
    message = in_group(fake, "U1", "U2")
    assert QUESTION in shown(message)
    assert QUESTION not in message["text"]  # notifications carry no case text
    assert (request.channel_id, request.message_ts) == (message["channel"], message["ts"])


# ------------------------------------------------------------------ buttons


def test_accept_by_the_recipient(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    inproc.click("U2", Action.ACCEPT, message=asked)

    assert t("status.accepted", "da", helper="U2") in shown(in_group(fake, "U1", "U2"))
    assert stored(session_factory).status == "accepted"


def test_accept_by_anyone_else_is_refused_in_their_language(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    inproc.click("U3", Action.ACCEPT, message=asked)

    refused_with(fake, "U3", "msg.not_allowed", "en")
    assert stored(session_factory).status == "open"
    assert fake.calls_to("chat.update") == []


def test_decline_sends_an_expert_request_to_the_next_expert(
    fake: FakeSlack, inproc: InProcess, experts: None, session_factory: Sessions
) -> None:
    view_id = form(fake, inproc)
    values = {k: v for k, v in GOOD.items() if k != Action.COLLEAGUE}
    # Choosing the expert route shows the topic (and no colleague) in the form.
    inproc.click("U1", Action.ROUTE, value="expert", view_id=view_id)
    assert Action.COLLEAGUE not in shown(fake.view(view_id))
    topic = topic_value(fake.view(view_id))
    inproc.submit_view("U1", view_id, values | {Action.ROUTE: "expert", Action.TOPIC: topic})
    first = in_group(fake, "U1", "U2")

    inproc.click("U2", Action.DECLINE, message=first)

    assert QUESTION not in shown(in_group(fake, "U1", "U2"))  # the case left the old DM
    assert t("msg.moved", "da") in shown(in_group(fake, "U1", "U2"))
    assert QUESTION in shown(in_group(fake, "U1", "U4"))
    assert stored(session_factory).recipient_ids == ["U4"]


def test_decline_sends_a_colleague_request_back_to_the_requester(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    inproc.click("U2", Action.DECLINE, message=asked)

    request = stored(session_factory)
    assert request.recipient_ids == []
    assert QUESTION not in shown(in_group(fake, "U1", "U2"))
    back = [m for m in fake.messages() if t("status.unassigned", "da") in shown(m)]
    assert [m["channel"] for m in back] == [request.channel_id]
    assert fake.channel_members(request.channel_id or "") in (["U1"], ["U1", fake.bot_user_id])


def test_a_stale_button_is_refused(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    old_value = button_value(asked, Action.ACCEPT)
    inproc.click("U2", Action.DECLINE, message=asked)
    before = stored(session_factory).delivery_generation

    # Jonas' Slack still shows the old message with its buttons.
    inproc.click("U2", Action.ACCEPT, value=old_value, channel_id=asked["channel"])

    refused_with(fake, "U2", "msg.not_open")
    request = stored(session_factory)
    assert (request.status, request.accepted_by) == ("open", None)
    assert request.delivery_generation == before


def test_hand_over_through_its_modal(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    modal = click_for_modal(fake, inproc, "U2", Action.HAND_OVER, asked, Callback.HAND_OVER)

    to_requester = inproc.submit_view("U2", modal["id"], {Action.NEW_HOLDER: "U1"})
    handed = inproc.submit_view("U2", modal["id"], {Action.NEW_HOLDER: "U3"})

    assert to_requester.view_errors == {Block.NEW_HOLDER: t("error.to_requester", "da")}
    assert handed.payload is None
    assert QUESTION in shown(in_group(fake, "U1", "U3"))
    assert QUESTION not in shown(in_group(fake, "U1", "U2"))
    assert stored(session_factory).recipient_ids == ["U3"]


def test_reply_through_its_modal_is_posted_in_the_thread(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    modal = click_for_modal(fake, inproc, "U2", Action.REPLY, asked, Callback.REPLY)

    cpr = inproc.submit_view("U2", modal["id"], {Action.ANSWER: "Mor 010180-1234 sagde …"})
    answer = "Start med noget, barnet kender."
    posted = inproc.submit_view("U2", modal["id"], {Action.ANSWER: answer})

    assert cpr.view_errors == {Block.ANSWER: t("error.cpr", "da")}
    assert posted.payload is None
    [in_thread] = [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert in_thread.params["thread_ts"] == asked["ts"]
    assert answer in json.dumps(in_thread.params["blocks"], ensure_ascii=False)
    assert answer not in in_thread.params["text"]
    assert t("status.answered", "da", author="U2") in shown(in_group(fake, "U1", "U2"))
    with session_factory() as session:
        assert session.scalars(select(Reply.author_id)).all() == ["U2"]


def test_close_through_its_modal_thanks_the_helper(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    stranger = click_for_modal(fake, inproc, "U2", Action.CLOSE_REQUEST, asked)
    refused = inproc.submit_view("U2", stranger["id"], {})
    modal = click_for_modal(fake, inproc, "U1", Action.CLOSE_REQUEST, asked, Callback.CLOSE)

    closed = inproc.submit_view("U1", modal["id"], {Action.THANKS: "Tusind tak!"})

    assert refused.view_errors == {Block.THANKS: t("msg.only_requester", "da")}
    assert closed.payload is None
    assert stored(session_factory).status == "resolved"
    assert t("status.resolved", "da") in shown(in_group(fake, "U1", "U2"))
    [thanks] = [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert "Tusind tak!" in json.dumps(thanks.params["blocks"], ensure_ascii=False)
    assert "<@U2>" in json.dumps(thanks.params["blocks"])
    [reminder] = fake.ephemerals(user="U1")
    assert reminder["text"] == t("msg.closed_reminder", "da")


def test_withdraw_is_the_requesters(
    fake: FakeSlack, inproc: InProcess, asked: Message, session_factory: Sessions
) -> None:
    inproc.click("U2", Action.WITHDRAW, message=asked)
    refused_with(fake, "U2", "msg.only_requester")
    assert stored(session_factory).status == "open"

    inproc.click("U1", Action.WITHDRAW, message=asked)

    assert stored(session_factory).status == "withdrawn"
    assert QUESTION not in shown(in_group(fake, "U1", "U2"))


@pytest.mark.usefixtures("team")
def test_i_can_help_on_a_whole_team_notice(
    fake: FakeSlack, inproc: InProcess, session_factory: Sessions
) -> None:
    ask(fake, inproc, **{Action.COLLEAGUE: None, Action.ROUTE: "team"})
    [notice] = fake.messages("C1")
    assert QUESTION not in shown(notice)  # nothing of the case in the channel

    inproc.click("U1", Action.I_CAN_HELP, message=notice)
    refused_with(fake, "U1", "msg.own_notice")
    inproc.click("U3", Action.I_CAN_HELP, message=notice)
    inproc.click(
        "U4", Action.I_CAN_HELP, value=button_value(notice, Action.I_CAN_HELP), channel_id="C1"
    )

    assert t("status.taken", "da", helper="U3") in shown(fake.messages("C1")[0])
    assert QUESTION in shown(in_group(fake, "U1", "U3"))
    assert fake.ephemerals(user="U4")[-1]["text"] == t("msg.taken", "da", helper="U3")
    assert stored(session_factory).recipient_ids == ["U3"]


@pytest.mark.usefixtures("team")
def test_retry_after_a_failed_delivery(
    fake: FakeSlack, inproc: InProcess, session_factory: Sessions
) -> None:
    # An error Slack answers at once (a 5xx is retried by the client, which takes seconds).
    fake.fail_next("chat.postMessage", status=200, error="fatal_error")
    ask(fake, inproc)
    [failed] = fake.ephemerals(user="U1")
    assert stored(session_factory).message_ts is None
    retry = button_value(failed, Action.RETRY_DELIVERY)

    inproc.click("U2", Action.RETRY_DELIVERY, value=retry, channel_id="C1")
    refused_with(fake, "U2", "msg.only_requester")
    inproc.click("U1", Action.RETRY_DELIVERY, value=retry, channel_id="C1")
    inproc.click("U1", Action.RETRY_DELIVERY, value=retry, channel_id="C1")

    message = in_group(fake, "U1", "U2")
    assert stored(session_factory).message_ts == message["ts"]
    told = [e["text"] for e in fake.ephemerals(user="U1")]
    assert "<@U2>" in told[-2]
    assert told[-1] == t("msg.delivery_done", "da")
