"""In process: the App Home for a member and for a lead, its refreshes and buttons, the lead
handing the role on, a lead leaving the channel, and the lead's statistics."""

from __future__ import annotations

import io
import json
from datetime import time, timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from bot.privacy.audit import Action as Audited
from bot.rules.model import template
from bot.slack.ids import Action, Block
from bot.teams.topics import set_expert_topics, topics_of
from models import (
    AuditEntry,
    HomeRefresh,
    MeetingSettings,
    PairingRound,
    RecipientState,
    RequestRecipient,
    RoundMember,
    RulesProposal,
    RulesVersion,
    Team,
    TeamMember,
)
from tests.helpers import store_team_request
from tests.inprocess import InProcess

pytestmark = pytest.mark.usefixtures("team")

# Case text nobody would write twice: it must reach no home, no statistics, no chart.
SECRET = "Zebrafinke-7731 bor hos mormor i Skælskør"
REQUEST = {
    Action.CHILD: SECRET,
    Action.QUESTION: f"Hvad gør vi med {SECRET}?",
    Action.HELP_KIND: "experience",
    Action.FORM: "written",
    Action.FEEDBACK: "recognition",
    Action.COLLEAGUE: "U2",
}


def shown(view: dict[str, Any] | None) -> str:
    """A view's blocks as searchable text."""
    assert view is not None
    return json.dumps(view["blocks"], ensure_ascii=False)


def open_home(fake: FakeSlack, inproc: InProcess, user: str) -> dict[str, Any]:
    """`user` opens the App Home tab; the view the bot published."""
    inproc.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0"})
    view = fake.home_view(user)
    assert view is not None
    return view


def furnish(session_factory: sessionmaker[Session], fake: FakeSlack) -> str:
    """The team has a buddy round (U2 with U3), adopted rules, an open proposal, a weekly
    meeting, and Jonas (U2) covers the first topic; that topic's name."""
    with session_factory.begin() as session:
        team = session.scalars(select(Team)).one()
        topic = topics_of(session, team=team)[0]
        set_expert_topics(session, team=team, user_id="U2", topic_ids={topic.id}, assigned_by="U2")
        rules = template("da").model_dump(mode="json")
        session.add(
            RulesVersion(team_id=team.id, version=1, rules=rules, proposed_by="U2", adopted_by="U1")
        )
        session.add(RulesProposal(team_id=team.id, proposed_by="U3", rules=rules, supporters=[]))
        session.add(MeetingSettings(team_id=team.id, weekdays="0,1,2,3,4", start_time=time(9)))
        from datetime import date

        today = date.today()
        start = today - timedelta(days=today.weekday())
        session.add(
            PairingRound(
                team_id=team.id,
                period_start=start,
                period_end=start + timedelta(days=6),
                number=1,
                circle_offset=None,
                members=[
                    RoundMember(group_no=0, user_id="U2"),
                    RoundMember(group_no=0, user_id="U3"),
                ],
            )
        )
        return topic.name_da


def ask(fake: FakeSlack, inproc: InProcess, values: dict[Any, Any] = REQUEST) -> None:
    """Mette (U1) sends a request to Jonas (U2) through the form."""
    acked = inproc.command("U1", channel_id="C1")
    form = fake.open_view_for(acked.trigger_id, timeout=0)
    assert inproc.submit_view("U1", form["id"], values).payload is None


