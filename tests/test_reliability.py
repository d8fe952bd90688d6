"""Nothing lost, nothing doubled: Slack storing a post and answering 5xx, Slack refusing updates
for a while, and a replica dying with a claimed post. Time is passed in; nothing sleeps beyond
the Retry-After seconds of an injected 429 burst."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.core.settings import Settings
from bot.pairing.announce import run_due
from bot.playground.slack import FakeSlack
from bot.requests.delivery import Delivery, deliver_request
from bot.requests.render import REQUEST_UPDATES
from bot.slack import outbox
from bot.slack.client import make_web_client
from bot.slack.ids import Action
from models import MessageUpdate, OutboxMessage, Reply, SparringRequest, utcnow
from tests.conftest import add_team
from tests.helpers import CASE_REQUEST, slack_refuses_updates, store_team_request
from tests.inprocess import InProcess
from tests.test_pairing_db import MONDAY_NINE

STORED_THEN_500: dict[str, Any] = {"status": 500, "error": "internal_error", "store": True}
REQUEST = CASE_REQUEST


def retrying_client(fake: FakeSlack) -> WebClient:
    settings = Settings(  # type: ignore[call-arg]
        slack_bot_token=fake.bot_token, slack_api_url=fake.api_url, _env_file=None
    )
    return make_web_client(settings)


def send_request(fake: FakeSlack, inproc: InProcess) -> str:
    """U1 asks U2 through the form; returns the group conversation's id."""
    inproc.command("U1")
    [form_id] = fake.modal_stack("U1")
    assert inproc.submit_view("U1", form_id, REQUEST).payload is None
    return fake.open_mpim(["U1", "U2"])


def request_modal(
    fake: FakeSlack, inproc: InProcess, user: str, action: Action
) -> tuple[str, dict[str, Any], str]:
    """U1 asks U2 (see send_request), then `user` presses `action` on the request's message;
    the group conversation's id, the message and the modal it opened."""
    group = send_request(fake, inproc)
    [message] = fake.messages(group)
    inproc.click(user, action, message=message)
    [modal] = fake.modal_stack(user)
    return group, message, modal


def action_ids(message: dict[str, Any]) -> set[str]:
    return {
        element.get("action_id")
        for block in message.get("blocks") or []
        for element in block.get("elements") or [block.get("accessory") or {}]
    }


# 2. Posts doubled when Slack stores a post but answers 5xx -------------------------------


@pytest.mark.parametrize("faults", [1, 2])
def test_a_request_stored_then_500_is_posted_once(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session], faults: int
) -> None:
    fake.fail_next("chat.postMessage", times=faults, **STORED_THEN_500)

    group = send_request(fake, inproc)

    [posted] = fake.messages(group)
    with session_factory() as session:
        request = session.scalar(select(SparringRequest))
        assert request is not None
        assert (request.channel_id, request.message_ts) == (group, posted["ts"])
        assert request.delivery_error is None
    assert not fake.ephemerals(user="U1")  # no "could not send" notice: it was delivered


