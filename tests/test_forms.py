"""Parsing the request modal into a RequestForm, with inline errors in the user's language."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.requests.choices import FeedbackMode, Form, HelpKind, RequestKind, Route
from bot.requests.form import (
    ICS_LIMIT,
    QUESTION_LIMIT,
    RequestModalMetadata,
    parse_request_submission,
)
from bot.slack.ids import Action, Block
from bot.slack.state import FormErrors

TODAY = date(2026, 11, 24)


def state(**fields: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """A view's state.values as Slack sends it, from short field names."""
    values: dict[str, Any] = {
        "kind": RequestKind.CASE,
        "child": "Dreng, 9 år. Trives i skolen, men har meget fravær.",
        "parenting": None,
        "family": None,
        "question": "Har du erfaring med skolefravær hos en dreng på 9?",
        "help_kind": HelpKind.EXPERIENCE,
        "form": Form.WRITTEN,
        "feedback": FeedbackMode.RECOGNITION,
        "deadline": None,
        "route": Route.COLLEAGUE,
        "colleague": "U2",
        "team": None,
        "topic": None,
    } | fields
    selects = {
        "kind": (Block.KIND, Action.KIND),
        "help_kind": (Block.HELP_KIND, Action.HELP_KIND),
        "form": (Block.FORM, Action.FORM),
        "feedback": (Block.FEEDBACK, Action.FEEDBACK),
        "route": (Block.ROUTE, Action.ROUTE),
        "team": (Block.TEAM, Action.TEAM),
        "topic": (Block.TOPIC, Action.TOPIC),
    }
    texts = {
        "child": (Block.CHILD, Action.CHILD),
        "parenting": (Block.PARENTING, Action.PARENTING),
        "family": (Block.FAMILY, Action.FAMILY),
        "question": (Block.QUESTION, Action.QUESTION),
    }
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for name, (block, action) in selects.items():
        value = values[name]
        option = {"value": str(value), "text": {"type": "plain_text", "text": "x"}}
        result[block] = {
            action: {"type": "radio_buttons", "selected_option": option if value else None}
        }
    for name, (block, action) in texts.items():
        result[block] = {action: {"type": "plain_text_input", "value": values[name]}}
    result[Block.DEADLINE] = {
        Action.DEADLINE: {"type": "datepicker", "selected_date": values["deadline"]}
    }
    result[Block.COLLEAGUE] = {
        Action.COLLEAGUE: {"type": "users_select", "selected_user": values["colleague"]}
    }
    return result


DA = RequestModalMetadata(language="da", team_ids=[7])
EN = RequestModalMetadata(language="en")


def errors(values: dict, metadata: RequestModalMetadata = DA) -> dict[str, str]:
    with pytest.raises(FormErrors) as caught:
        parse_request_submission(values, metadata, requester_id="U1", today=TODAY)
    return caught.value.errors


def test_a_complete_case_request_parses() -> None:
    form = parse_request_submission(
        state(deadline="2026-11-30"), DA, requester_id="U1", today=TODAY
    )
    assert form.team_id == 7
    assert form.kind is RequestKind.CASE
    assert form.ics_sides == {"child": "Dreng, 9 år. Trives i skolen, men har meget fravær."}
    assert form.colleague_id == "U2"
    assert form.deadline == date(2026, 11, 30)
    assert form.feedback_mode is FeedbackMode.RECOGNITION


def test_text_is_trimmed_and_blank_sides_are_none() -> None:
    form = parse_request_submission(
        state(parenting="   ", question="  Hvad gør jeg?  "), DA, requester_id="U1", today=TODAY
    )
    assert form.parenting is None
    assert form.question == "Hvad gør jeg?"


def test_missing_question_is_an_inline_error_in_danish() -> None:
    assert errors(state(question="  ")) == {
        Block.QUESTION: "Skriv, hvad du gerne vil have sparring på."
    }


def test_case_without_any_ics_side_is_refused_but_a_quick_question_is_not() -> None:
    assert Block.CHILD in errors(state(child=None))
    form = parse_request_submission(
        state(child=None, kind=RequestKind.QUICK), DA, requester_id="U1", today=TODAY
    )
    assert form.kind is RequestKind.QUICK
    assert form.ics_sides == {}


def test_too_long_text_says_the_limit_and_the_length_in_english() -> None:
    found = errors(state(family="x" * (ICS_LIMIT + 1), question="y" * (QUESTION_LIMIT + 5)), EN)
    assert found[Block.FAMILY] == f"At most {ICS_LIMIT} characters — you wrote {ICS_LIMIT + 1}."
    assert found[Block.QUESTION].startswith(f"At most {QUESTION_LIMIT} characters")


def test_a_cpr_number_in_any_text_field_is_refused_without_echoing_it() -> None:
    found = errors(state(parenting="Mor 211062-5629 er syg", question="Hvad med 0101071234?"))
    assert set(found) == {Block.PARENTING, Block.QUESTION}
    assert all("211062" not in message and "CPR" in message for message in found.values())


def test_missing_choices_and_colleague_are_each_reported() -> None:
    found = errors(state(help_kind=None, feedback=None, colleague=None))
    assert found[Block.HELP_KIND] == "Vælg en af mulighederne."
    assert found[Block.FEEDBACK] == "Vælg en af mulighederne."
    assert found[Block.COLLEAGUE] == "Vælg den kollega, du vil spørge."


def test_a_deadline_in_the_past_is_refused() -> None:
    assert Block.DEADLINE in errors(state(deadline="2026-11-23"))
    assert (
        parse_request_submission(
            state(deadline="2026-11-24"), DA, requester_id="U1", today=TODAY
        ).deadline
        == TODAY
    )


def test_asking_yourself_is_refused() -> None:
    assert errors(state(colleague="U1"))[Block.COLLEAGUE].startswith("Du kan ikke bede dig selv")


def test_an_expert_request_needs_a_topic() -> None:
    found = errors(state(route=Route.EXPERT, colleague=None))
    assert found == {Block.TOPIC: "Vælg det emne, du vil spørge en ekspert om."}
    form = parse_request_submission(
        state(route=Route.EXPERT, topic="12", colleague=None), DA, requester_id="U1", today=TODAY
    )
    assert form.topic_id == 12


def test_an_unknown_route_is_refused() -> None:
    assert Block.ROUTE in errors(state(route="somewhere"))


def test_a_team_must_be_chosen_among_several_and_only_among_those_offered() -> None:
    several = RequestModalMetadata(language="da", team_ids=[3, 4])
    assert Block.TEAM in errors(state(team=None), several)
    assert Block.TEAM in errors(state(team="99"), several)
    assert (
        parse_request_submission(state(team="4"), several, requester_id="U1", today=TODAY).team_id
        == 4
    )


def test_no_team_is_fine_for_a_specific_colleague() -> None:
    assert parse_request_submission(state(), EN, requester_id="U1", today=TODAY).team_id is None


def test_metadata_round_trips_and_stays_small() -> None:
    metadata = RequestModalMetadata(
        language="en", origin_channel_id="C1", team_ids=list(range(200))
    )
    assert RequestModalMetadata.model_validate_json(metadata.dump()) == metadata
    assert len(metadata.dump()) < 3000
