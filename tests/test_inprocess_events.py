"""In process: Events API events (the bot invited or removed, people joining and leaving, thread
replies) and the App Home."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Callback
from models import Reply, Team, TeamMember
from tests.helpers import QUICK_REQUEST
from tests.inprocess import InProcess


def members(session_factory: sessionmaker[Session]) -> dict[str, tuple[bool, bool]]:
    """Everyone ever in a team: (is lead, still there)."""
    with session_factory() as session:
        rows = session.execute(select(TeamMember.user_id, TeamMember.is_lead, TeamMember.left_at))
        return {user: (lead, left is None) for user, lead, left in rows}


def stopped(session_factory: sessionmaker[Session]) -> bool:
    """Whether the (only) team has stopped."""
    with session_factory() as session:
        return session.scalars(select(Team.stopped_at)).one() is not None


def joined(fake: FakeSlack, user: str, **extra: Any) -> dict[str, Any]:
    """The event of `user` joining C1 (after Slack added them)."""
    fake.add_member("C1", user)
    return {"type": "member_joined_channel", "user": user, "channel": "C1", **extra}


def stopped_notice(fake: FakeSlack) -> list[dict[str, Any]]:
    """The bot's messages telling the lead the team has stopped."""
    text = t("pairs.stopped", "da", channel="C1", name="boern-og-familie")
    return [m for m in fake.messages() if m["text"] == text]


def test_the_bot_invited_makes_a_team_and_says_hello_once(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    invited = joined(fake, fake.bot_user_id, inviter="U1", team=fake.team_id)

    first = inproc.event(invited)
    inproc.event(
        invited, event_id=first.request["event_id"], retry_attempt=1, retry_reason="timeout"
    )
    inproc.event(invited)  # invited again later: a new event, still one hello

    assert first.status == 200
    assert members(session_factory) == {
        "U1": (True, True),
        "U2": (False, True),
        "U3": (False, True),
    }
    [hello] = fake.messages("C1")
    assert hello["text"] == t("team.hello", "da")


@pytest.mark.usefixtures("team")
def test_a_person_joining_is_welcomed_privately_once(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:  # Hanne left earlier
        session.scalars(
            select(TeamMember).where(TeamMember.user_id == "U5")
        ).one().left_at = session.scalars(select(Team.created_at)).one()

    first = inproc.event(joined(fake, "U5"))
    inproc.event(joined(fake, "U5"), event_id=first.request["event_id"], retry_attempt=1)

    [welcome] = fake.ephemerals(user="U5")
    assert (welcome["channel"], welcome["text"]) == ("C1", t("team.welcome", "da"))
    assert fake.messages("C1") == []  # the channel stays quiet
    assert members(session_factory)["U5"] == (False, True)


@pytest.mark.usefixtures("team")
def test_another_bot_joining_is_not_a_member(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    inproc.event(joined(fake, "UOTHERBOT"))

    assert "UOTHERBOT" not in members(session_factory)
    assert fake.ephemerals() == []


@pytest.mark.usefixtures("team")
def test_a_person_leaving_leaves_the_team(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.remove_member("C1", "U3")

    inproc.event({"type": "member_left_channel", "user": "U3", "channel": "C1"})

    assert members(session_factory)["U3"] == (False, False)
    assert members(session_factory)["U2"] == (False, True)


@pytest.mark.usefixtures("team")
def test_a_deactivated_colleague_leaves_every_team(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    inproc.event({"type": "user_change", "user": {"id": "U2", "deleted": False}})
    assert members(session_factory)["U2"] == (False, True)

    inproc.event({"type": "user_change", "user": {"id": "U2", "deleted": True}})

    assert members(session_factory)["U2"] == (False, False)


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize(
    "event",
    [
        pytest.param({"type": "channel_archive", "channel": "C1", "user": "U1"}, id="archived"),
        pytest.param({"type": "group_archive", "channel": "C1"}, id="private_archived"),
        pytest.param(
            {"type": "member_left_channel", "user": "UBOT", "channel": "C1"}, id="bot_removed"
        ),
    ],
)
def test_the_team_stops_when_its_channel_is_gone(
    fake: FakeSlack,
    inproc: InProcess,
    session_factory: sessionmaker[Session],
    event: dict[str, Any],
) -> None:
    event = {k: fake.bot_user_id if v == "UBOT" else v for k, v in event.items()}

    first = inproc.event(event)
    inproc.event(event, event_id=first.request["event_id"], retry_attempt=1)

    assert stopped(session_factory)
    [told] = stopped_notice(fake)
    assert told["channel"] != "C1"
    assert fake.channel_members(told["channel"]) in (["U1"], ["U1", fake.bot_user_id])


@pytest.fixture
def request_message(fake: FakeSlack, inproc: InProcess, team: int) -> dict[str, Any]:
    """Mette (U1) has asked Jonas (U2) a quick question; its message in their group DM."""
    acked = inproc.command("U1", channel_id="C1")
    form = fake.open_view_for(acked.trigger_id, timeout=0)
    inproc.submit_view("U1", form["id"], QUICK_REQUEST)
    [message] = fake.messages(fake.open_mpim(["U1", "U2"]))
    return message


def test_a_reply_in_the_thread_is_recorded_once(
    fake: FakeSlack,
    inproc: InProcess,
    session_factory: sessionmaker[Session],
    request_message: dict[str, Any],
) -> None:
    channel, ts = request_message["channel"], request_message["ts"]
    inproc.user_message("U2", channel, "Ikke i tråden.")  # not a reply: nothing recorded

    reply = inproc.user_message("U2", channel, "Lad os tage en snak.", thread_ts=ts)
    inproc.event(reply.request["event"], event_id=reply.request["event_id"], retry_attempt=1)

    with session_factory() as session:
        recorded = session.execute(select(Reply.author_id, Reply.ts, Reply.posted_by_bot)).all()
    assert recorded == [("U2", reply.request["event"]["ts"], False)]
    [updated] = [m for m in fake.messages(channel) if m["ts"] == ts]
    assert t("status.answered", "da", author="U2") in json.dumps(
        updated["blocks"], ensure_ascii=False
    )


def test_the_bots_own_thread_posts_are_no_replies(
    fake: FakeSlack,
    inproc: InProcess,
    session_factory: sessionmaker[Session],
    request_message: dict[str, Any],
) -> None:
    event = fake.user_message_event(
        "U2", request_message["channel"], "x", thread_ts=request_message["ts"]
    )

    inproc.event(event | {"user": fake.bot_user_id, "bot_id": "B0001"})

    with session_factory() as session:
        assert session.scalars(select(Reply)).all() == []


def test_app_home_opened_publishes_the_home_and_its_button_opens_the_form(
    fake: FakeSlack, inproc: InProcess, request_message: dict[str, Any]
) -> None:
    # Sending the request published both homes already; opening the messages tab adds none.
    published = len(fake.calls_to("views.publish"))
    inproc.event({"type": "app_home_opened", "user": "U2", "tab": "messages", "channel": "D2"})
    assert len(fake.calls_to("views.publish")) == published

    inproc.event({"type": "app_home_opened", "user": "U2", "tab": "home", "channel": "D2"})

    home = fake.home_view("U2")
    assert home is not None
    text = json.dumps(home["blocks"], ensure_ascii=False)
    assert t("home.waiting", "da") in text and "fra <@U1>" in text
    assert "6-årig" not in text  # no case text on the home tab

    acked = inproc.click("U2", Action.OPEN_REQUEST_MODAL, view_id=home["id"])

    assert fake.open_view_for(acked.trigger_id, timeout=0)["callback_id"] == Callback.REQUEST
