"""In process: every `/sparring` subcommand, in Danish and in English."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.dates import parse_date
from bot.core.i18n import Language, t
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Callback
from bot.slack.mrkdwn import format_day
from models import Team, TeamMember
from tests.inprocess import InProcess


def answer(fake: FakeSlack, user: str) -> str:
    """The last thing the bot said to `user` (ephemeral)."""
    return str(fake.ephemerals(user=user)[-1]["text"])


def modal(fake: FakeSlack, inproc: InProcess, user: str, text: str) -> dict[str, Any]:
    """Type `/sparring text` in C1; the modal it opened, as filled in."""
    acked = inproc.command(user, text, channel_id="C1")
    assert acked.payload is None
    return fake.open_view_for(acked.trigger_id, timeout=0)


def shown(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def member(session_factory: sessionmaker[Session], user: str) -> TeamMember:
    with session_factory() as session:
        found = session.scalar(select(TeamMember).where(TeamMember.user_id == user))
        assert found is not None
        return found


@pytest.mark.parametrize(
    ("user", "word", "language"),
    [("U1", "hjælp", "da"), ("U1", "hjaelp", "da"), ("U3", "help", "en"), ("U3", "HELP", "en")],
)
def test_help(fake: FakeSlack, inproc: InProcess, user: str, word: str, language: Language) -> None:
    inproc.command(user, word)

    assert answer(fake, user) == t("cmd.help", language)


@pytest.mark.parametrize(("user", "word", "language"), [("U1", "flyt", "da"), ("U3", "move", "en")])
def test_an_unknown_word_is_named_before_the_help(
    fake: FakeSlack, inproc: InProcess, user: str, word: str, language: Language
) -> None:
    inproc.command(user, f"{word} alt")

    assert answer(fake, user) == (
        t("cmd.unknown", language, word=word) + "\n\n" + t("cmd.help", language)
    )


@pytest.mark.parametrize(
    ("user", "word", "channel_id", "key", "language"),
    [
        ("U1", "opsæt", "D0USER", "setup.not_channel", "da"),  # setup outside a channel
        ("U3", "setup", "D0USER", "setup.not_channel", "en"),
        ("U1", "makker", "C1", "buddy.none", "da"),  # buddy without a round
        ("U3", "buddy", "C1", "buddy.none", "en"),
    ],
)
def test_a_word_with_nothing_to_show_yet_says_why(
    fake: FakeSlack,
    inproc: InProcess,
    user: str,
    word: str,
    channel_id: str,
    key: str,
    language: Language,
) -> None:
    inproc.command(user, word, channel_id=channel_id)

    assert answer(fake, user) == t(key, language)
    assert fake.calls_to("views.open") == []


def test_setup_in_a_channel_without_the_bot_asks_to_invite_it(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    notice = modal(fake, inproc, "U2", "opsæt")

    assert t("setup.not_member", "da") in shown(notice)
    with session_factory() as session:
        assert session.scalars(select(Team)).all() == []


def test_setup_makes_the_channel_a_team_and_the_first_to_set_it_up_its_lead(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.add_member("C1", fake.bot_user_id)

    settings = modal(fake, inproc, "U2", "opsæt")
    again = modal(fake, inproc, "U1", "setup")

    assert settings["callback_id"] == Callback.SETTINGS
    assert settings["title"]["text"] == t("settings.title", "da")
    assert again["callback_id"] == Callback.NOTICE
    assert t("settings.not_lead", "da", count=3) in shown(again)  # the other bot is no member
    assert member(session_factory, "U2").is_lead
    assert not member(session_factory, "U1").is_lead
    [hello] = fake.messages("C1")  # set up twice, greeted once
    assert hello["text"] == t("team.hello", "da")


def test_pause_without_a_team(fake: FakeSlack, inproc: InProcess) -> None:
    inproc.command("U1", "pause")

    assert answer(fake, "U1") == t("pause.no_team", "da")


@pytest.mark.usefixtures("team")
def test_pause_until_further_notice_then_resume(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    inproc.command("U2", "pause")

    assert answer(fake, "U2") == t("pause.done_open", "da")
    paused = member(session_factory, "U2")
    assert (paused.paused, paused.paused_until) == (True, None)

    inproc.command("U2", "genoptag")

    assert answer(fake, "U2") == t("resume.done", "da")
    assert member(session_factory, "U2").paused is False


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize(
    ("user", "text", "language"),
    [("U2", "pause til 24.12", "da"), ("U3", "pause until 24.12", "en")],
)
def test_pause_until_a_date(
    fake: FakeSlack,
    inproc: InProcess,
    session_factory: sessionmaker[Session],
    user: str,
    text: str,
    language: Language,
) -> None:
    until = parse_date("24.12", today=inproc.deps.today())

    inproc.command(user, text)

    until_text = t("buddy.until", language, date=format_day(until))
    assert answer(fake, user) == t("pause.done", language, until=until_text)
    assert member(session_factory, user).paused_until == until


@pytest.mark.usefixtures("team")
def test_pause_with_a_date_it_cannot_read(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    inproc.command("U2", "pause til engang")

    assert answer(fake, "U2") == t("pause.bad_date", "da", text="engang")
    assert member(session_factory, "U2").paused is False


@pytest.mark.usefixtures("team")
def test_resume_in_english(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    inproc.command("U3", "pause")
    inproc.command("U3", "resume")

    assert answer(fake, "U3") == t("resume.done", "en")
    assert member(session_factory, "U3").paused is False


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize(("exclude", "include"), [("udeluk", "inkluder"), ("exclude", "include")])
def test_the_lead_takes_a_member_out_of_pairs_and_back(
    fake: FakeSlack,
    inproc: InProcess,
    session_factory: sessionmaker[Session],
    exclude: str,
    include: str,
) -> None:
    inproc.command("U1", f"{exclude} <@U2|jonas>", channel_id="C1")

    assert answer(fake, "U1") == t("exclude.done", "da", user="U2")
    assert member(session_factory, "U2").excluded is True

    inproc.command("U1", f"{include} <@U2|jonas>", channel_id="C1")

    assert answer(fake, "U1") == t("include.done", "da", user="U2")
    assert member(session_factory, "U2").excluded is False


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize("word", ["udeluk", "inkluder"])
def test_only_the_lead_may_exclude_or_include(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session], word: str
) -> None:
    inproc.command("U2", f"{word} <@U3|sara>", channel_id="C1")

    assert answer(fake, "U2") == t("lead.only", "da")
    assert member(session_factory, "U3").excluded is False


@pytest.mark.usefixtures("team")
def test_exclude_needs_someone_named(fake: FakeSlack, inproc: InProcess) -> None:
    inproc.command("U1", "udeluk", channel_id="C1")

    assert answer(fake, "U1") == t("lead.who", "da", word="udeluk")


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize(
    ("user", "word", "language"), [("U2", "ekspert", "da"), ("U3", "expert", "en")]
)
def test_expert_opens_your_own_topics(
    fake: FakeSlack, inproc: InProcess, user: str, word: str, language: Language
) -> None:
    view = modal(fake, inproc, user, word)

    assert view["callback_id"] == Callback.EXPERT
    assert view["title"]["text"] == t("expert.title", language)
    assert json.loads(view["private_metadata"])["user_id"] == user


@pytest.mark.usefixtures("team")
def test_expert_for_someone_else_is_for_the_lead_only(fake: FakeSlack, inproc: InProcess) -> None:
    refused = modal(fake, inproc, "U2", "ekspert <@U4|ali>")
    allowed = modal(fake, inproc, "U1", "ekspert <@U4|ali>")

    assert refused["callback_id"] == Callback.NOTICE
    assert t("lead.only", "da") in shown(refused)
    assert allowed["callback_id"] == Callback.EXPERT
    assert json.loads(allowed["private_metadata"])["user_id"] == "U4"


@pytest.mark.usefixtures("team")
def test_experts_lists_the_team_and_searches_topics(fake: FakeSlack, inproc: InProcess) -> None:
    inproc.command("U2", "eksperter", channel_id="C1")
    everyone = answer(fake, "U2")
    inproc.command("U3", "experts nothing-like-it", channel_id="C1")

    assert everyone.startswith(t("experts.header", "da", team="boern-og-familie"))
    assert t("experts.nobody", "da") in everyone
    assert "Ingen dækker" not in everyone  # only the lead sees the gaps
    assert answer(fake, "U3") == t("experts.none_match", "en", text="nothing-like-it")


@pytest.mark.usefixtures("team")
def test_the_lead_sees_uncovered_topics(fake: FakeSlack, inproc: InProcess) -> None:
    inproc.command("U1", "eksperter", channel_id="C1")

    assert "*Ingen dækker:*" in answer(fake, "U1")


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize(("user", "callback"), [("U1", Callback.TOPICS), ("U2", Callback.NOTICE)])
def test_topics_is_the_leads(fake: FakeSlack, inproc: InProcess, user: str, callback: str) -> None:
    view = modal(fake, inproc, user, "emner")

    assert view["callback_id"] == callback
    if callback == Callback.NOTICE:
        assert t("lead.only", "da") in shown(view)
    else:
        actions = {b.get("element", {}).get("action_id") for b in view["blocks"]}
        assert {Action.TOPIC_ADD, Action.TOPIC_PICK, Action.TOPIC_RETIRE} <= actions


@pytest.mark.parametrize(("user", "word", "language"), [("U1", "mine", "da"), ("U3", "mine", "en")])
def test_mine_without_requests(
    fake: FakeSlack, inproc: InProcess, user: str, word: str, language: Language
) -> None:
    inproc.command(user, word)

    said = answer(fake, user)
    assert said.startswith(t("mine.sent", language))
    assert t("mine.waiting", language) in said
    assert said.count(t("home.none", language)) == 2