def test_a_members_home_has_each_section(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    topic = furnish(session_factory, fake)
    ask(fake, inproc)

    home = shown(open_home(fake, inproc, "U2"))

    assert t("home.buddy", "da") in home and "<@U3>" in home  # my buddy this period
    assert Action.HOME_PAUSE in home  # the pause toggle
    # *Spring næste periode over*, the same button as in the pair's conversation.
    assert Action.SKIP_NEXT_PERIOD in home and t("skip.button", "da") in home
    assert t("home.waiting", "da") in home and "fra <@U1>" in home  # received, with a step
    assert t("home.next.take", "da") in home
    assert t("home.my_topics", "da") in home and topic in home and Action.HOME_EXPERT in home
    assert t("home.rules_version", "da", version=1) in home  # the rules in brief
    assert t("home.meeting", "da") in home and t("home.queue_empty", "da") in home
    # The lead's sections are the lead's.
    for lead_only in ("home.gaps", "home.proposals", "home.stats"):
        assert t(lead_only, "da") not in home
    assert Action.HOME_SETTINGS not in home
    assert SECRET not in home


def test_a_leads_home_adds_settings_gaps_proposals_and_statistics_with_the_chart(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    furnish(session_factory, fake)
    ask(fake, inproc)

    view = open_home(fake, inproc, "U1")
    home = shown(view)

    assert t("home.sent", "da") in home and "til <@U2>" in home
    assert t("home.next.wait_take", "da", people="<@U2>") in home
    assert Action.HOME_SETTINGS in home
    assert t("home.gaps", "da") in home  # most default topics have no expert
    assert t("home.proposals", "da") in home and "Fra <@U3>" in home
    assert t("home.stats", "da") in home and "<5 anmodninger" in home
    [image] = [b for b in view["blocks"] if b["type"] == "image"]
    # Uploaded again whenever the figures changed (Jonas's topic, then the request).
    chart = fake.files()[-1]
    assert image["slack_file"] == {"id": chart["id"]}
    assert chart["content"].startswith(b"\x89PNG\r\n\x1a\n")
    Image.open(io.BytesIO(chart["content"])).verify()  # decodes as a whole
    assert SECRET not in home

    uploaded = len(fake.files())
    open_home(fake, inproc, "U1")  # same figures: the chart is not uploaded again
    assert len(fake.files()) == uploaded


def test_the_homes_follow_a_request_and_the_pause_toggle_without_doubles(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    ask(fake, inproc)

    # Sending (and delivering) published the requester's and the recipient's homes.
    published = {c.params["user_id"] for c in fake.calls_to("views.publish")}
    assert published == {"U1", "U2"}
    assert "fra <@U1>" in shown(fake.home_view("U2"))

    before = len(fake.calls_to("views.publish"))
    inproc.click("U2", Action.HOME_PAUSE, view_id=fake.home_view("U2")["id"])
    home = shown(fake.home_view("U2"))
    assert Action.HOME_RESUME in home and t("home.resume", "da") in home
    assert len(fake.calls_to("views.publish")) == before + 1
    with session_factory() as session:
        assert session.scalars(select(TeamMember.paused).where(TeamMember.user_id == "U2")).one()
        assert (
            session.scalar(select(func.count()).where(HomeRefresh.shown < HomeRefresh.wanted)) == 0
        )

    inproc.click("U2", Action.HOME_RESUME, view_id=fake.home_view("U2")["id"])
    assert Action.HOME_PAUSE in shown(fake.home_view("U2"))


def test_a_home_slack_refused_is_published_by_the_catch_up(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    from bot.home.refresh import publish_due_homes

    fake.fail_next("views.publish", error="internal_error", status=200, times=2)
    ask(fake, inproc)
    with session_factory() as session:
        due = session.scalar(select(func.count()).where(HomeRefresh.shown < HomeRefresh.wanted))
    assert due == 2

    assert publish_due_homes(client=inproc.app.client, deps=inproc.deps) == 0
    assert "fra <@U1>" in shown(fake.home_view("U2"))


def test_a_request_sent_back_reads_as_back_with_its_requester(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        team_id = session.scalars(select(Team.id)).one()
    request_id = store_team_request(session_factory, team_id)
    with session_factory.begin() as session:  # Jonas took it, then passed it back
        session.add(
            RequestRecipient(request_id=request_id, user_id="U2", state=RecipientState.DECLINED)
        )

    home = shown(open_home(fake, inproc, "U1"))

    assert "kom tilbage til dig" in home and t("home.next.back", "da") in home
    assert t("home.whole_team", "da") not in home


def test_the_expert_and_settings_buttons_open_their_modals(
    fake: FakeSlack, inproc: InProcess
) -> None:
    home = open_home(fake, inproc, "U1")

    acked = inproc.click("U1", Action.HOME_EXPERT, view_id=home["id"], block_id=None)
    assert fake.view(fake.modal_stack("U1")[-1])["callback_id"] == "expert_modal"
    assert acked.status == 200
    acked = inproc.click("U1", Action.HOME_SETTINGS, view_id=home["id"])
    assert fake.view(fake.modal_stack("U1")[-1])["callback_id"] == "team_settings"


def leads(session_factory: sessionmaker[Session]) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(TeamMember.user_id).where(TeamMember.is_lead).order_by(TeamMember.user_id)
            )
        )


def test_the_lead_hands_the_role_to_a_member(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    inproc.command("U1", "leder <@U2|jonas>", channel_id="C1")

    assert fake.ephemerals(user="U1")[-1]["text"] == t("lead.handover_done", "da", user="U2")
    assert leads(session_factory) == ["U2"]
    [posted] = [m for m in fake.messages("C1") if "<@U2>" in m["text"]]
    assert posted["text"] == t("lead.handover_posted", "da", user="U2", by="U1")
    with session_factory() as session:
        entry = session.scalars(select(AuditEntry)).all()[-1]
    assert (entry.actor, entry.action, entry.subject) == ("U1", Audited.LEAD_HANDED_OVER, "U2")
    assert Action.HOME_SETTINGS in shown(fake.home_view("U2"))


def test_a_non_lead_cannot_hand_the_role_on_nor_to_a_non_member(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.add_user("U7", "udenfor")

    inproc.command("U2", "leder <@U3>", channel_id="C1")
    assert fake.ephemerals(user="U2")[-1]["text"] == t("lead.only", "da")
    inproc.command("U1", "lead <@U7>", channel_id="C1")
    assert fake.ephemerals(user="U1")[-1]["text"] == t("lead.not_member", "da", user="U7")
    inproc.command("U1", "leder", channel_id="C1")
    assert fake.ephemerals(user="U1")[-1]["text"] == t("lead.handover_who", "da")

    assert leads(session_factory) == ["U1"]


def test_a_lead_leaving_asks_the_team_and_tells_the_admins_once(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.add_user("UADMIN", "chef", is_admin=True)
    fake.add_user("UOWNER", "direktoer", is_owner=True, locale="en-US")
    fake.remove_member("C1", "U1")
    left = {"type": "member_left_channel", "user": "U1", "channel": "C1"}

    first = inproc.event(left)
    inproc.event(left, event_id=first.request["event_id"], retry_attempt=1)

    [asked] = [m for m in fake.messages("C1") if Block.LEAD_PICK in json.dumps(m["blocks"])]
    assert asked["text"] == t("lead.left_team", "da", user="U1")
    told = {
        c.params["channel"]: c.params["text"]
        for c in fake.calls_to("chat.postMessage")
        if "lead" in c.params["text"] or "leder" in c.params["text"]
    }
    admin_texts = [text for text in told.values() if "<#C1>" in text]
    assert len(admin_texts) == 2  # the admin in Danish, the owner in English, once each
    assert any("har mistet sin leder" in text for text in admin_texts)
    assert any("has lost its lead" in text for text in admin_texts)

    inproc.click("U3", Action.LEAD_PICK, message=asked, value="U2")
    assert leads(session_factory) == ["U2"]
    inproc.click("U4", Action.LEAD_PICK, message=asked, value="U4")  # too late: U2 leads
    assert leads(session_factory) == ["U2"]


def test_a_member_leaving_asks_nothing(fake: FakeSlack, inproc: InProcess) -> None:
    fake.add_user("UADMIN", "chef", is_admin=True)
    fake.remove_member("C1", "U3")

    inproc.event({"type": "member_left_channel", "user": "U3", "channel": "C1"})

    assert fake.calls_to("users.list") == []
    assert fake.messages("C1") == []


def test_statistics_are_the_leads_and_show_small_counts_as_under_five(
    fake: FakeSlack, inproc: InProcess
) -> None:
    ask(fake, inproc)

    inproc.command("U2", "statistik", channel_id="C1")
    assert fake.ephemerals(user="U2")[-1]["text"] == t("lead.only", "da")
    inproc.command("U1", "stats", channel_id="C1")
    answer = fake.ephemerals(user="U1")[-1]["text"]

    assert answer.startswith(t("stats.header", "da", team="boern-og-familie"))
    assert "<5 anmodninger" in answer and "En bestemt kollega <5" in answer
    assert SECRET not in answer and "Zebrafinke" not in answer


def test_an_english_home(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    furnish(session_factory, fake)

    home = shown(open_home(fake, inproc, "U3"))  # Sara's Slack is in English

    for key in ("home.buddy", "home.sent", "home.waiting", "home.my_topics", "home.meeting"):
        assert t(key, "en") in home, key
    assert "<@U2>" in home and t("home.pause", "en") in home
