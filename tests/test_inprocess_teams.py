"""In process: the team's modals — the lead's settings, expert roles, the lead's topics."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Block, Callback
from models import ExpertRole, Team, TeamMember, Topic
from tests.inprocess import InProcess

pytestmark = pytest.mark.usefixtures("team")


def modal(fake: FakeSlack, inproc: InProcess, user: str, text: str) -> dict[str, Any]:
    """Type `/sparring text` in C1; the modal it opened."""
    acked = inproc.command(user, text, channel_id="C1")
    return fake.open_view_for(acked.trigger_id, timeout=0)


def option(view: dict[str, Any], action_id: str, label: str) -> str:
    """The value of the option labelled `label` in element `action_id`."""
    for block in view["blocks"]:
        element = block.get("element") or {}
        if element.get("action_id") != action_id:
            continue
        for group in element.get("option_groups") or [{"options": element.get("options") or []}]:
            for found in group["options"]:
                if found["text"]["text"] == label:
                    return str(found["value"])
    raise AssertionError(f"no option {label!r} in {action_id}")


def shown(view: dict[str, Any] | None) -> str:
    return json.dumps((view or {}).get("blocks") or [], ensure_ascii=False)


def roles(session_factory: sessionmaker[Session]) -> set[tuple[str, str]]:
    """(person, topic name) of every expert role."""
    with session_factory() as session:
        query = select(ExpertRole.user_id, Topic.name_da).join(Topic)
        return {(user, topic) for user, topic in session.execute(query)}


def topic_names(session_factory: sessionmaker[Session]) -> set[str]:
    """The names of the team's topics still in use."""
    with session_factory() as session:
        query = select(Topic.name_da).where(Topic.retired_at.is_(None))
        return set(session.scalars(query))


def test_the_lead_saves_the_settings(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    settings = modal(fake, inproc, "U1", "opsæt")
    assert settings["callback_id"] == Callback.SETTINGS

    past = inproc.submit_view("U1", settings["id"], {Action.TEAM_PAUSE: "2020-01-01"})
    saved = inproc.submit_view("U1", settings["id"], {Action.PERIOD: "4"})

    assert list(past.view_errors) == [Block.TEAM_PAUSE]
    assert saved.payload is None
    [told] = fake.ephemerals(channel="C1", user="U1")
    assert told["text"].startswith(t("settings.saved", "da", when="").rstrip("."))
    with session_factory() as session:
        assert session.scalars(select(Team.period_weeks)).one() == 4


def test_an_english_lead_gets_the_settings_in_english(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:  # Sara (U3) uses Slack in English
        for member in session.scalars(select(TeamMember)):
            member.is_lead = member.user_id == "U3"

    settings = modal(fake, inproc, "U3", "setup")

    assert settings["callback_id"] == Callback.SETTINGS
    assert t("holidays.skip", "en") in shown(settings)  # every option within Slack's 75


def test_settings_submitted_by_someone_no_longer_lead_are_refused(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    settings = modal(fake, inproc, "U1", "opsæt")
    with session_factory.begin() as session:  # the lead changed while the modal was open
        for member in session.scalars(select(TeamMember)):
            member.is_lead = member.user_id == "U2"

    refused = inproc.submit_view("U1", settings["id"], {Action.PERIOD: "4"})

    assert refused.view_errors == {Block.PAIRING: t("error.not_lead", "da")}
    with session_factory() as session:
        assert session.scalars(select(Team.period_weeks)).one() == 1


def test_a_member_sees_no_settings(fake: FakeSlack, inproc: InProcess) -> None:
    notice = modal(fake, inproc, "U2", "opsæt")

    assert notice["callback_id"] == Callback.NOTICE
    assert t("settings.not_lead", "da", count=3) in shown(notice)


def test_a_member_chooses_their_own_expert_topics(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    view = modal(fake, inproc, "U2", "ekspert")
    topic = "Børnesamtalen og inddragelse af barnet"

    acked = inproc.submit_view(
        "U2", view["id"], {Action.EXPERT_TOPICS: [option(view, Action.EXPERT_TOPICS, topic)]}
    )

    assert acked.response_action == "update"
    expected = t(
        "expert.saved",
        "da",
        who=t("expert.you_object", "da"),
        team="boern-og-familie",
        topics=topic,
    )
    assert expected in shown(fake.view(view["id"]))
    assert roles(session_factory) == {("U2", topic)}


def test_the_lead_sets_someone_elses_expert_topics(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    view = modal(fake, inproc, "U1", "ekspert <@U4|ali>")
    topic = "Ungdomskriminalitet"

    inproc.submit_view(
        "U1", view["id"], {Action.EXPERT_TOPICS: [option(view, Action.EXPERT_TOPICS, topic)]}
    )

    assert f"<@U4> i boern-og-familie: {topic}" in shown(fake.view(view["id"]))
    assert roles(session_factory) == {("U4", topic)}


def test_someone_elses_roles_submitted_by_a_member_are_refused(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    view = modal(fake, inproc, "U1", "ekspert <@U4|ali>")
    with session_factory.begin() as session:  # Mette is no longer the lead
        for member in session.scalars(select(TeamMember)):
            member.is_lead = False

    refused = inproc.submit_view(
        "U1",
        view["id"],
        {Action.EXPERT_TOPICS: [option(view, Action.EXPERT_TOPICS, "Ungdomskriminalitet")]},
    )

    assert refused.view_errors == {Block.EXPERT_TOPICS: t("lead.only", "da")}
    assert roles(session_factory) == set()


def test_the_lead_adds_renames_and_retires_topics(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    view = modal(fake, inproc, "U1", "emner")
    old = option(view, Action.TOPIC_PICK, "Ungdomskriminalitet")
    retired = option(view, Action.TOPIC_RETIRE, "Højkonfliktskilsmisse")
    before = topic_names(session_factory)

    half = inproc.submit_view("U1", view["id"], {Action.TOPIC_PICK: old})
    saved = inproc.submit_view(
        "U1",
        view["id"],
        {
            Action.TOPIC_ADD: "Efterværn",
            Action.TOPIC_PICK: old,
            Action.TOPIC_RENAME: "Unge i kriminalitet",
            Action.TOPIC_RETIRE: [retired],
        },
    )

    assert half.view_errors == {Block.TOPIC_RENAME: t("error.rename_incomplete", "da")}
    assert saved.response_action == "update"
    assert t("topics.saved", "da") in shown(fake.view(view["id"]))
    expected = before - {"Ungdomskriminalitet", "Højkonfliktskilsmisse"}
    assert topic_names(session_factory) == expected | {"Efterværn", "Unge i kriminalitet"}


def test_a_rename_to_a_name_taken_also_undoes_the_addition(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    view = modal(fake, inproc, "U1", "emner")
    before = topic_names(session_factory)
    values = {
        Action.TOPIC_ADD: "Efterværn",
        Action.TOPIC_PICK: option(view, Action.TOPIC_PICK, "Ungdomskriminalitet"),
        Action.TOPIC_RENAME: "Højkonfliktskilsmisse",
    }

    clash = inproc.submit_view("U1", view["id"], values)

    assert clash.view_errors == {Block.TOPIC_ADD: t("error.topic_taken", "da")}
    assert topic_names(session_factory) == before
