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
from bot.slack import outbox
from bot.slack.ids import Action, Block, Callback
from models import Reply, Team, TeamMember
from tests.conftest import add_team
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


def deactivated(fake: FakeSlack, user: str) -> dict[str, Any]:
    """Slack deactivates `user`: the `user_change` event it sends, with the full user object."""
    fake.set_user(user, deleted=True)
    return {
        "type": "user_change",
        "user": fake.workspace.user_object(user),
        "cache_ts": 1_700_000_100,
        "event_ts": "1700000100.000200",
    }


def lead_prompts(fake: FakeSlack) -> list[dict[str, Any]]:
    """The bot's messages asking a team channel to pick a new lead."""
    return [m for m in fake.messages() if Block.LEAD_PICK in json.dumps(m.get("blocks") or [])]


def admin_notes(fake: FakeSlack) -> list[tuple[str, str]]:
    """(admin, channel named) of every DM telling an admin that a team lost its lead."""
    notes = []
    for admin in ("UADMIN", "UOWNER"):
        for message in fake.messages(fake.open_im(admin)):
            notes += [
                (admin, channel) for channel in ("C1", "C2") if f"<#{channel}>" in message["text"]
            ]
    return notes


@pytest.fixture
def two_teams(fake: FakeSlack, session_factory: sessionmaker[Session], team: int) -> None:
    """Mette (U1) leads C1 (U1–U5) and C2 (U1–U3); a workspace admin and an owner (English)."""
    fake.add_channel("C2", "unge-syd", members=["U1", "U2", "U3", fake.bot_user_id])
    add_team(
        session_factory, channel_id="C2", members=("U1", "U2", "U3"), lead="U1", name="unge-syd"
    )
    fake.add_user("UADMIN", "chef", is_admin=True)
    fake.add_user("UOWNER", "direktoer", is_owner=True, locale="en-US")


@pytest.mark.usefixtures("two_teams")
def test_a_deactivated_last_lead_has_each_team_asked_and_the_admins_told_once(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    inproc.event(deactivated(fake, "U1"))

    prompts = lead_prompts(fake)
    assert sorted(m["channel"] for m in prompts) == ["C1", "C2"]
    assert all(m["text"] == t("lead.left_team", "da", user="U1") for m in prompts)
    # Each admin once per team, in their own language.
    assert sorted(admin_notes(fake)) == [
        ("UADMIN", "C1"),
        ("UADMIN", "C2"),
        ("UOWNER", "C1"),
        ("UOWNER", "C2"),
    ]
    [owner_note, *_] = fake.messages(fake.open_im("UOWNER"))
    assert "has lost its lead" in owner_note["text"]
    assert members(session_factory)["U1"] == (True, False)
    with session_factory() as session:
        assert outbox.pending_ids(session) == []  # all of it posted, nothing left queued
    # Anyone in the team picks the new lead from the prompt, as when a lead leaves.
    [in_c2] = [m for m in prompts if m["channel"] == "C2"]
    inproc.click("U3", Action.LEAD_PICK, message=in_c2, value="U2")
    with session_factory() as session:
        c2 = session.scalars(select(Team).where(Team.channel_id == "C2")).one()
        assert [m.user_id for m in c2.members if m.is_lead and m.left_at is None] == ["U2"]


@pytest.mark.usefixtures("two_teams")
def test_a_deactivation_delivered_twice_asks_and_tells_once(
    fake: FakeSlack, inproc: InProcess
) -> None:
    event = deactivated(fake, "U1")

    first = inproc.event(event)
    inproc.event(event, event_id=first.request["event_id"], retry_attempt=1, retry_reason="timeout")
    # Slack sends user_change for later profile edits too: a new event, the person long gone.
    inproc.event(event)

    assert sorted(m["channel"] for m in lead_prompts(fake)) == ["C1", "C2"]
    assert len(admin_notes(fake)) == 4
    assert len(fake.calls_to("users.list")) == 1  # the admins were looked up for the first only


@pytest.mark.usefixtures("two_teams")
@pytest.mark.parametrize("who", ["member", "lead_with_a_co_lead"])
def test_a_deactivated_member_or_co_lead_asks_nothing(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session], who: str
) -> None:
    gone = "U2"
    if who == "lead_with_a_co_lead":
        with session_factory.begin() as session:  # Jonas (U2) leads both teams beside Mette
            for member in session.scalars(select(TeamMember).where(TeamMember.user_id == "U2")):
                member.is_lead = True

    inproc.event(deactivated(fake, gone))

    assert lead_prompts(fake) == []
    assert admin_notes(fake) == []
    assert fake.calls_to("users.list") == []
    assert members(session_factory)[gone][1] is False


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
