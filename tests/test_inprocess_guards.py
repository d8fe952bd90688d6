"""In process: what the bot refuses or cleans whatever a click or a submission claims — a trio
member's "Not me" after the other took the request, a hand-over to someone who had it before,
forged modal metadata, text Slack could not show."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.playground.slack import FakeSlack
from bot.requests.choices import Route
from bot.requests.delivery import deliver
from bot.requests.form import RequestModalMetadata
from bot.requests.service import create_request
from bot.slack.ids import Action, Block
from bot.teams.form import ExpertMetadata
from models import ExpertRole, SparringRequest, Topic
from tests.conftest import add_team, request_form
from tests.inprocess import InProcess

FORM = {
    Action.CHILD: "Dreng, 9 år, stort skolefravær.",
    Action.QUESTION: "Har du erfaring med skolefravær?",
    Action.HELP_KIND: "experience",
    Action.FORM: "written",
    Action.FEEDBACK: "recognition",
}


def two_teams(fake: FakeSlack, session_factory: sessionmaker[Session]) -> tuple[int, int]:
    """Mette's team in C1 (U1 leads, U2 and U3), and another team in C2 (U4 leads, U5); the
    bot is in both channels."""
    fake.add_channel("C2", "andet-team", members=["U4", "U5", fake.bot_user_id])
    fake.add_member("C1", fake.bot_user_id)
    mine = add_team(session_factory, channel_id="C1", members=("U1", "U2", "U3"), lead="U1")
    other = add_team(
        session_factory, channel_id="C2", members=("U4", "U5"), lead="U4", name="andet-team"
    )
    return mine, other


def posted_request(
    inproc: InProcess, session_factory: sessionmaker[Session], *, route: Route, to: list[str]
) -> tuple[int, dict[str, Any]]:
    """U1's request to `to`, delivered by the bot; returns its id and its message."""
    with session_factory.begin() as session:
        request = create_request(
            session,
            form=request_form(team_id=1, route=route, colleague_id=to[0]),
            requester_id="U1",
            recipient_ids=to,
            language="da",
            view_id="V-posted",
            origin_channel_id="C1",
        )
        assert request is not None
        request_id = request.id
    deliver(client=inproc.app.client, session_factory=session_factory, request_id=request_id)
    [message] = inproc.fake.messages(inproc.fake.open_mpim(["U1", *to]))
    return request_id, message


def stored(session_factory: sessionmaker[Session], request_id: int) -> SparringRequest:
    with session_factory() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        return request


def forged(
    inproc: InProcess, user_id: str, view_id: str, values: dict[Any, Any], metadata: str
) -> Any:
    """Submit the modal with `values`, its private_metadata replaced by `metadata`."""
    payload = inproc.fake.view_submission_payload(user_id, view_id, values)
    payload["view"]["private_metadata"] = metadata
    return inproc.dispatch("interactive", payload)


def form_in_two_teams(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session], word: str = ""
) -> tuple[int, int, str]:
    """Two teams (see two_teams), and the modal `/sparring <word>` opened for U1 in C1: U1's
    team, the other team, the modal's id."""
    mine, other = two_teams(fake, session_factory)
    inproc.command("U1", word, channel_id="C1")
    [form_id] = fake.modal_stack("U1")
    return mine, other, form_id


def nothing_stored(session_factory: sessionmaker[Session], column: Any) -> bool:
    """No row has `column` (say SparringRequest.id): the refused submission stored nothing."""
    with session_factory() as session:
        return session.scalar(select(column)) is None


