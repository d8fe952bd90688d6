"""Block Kit builders: declared ids, Slack limits, no case text where it must not be."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from bot.home.blocks import build_home
from bot.home.content import HomeContent, TeamPart
from bot.playground.slack.blockkit import message_problems, view_problems
from bot.requests.blocks import build_delivery_failed, build_request_message, request_fallback_text
from bot.requests.choices import RequestKind, Route
from bot.requests.form import ICS_LIMIT, QUESTION_LIMIT, RequestModalMetadata
from bot.requests.modals import TeamChoice, build_request_modal
from bot.slack import ids
from bot.slack.widgets import build_loading_modal
from models import (
    LIVE_STATUSES,
    RecipientState,
    RequestRecipient,
    RequestStatus,
    SparringRequest,
)

DECLARED = {member.value for enum in (ids.Callback, ids.Block, ids.Action) for member in enum}


def test_ids_are_declared_once() -> None:
    values = [member.value for enum in (ids.Callback, ids.Block, ids.Action) for member in enum]
    assert len(values) == len(set(values))


def walk_ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("block_id", "action_id", "callback_id"):
                yield value
            else:
                yield from walk_ids(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_ids(item)


def a_request(**changes: Any) -> SparringRequest:
    values: dict[str, Any] = {
        "id": 42,
        "requester_id": "U1",
        "route": "colleague",
        "kind": "case",
        "help_kind": "idea",
        "form": "talk",
        "feedback_mode": "assess",
        "deadline": date(2026, 12, 1),
        "language": "da",
        "status": RequestStatus.OPEN,
        "child_text": "c" * ICS_LIMIT,
        "parenting_text": "Mor <3 & far",
        "family_text": "f" * ICS_LIMIT,
        "question_text": "q" * QUESTION_LIMIT,
        "recipients": [RequestRecipient(user_id="U2", state=RecipientState.ACTIVE)],
    } | changes
    return SparringRequest(**values)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("team_count", [0, 1, 3])
def test_request_modal_respects_slack_limits(language: str, team_count: int) -> None:
    teams = [TeamChoice(id=i, name="børn-og-familie-" + "x" * 90) for i in range(team_count)]
    metadata = RequestModalMetadata(language=language, team_ids=[t.id for t in teams])
    view = build_request_modal(language, teams=teams, metadata=metadata).to_dict()
    assert view_problems(view) == []
    assert set(walk_ids(view)) <= DECLARED
    block_ids = [block.get("block_id") for block in view["blocks"]]
    assert (ids.Block.TEAM in block_ids) == (team_count > 1)
    assert RequestModalMetadata.model_validate_json(view["private_metadata"]) == metadata


def test_request_modal_shows_ics_dimensions_as_hints() -> None:
    view = build_request_modal(
        "da", teams=[], metadata=RequestModalMetadata(language="da")
    ).to_dict()
    by_id = {block.get("block_id"): block for block in view["blocks"]}
    assert by_id[ids.Block.CHILD]["label"]["text"] == "Barnets udvikling"
    assert "Dagtilbud, skoleforhold og læring" in by_id[ids.Block.CHILD]["hint"]["text"]
    assert "Trygt omsorgsmiljø" in by_id[ids.Block.PARENTING]["hint"]["text"]
    assert "Bolig, beskæftigelse og økonomi" in by_id[ids.Block.FAMILY]["hint"]["text"]
    assert by_id[ids.Block.QUESTION]["label"]["text"] == "Hvad vil du gerne have sparring på?"


def test_loading_modal_is_valid() -> None:
    view = build_loading_modal("en").to_dict()
    assert view_problems(view) == []
    assert view["callback_id"] == ids.Callback.LOADING


@pytest.mark.parametrize("status", list(RequestStatus))
@pytest.mark.parametrize("language", ["da", "en"])
def test_request_message_at_full_length_respects_limits(status: str, language: str) -> None:
    request = a_request(status=status, language=language, answered_by="U2")
    blocks = [block.to_dict() for block in build_request_message(request)]
    assert message_problems(request_fallback_text(request), blocks) == []
    assert set(walk_ids(blocks)) <= DECLARED
    has_close = ids.Action.CLOSE_REQUEST in set(walk_ids(blocks))
    assert has_close == (status in LIVE_STATUSES)
    if status in (RequestStatus.WITHDRAWN, RequestStatus.EXPIRED):
        assert "c" * 50 not in str(blocks)  # the case content is gone


def test_request_message_escapes_user_text_and_fallback_has_no_case_text() -> None:
    request = a_request(parenting_text="Mor <@U9> & <!channel>")
    rendered = str([block.to_dict() for block in build_request_message(request)])
    assert "Mor &lt;@U9&gt; &amp; &lt;!channel&gt;" in rendered
    fallback = request_fallback_text(request)
    assert "Mor" not in fallback and "q" * 20 not in fallback
    assert "<@U1>" in fallback


def test_quick_question_shows_no_empty_ics_sections() -> None:
    request = a_request(kind="quick", child_text=None, parenting_text=None, family_text=None)
    rendered = str([block.to_dict() for block in build_request_message(request)])
    assert "Barnets udvikling" not in rendered
    assert "Et hurtigt spørgsmål" in rendered


def test_delivery_failed_and_home_are_valid() -> None:
    blocks = [b.to_dict() for b in build_delivery_failed("da", request_id=3, recipients=["U2"])]
    assert message_problems("x", blocks) == []
    line = "• :hourglass: Åben · til <@U2> · 24.11.2026\n      _Næste skridt:_ Vent."
    team = TeamPart(
        team_id=1,
        channel_id="C1",
        name="boern-og-familie",
        lead=True,
        expert_topics=["Skolefravær og skolegang"] * 30,
        rules=["*Form:* skriftligt"] * 3,
        rules_version=2,
        meeting="tirsdag 08.12.2026 kl. 09:00",
        queue=["<@U1> · Skolefravær"] * 40,
        gaps=["Samvær og kontakt"] * 30,
        proposals=["• Fra <@U3>"] * 10,
        stats=["*2026-11:* <5 anmodninger"] * 3,
        chart_file_id="F1",
    )
    content = HomeContent(
        buddies=["*boern-og-familie:* <@U2>"],
        paused=True,
        paused_until=date(2026, 12, 24),
        sent=[line] * 60,
        waiting=[line] * 60,
        teams=[team] * 5,  # five teams led, long lists: still within Slack's limits
    )
    home = build_home("da", content).to_dict()
    assert view_problems(home) == []
    assert set(walk_ids(home)) <= DECLARED


def _form(**kwargs: Any) -> dict[str, Any]:
    metadata = RequestModalMetadata(language="da", team_ids=[1], topic_teams={5: 1})
    topic = SimpleNamespace(id=5, name=lambda language: "Skolefravær")
    view = build_request_modal(
        "da",
        teams=[TeamChoice(1, "Team")],
        metadata=metadata,
        topics=[(TeamChoice(1, "Team"), [topic])],
        **kwargs,
    )
    return view.to_dict()


def _block_ids(view: dict[str, Any]) -> list[str]:
    return [block["block_id"] for block in view["blocks"] if "block_id" in block]


def test_the_form_shows_only_what_applies_and_keeps_its_block_ids() -> None:
    case_to_buddy = _block_ids(_form(initial_route=Route.BUDDY))
    assert {ids.Block.CHILD, ids.Block.PARENTING, ids.Block.FAMILY} <= set(case_to_buddy)
    assert ids.Block.TOPIC not in case_to_buddy and ids.Block.COLLEAGUE not in case_to_buddy

    quick_to_expert = _block_ids(_form(kind=RequestKind.QUICK, initial_route=Route.EXPERT))
    assert ids.Block.CHILD not in quick_to_expert and ids.Block.TOPIC in quick_to_expert
    assert ids.Block.COLLEAGUE not in quick_to_expert

    to_colleague = _block_ids(_form(initial_route=Route.COLLEAGUE))
    assert ids.Block.COLLEAGUE in to_colleague and ids.Block.TOPIC not in to_colleague
    # Slack keeps typed values across views.update for blocks with the same ids and order.
    shared = [b for b in to_colleague if b in quick_to_expert]
    assert shared == [b for b in quick_to_expert if b in to_colleague]
    for view in (_form(), _form(kind=RequestKind.QUICK, initial_route=Route.EXPERT)):
        dispatching = {
            block["block_id"] for block in view["blocks"] if block.get("dispatch_action")
        }
        assert dispatching == {ids.Block.KIND, ids.Block.ROUTE}