def test_a_whole_team_notice_stored_then_500_is_posted_once(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    team_id = add_team(session_factory, lead="U1")
    fake.add_member("C1", fake.bot_user_id)
    request_id = store_team_request(session_factory, team_id)
    fake.fail_next("chat.postMessage", times=2, **STORED_THEN_500)

    outcome = deliver_request(
        client=retrying_client(fake), session_factory=session_factory, request_id=request_id
    )

    assert outcome is Delivery.DELIVERED
    [notice] = fake.messages("C1")
    with session_factory() as session:
        stored = session.get(SparringRequest, request_id)
        assert stored is not None
        assert stored.notice_ts == notice["ts"]


def test_buddy_posts_stored_then_500_are_posted_once(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    add_team(session_factory, lead="U1")
    fake.add_member("C1", fake.bot_user_id)
    fake.fail_next("chat.postMessage", times=2, **STORED_THEN_500)  # the channel's, then a DM's
    fake.fail_next(
        "chat.postMessage", when=lambda p: p["channel"].startswith("G"), **STORED_THEN_500
    )

    run_due(client=retrying_client(fake), session_factory=session_factory, now=MONDAY_NINE)

    assert len(fake.messages("C1")) == 1
    groups = [m for m in fake.messages() if m["channel"].startswith("G")]
    assert len(groups) == len({m["channel"] for m in groups}) == 2
    assert fake.pending_failures() == 0
    with session_factory() as session:
        assert outbox.pending_ids(session) == []


def test_an_answer_stored_then_500_counts_as_posted(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    group, message, reply_modal = request_modal(fake, inproc, "U2", Action.REPLY)
    fake.fail_next("chat.postMessage", **STORED_THEN_500)

    acked = inproc.submit_view("U2", reply_modal, {Action.ANSWER: "Ring til skolen først."})

    assert acked.response_action is None  # not "not sent": Slack has it, so no second copy
    [_, answer] = fake.messages(group)
    assert answer["thread_ts"] == message["ts"]
    with session_factory() as session:
        [recorded] = session.scalars(select(Reply).where(Reply.posted_by_bot)).all()
        assert recorded.ts == answer["ts"]  # so retention deletes it


# 3. The database moves on, Slack does not ---------------------------------------------------


@slack_refuses_updates(retry_after=1)
def test_an_accept_slack_refused_is_told_and_shown_later(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session], fault: dict
) -> None:
    group = send_request(fake, inproc)
    [message] = fake.messages(group)
    fake.fail_next("chat.update", **fault)

    inproc.click("U2", Action.ACCEPT, message=message)

    [still] = fake.messages(group)
    assert Action.ACCEPT in action_ids(still)  # Slack still shows *Jeg tager den*
    [told] = fake.ephemerals(user="U2")
    assert told["text"] == t("msg.saved_pending", "da")
    with session_factory() as session:
        assert session.scalar(select(SparringRequest.status)) == "accepted"

    assert REQUEST_UPDATES.due(inproc.app.client, session_factory) == 0

    [shown] = fake.messages(group)
    assert Action.ACCEPT not in action_ids(shown)
    assert "<@U2>" in str(shown["blocks"])
    with session_factory() as session:
        row = session.scalar(select(MessageUpdate))
        assert row is not None
        assert row.shown == row.wanted


def test_a_typed_reply_refreshes_through_the_catch_up(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    group = send_request(fake, inproc)
    [message] = fake.messages(group)
    fake.fail_next("chat.update", status=500, error="internal_error", times=3)

    inproc.user_message("U2", group, "Ja, ring til mig i morgen.", thread_ts=message["ts"])

    assert fake.messages(group)[0]["blocks"] == message["blocks"]
    with session_factory() as session:
        assert session.scalar(select(SparringRequest.status)) == "answered"
    REQUEST_UPDATES.due(inproc.app.client, session_factory)
    [shown] = fake.messages(group)
    assert shown["blocks"] != message["blocks"]
    assert "edited" in shown


def test_a_thank_you_slack_refused_is_posted_once_later(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    group, message, close_modal = request_modal(fake, inproc, "U1", Action.CLOSE_REQUEST)
    fake.fail_next("chat.postMessage", status=500, error="internal_error", times=3)

    inproc.submit_view("U1", close_modal, {Action.THANKS: "Tak for sparringen!"})

    with session_factory() as session:
        assert session.scalar(select(SparringRequest.status)) == "resolved"
    assert fake.messages(group) == [fake.messages(group)[0]]  # no thank-you yet
    [told] = fake.ephemerals(user="U1")
    assert told["text"].startswith(t("msg.saved_pending", "da"))
    assert t("msg.closed_reminder", "da") in told["text"]

    outbox.send_pending(client=inproc.app.client, session_factory=session_factory)
    outbox.send_pending(client=inproc.app.client, session_factory=session_factory)

    [_, thanks] = fake.messages(group)
    assert thanks["thread_ts"] == message["ts"]
    assert "Tak for sparringen!" in str(thanks["blocks"])
    with session_factory() as session:
        row = session.scalar(select(OutboxMessage).where(OutboxMessage.key.like("thanks:%")))
        assert row is not None
        assert (row.text, row.blocks) == ("", None)  # the words are not kept once posted
        [bot_post] = session.scalars(select(Reply).where(Reply.posted_by_bot)).all()
        assert bot_post.ts == thanks["ts"]


def test_a_thank_you_stored_then_500_is_posted_once(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    group, message, close_modal = request_modal(fake, inproc, "U1", Action.CLOSE_REQUEST)
    fake.fail_next("chat.postMessage", **STORED_THEN_500)

    inproc.submit_view("U1", close_modal, {Action.THANKS: "Tak!"})

    [_, thanks] = fake.messages(group)
    assert thanks["thread_ts"] == message["ts"]
    [told] = fake.ephemerals(user="U1")
    assert told["text"] == t("msg.closed_reminder", "da")
    assert fake.calls_to("conversations.replies")


# 12. A crashed replica's claimed post ------------------------------------------------------


def test_a_crashed_senders_claim_is_taken_over_within_a_minute(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    fake.add_member("C1", fake.bot_user_id)
    with session_factory.begin() as session:
        outbox.enqueue(session, key="intro:test", users=["U1", "U2"], text="I er makkere")
        # A replica claimed the pair's group DM 45 seconds ago and was killed.
        crashed_at = utcnow() - timedelta(seconds=45)
        session.execute(update(OutboxMessage).values(claimed_at=crashed_at, attempts=1))

    outbox.send_pending(client=retrying_client(fake), session_factory=session_factory)

    [intro] = fake.messages()
    assert intro["text"] == "I er makkere"
    assert intro["channel"] == fake.open_mpim(["U1", "U2"])


def test_a_fresh_claim_is_left_to_its_sender(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    claimed = utcnow()
    with session_factory.begin() as session:
        outbox.enqueue(session, key="intro:test", users=["U1", "U2"], text="I er makkere")
        session.execute(update(OutboxMessage).values(claimed_at=claimed, attempts=1))
    client = retrying_client(fake)
    outbox.send_pending(client=client, session_factory=session_factory, now=claimed)
    assert fake.messages() == []  # its sender may still be posting
    later = claimed + outbox.CLAIM_LEASE + timedelta(seconds=1)
    outbox.send_pending(client=client, session_factory=session_factory, now=later)
    assert len(fake.messages()) == 1


def claimed_announcement(
    fake: FakeSlack, session_factory: sessionmaker[Session], claimed: datetime
) -> int:
    """An announcement for team channel C1 in the outbox, claimed by a sender at `claimed`."""
    fake.add_member("C1", fake.bot_user_id)
    with session_factory.begin() as session:
        outbox.enqueue(session, key="announce:test", channel_id="C1", text="Makkerpar")
        session.execute(update(OutboxMessage).values(claimed_at=claimed, attempts=1))
        [message_id] = outbox.pending_ids(session)
    return message_id


def test_a_working_sender_renews_its_claim(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    claimed = utcnow()
    message_id = claimed_announcement(fake, session_factory, claimed)
    renewed = claimed + timedelta(seconds=25)
    assert outbox.renew_claim(session_factory, message_id=message_id, claimed=claimed, now=renewed)
    client = retrying_client(fake)

    outbox.send_pending(
        client=client, session_factory=session_factory, now=renewed + timedelta(seconds=20)
    )
    assert fake.messages("C1") == []  # still held: renewed 20 s ago

    outbox.send_pending(
        client=client, session_factory=session_factory, now=renewed + timedelta(seconds=40)
    )
    assert len(fake.messages("C1")) == 1
    # The old holder's renewal now fails: it must not post.
    assert not outbox.renew_claim(
        session_factory, message_id=message_id, claimed=renewed, now=renewed + timedelta(seconds=41)
    )


def test_a_claim_taken_over_after_the_post_is_not_posted_again(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    crashed_at = utcnow()
    claimed_announcement(fake, session_factory, crashed_at)
    retrying_client(fake).chat_postMessage(
        channel="C1",
        text="Makkerpar",
        metadata={"event_type": outbox.METADATA_EVENT, "event_payload": {"key": "announce:test"}},
    )

    outbox.send_pending(
        client=retrying_client(fake),
        session_factory=session_factory,
        now=crashed_at + timedelta(seconds=50),
    )

    assert len(fake.messages("C1")) == 1
    with session_factory() as session:
        assert outbox.pending_ids(session) == []