def test_not_me_on_the_old_message_after_the_other_buddy_took_it(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    two_teams(fake, session_factory)
    request_id, message = posted_request(
        inproc, session_factory, route=Route.BUDDY, to=["U2", "U3"]
    )
    group = message["channel"]

    [old_button] = [
        element
        for block in message["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == Action.DECLINE
    ]

    inproc.click("U2", Action.ACCEPT, message=message)
    # U3's Slack still shows the message as it was: "Ikke mig" pressed a moment later.
    inproc.click("U3", Action.DECLINE, value=old_button["value"], channel_id=group)

    [told] = fake.ephemerals(user="U3")  # Sara's Slack is in English
    assert told["text"] == "<@U2> has already taken it, so nothing was changed."
    assert not fake.ephemerals(user="U2")
    request = stored(session_factory, request_id)
    assert (request.status, request.accepted_by, request.recipient_ids) == (
        "accepted",
        "U2",
        ["U2", "U3"],
    )
    [shown] = fake.messages(group)  # the same message, still showing who has it
    assert "Taget af <@U2>" in json.dumps(shown["blocks"], ensure_ascii=False)


def test_handing_a_request_back_to_the_colleague_who_passed_it_on(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    two_teams(fake, session_factory)
    request_id, message = posted_request(inproc, session_factory, route=Route.COLLEAGUE, to=["U2"])
    inproc.click("U2", Action.HAND_OVER, message=message)
    acked = inproc.submit_view("U2", fake.modal_stack("U2")[-1], {Action.NEW_HOLDER: "U3"})
    assert acked.payload is None
    [moved] = fake.messages(fake.open_mpim(["U1", "U3"]))

    inproc.click("U3", Action.HAND_OVER, message=moved)
    acked = inproc.submit_view("U3", fake.modal_stack("U3")[-1], {Action.NEW_HOLDER: "U2"})

    assert acked.payload is None  # acked: the modal closes
    assert fake.modal_stack("U3") == []
    assert stored(session_factory, request_id).recipient_ids == ["U2"]
    assert len(fake.messages(fake.open_mpim(["U1", "U2"]))) == 2  # delivered to U2 again


def test_a_forged_whole_team_request_into_another_team_is_refused(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    _mine, other, form_id = form_in_two_teams(fake, inproc, session_factory)
    metadata = RequestModalMetadata(language="da", team_ids=[other]).dump()

    acked = forged(inproc, "U1", form_id, FORM | {Action.ROUTE: "team"}, metadata)

    assert acked.response_action == "errors"
    assert "ikke (længere) med i det team" in acked.view_errors[Block.ROUTE]
    assert fake.messages("C2") == []
    assert nothing_stored(session_factory, SparringRequest.id)


def test_a_forged_expert_request_under_another_teams_topic_is_refused(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    mine, other, form_id = form_in_two_teams(fake, inproc, session_factory)
    with session_factory.begin() as session:  # the other team's topics, with U5 their expert
        topic = Topic(team_id=other, name_da="Efterværn", name_en="Aftercare")
        session.add(topic)
        session.flush()
        session.add(ExpertRole(topic_id=topic.id, user_id="U5", assigned_by="U4"))
        topic_id = topic.id
    metadata = RequestModalMetadata(
        language="da", team_ids=[mine], topic_teams={topic_id: other}
    ).dump()
    payload = fake.view_submission_payload("U1", form_id, FORM | {Action.ROUTE: "expert"})
    payload["view"]["state"]["values"][Block.TOPIC] = {
        Action.TOPIC: {"type": "static_select", "selected_option": {"value": str(topic_id)}}
    }
    payload["view"]["private_metadata"] = metadata

    acked = inproc.dispatch("interactive", payload)

    assert acked.response_action == "errors"
    assert Block.TOPIC in acked.view_errors
    assert nothing_stored(session_factory, SparringRequest.id)


def test_expert_roles_only_for_members_of_the_team(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    mine, other, form_id = form_in_two_teams(fake, inproc, session_factory, "ekspert")
    topic = fake.view(form_id)
    values = {Action.EXPERT_TOPICS: [_first_option(topic, Action.EXPERT_TOPICS)]}

    # U1 registers as the expert of a team she is not in; U1 as lead names someone outside hers.
    for metadata in (
        ExpertMetadata(language="da", team_id=other, user_id="U1"),
        ExpertMetadata(language="da", team_id=mine, user_id="U4"),
    ):
        acked = forged(inproc, "U1", form_id, values, metadata.dump())
        assert acked.response_action == "errors"
        assert "ikke med i teamet" in acked.view_errors[Block.EXPERT_TOPICS]
    assert nothing_stored(session_factory, ExpertRole.id)


def test_i_can_help_only_for_colleagues_in_the_team(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    two_teams(fake, session_factory)
    inproc.command("U1", channel_id="C1")
    inproc.submit_view("U1", fake.modal_stack("U1")[0], FORM | {Action.ROUTE: "team"})
    [notice] = fake.messages("C1")

    inproc.click("U4", Action.I_CAN_HELP, message=notice)

    [told] = fake.ephemerals(user="U4")
    assert told["text"] == "Den knap er til kollegerne i teamet. Intet er ændret."
    with session_factory() as session:
        request = session.scalars(select(SparringRequest)).one()
        assert (request.status, request.accepted_by) == ("open", None)


def test_control_characters_are_cleaned_before_anything_is_stored(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    two_teams(fake, session_factory)
    inproc.command("U1", channel_id="C1")
    values = FORM | {
        Action.QUESTION: "Har du\x00 erfaring med\x07 skolefravær?\r\nGerne kort.",
        Action.COLLEAGUE: "U2",
    }

    acked = inproc.submit_view("U1", fake.modal_stack("U1")[0], values)

    assert acked.payload is None
    with session_factory() as session:
        question = session.scalar(select(SparringRequest.question_text))
    assert question == "Har du erfaring med skolefravær?\nGerne kort."


def test_topic_names_are_cleaned_and_refused_over_75_characters(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    two_teams(fake, session_factory)
    inproc.command("U1", "emner", channel_id="C1")
    [topics_id] = fake.modal_stack("U1")

    refused = inproc.submit_view("U1", topics_id, {Action.TOPIC_ADD: "Efterværn " * 9})
    assert refused.response_action == "errors"
    assert refused.view_errors[Block.TOPIC_ADD] == "Højst 75 tegn — du har skrevet 89."

    saved = inproc.submit_view("U1", topics_id, {Action.TOPIC_ADD: "Efter\x00værn"})
    assert saved.response_action == "update"
    with session_factory() as session:
        names = set(session.scalars(select(Topic.name_da)))
    assert "Efterværn" in names


def _first_option(view: dict[str, Any], action_id: str) -> str:
    for block in view["blocks"]:
        element = block.get("element") or {}
        if element.get("action_id") == action_id:
            return str(element["options"][0]["value"])
    raise AssertionError(f"no {action_id} in the view")
