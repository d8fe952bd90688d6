"""The request form read in columns (a statement for the teams with buddy and rules, one for
the topics) is the form the services that load teams, topics, rounds and rules give, for a
person in two teams, with and without a buddy, with adopted, template and unreadable rules;
and it sees one workspace only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

import pytest
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import Language
from bot.core.workspaces import workspace_sessions
from bot.deps import Deps
from bot.pairing.buddies import groups_of
from bot.requests.choices import AVAILABLE_ROUTES, FeedbackMode, RequestKind, Route
from bot.requests.compose import request_form
from bot.requests.form import RequestModalMetadata
from bot.requests.modals import RulesShown, TeamChoice, build_request_modal
from bot.rules.model import Rules, brief
from bot.rules.service import current_rules, decide, propose
from bot.teams.service import register_team, sync_members, teams_for_user
from bot.teams.topics import topics_by_team
from models import PairingRound, RoundMember, RulesVersion, Team, TeamMember, Topic, utcnow
from tests.conftest import add_team

DAY = date(2026, 11, 25)  # a Wednesday


@dataclass(frozen=True)
class FormDeps:
    """What `request_form` uses of the deps, on a fixed day."""

    session_factory: sessionmaker[Session]

    def today(self) -> date:
        """The day the forms are opened."""
        return DAY


def form(deps: FormDeps, user_id: str, channel_id: str | None, language: Language) -> Any:
    """The form the bot opens."""
    return request_form(
        cast(Deps, deps), user_id=user_id, language=language, origin_channel_id=channel_id
    )


def form_from_objects(
    deps: FormDeps, user_id: str, channel_id: str | None, language: Language
) -> dict[str, Any]:
    """The form built from the services that load teams, topics, rounds and rules as objects
    (what `request_form` read before it read columns)."""
    with deps.session_factory() as session:
        teams = teams_for_user(session, user_id=user_id)
        choices = [TeamChoice(id=team.id, name=team.name) for team in teams]
        by_team = topics_by_team(session, teams=teams)
        assert by_team is not None
        topics = [(choice, by_team[choice.id]) for choice in choices]
        has_buddy = bool(groups_of(session, user_id=user_id, on=DAY))
        team = next((t for t in teams if t.channel_id == channel_id), None) or next(
            iter(teams), None
        )
        rules = None
        if team is not None:
            in_force, _version = current_rules(session, team=team)
            rules = RulesShown(
                team_id=team.id,
                lines=brief(in_force, language),
                feedback_modes=list(in_force.feedback_modes),
            )
    metadata = RequestModalMetadata(
        language=language,
        origin_channel_id=channel_id,
        team_ids=[choice.id for choice in choices],
        topic_teams={topic.id: choice.id for choice, listed in topics for topic in listed},
    )
    routes = [
        route
        for route in AVAILABLE_ROUTES
        if route is Route.COLLEAGUE or (choices and (route is not Route.BUDDY or has_buddy))
    ]
    view = build_request_modal(
        language,
        teams=choices,
        metadata=metadata,
        initial_route=Route.BUDDY if has_buddy else Route.COLLEAGUE,
        routes=routes,
        topics=topics,
        kind=RequestKind.CASE,
        rules=rules,
    )
    return view.to_dict()


def initial_route(view: dict[str, Any]) -> str:
    """The route the form starts with."""
    for block in view["blocks"]:
        element = block.get("element") or {}
        if element.get("action_id") == "route_select":
            return str(element["initial_option"]["value"])
    raise AssertionError("no route field")


PEOPLE = (("U1", "C1"), ("U1", "C2"), ("U1", None), ("U2", "C1"), ("U5", "C2"), ("U9", None))


def same_forms(deps: FormDeps) -> dict[tuple[str, str | None, str], dict[str, Any]]:
    """Every person's form in both languages, each checked against the one from objects."""
    forms = {}
    for user_id, channel_id in PEOPLE:
        for language in ("da", "en"):
            found = form(deps, user_id, channel_id, cast(Language, language))
            assert found == form_from_objects(deps, user_id, channel_id, cast(Language, language))
            forms[user_id, channel_id, language] = found
    return forms


def add_round(session: Session, team_id: int, *groups: tuple[str, ...]) -> None:
    """A round of the team over the week of DAY with these groups."""
    stored = PairingRound(
        team_id=team_id,
        period_start=DAY - timedelta(days=2),
        period_end=DAY + timedelta(days=4),
        number=1,
        circle_offset=0,
    )
    session.add(stored)
    session.flush()
    session.add_all(
        RoundMember(round_id=stored.id, group_no=number, user_id=user_id)
        for number, group in enumerate(groups)
        for user_id in group
    )


def adopt(session: Session, team_id: int, **rules: Any) -> None:
    """The lead (U1) adopts rules for the team."""
    team = session.get(Team, team_id)
    assert team is not None
    proposal = propose(session, team=team, user_id="U1", rules=Rules(**rules))
    decide(session, proposal_id=proposal.id, user_id="U1", is_admin=False, adopt=True)


@pytest.fixture
def two_teams(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    """ "alfa" (C1: U1–U4, U1 and U2 buddies this week) with the template rules and "beta"
    (C2: U1, U5, U6, no round) with adopted rules. Their ids."""
    alfa = add_team(
        session_factory, channel_id="C1", members=["U1", "U2", "U3", "U4"], lead="U1", name="alfa"
    )
    beta = add_team(
        session_factory, channel_id="C2", members=["U1", "U5", "U6"], lead="U1", name="beta"
    )
    with session_factory.begin() as session:
        add_round(session, alfa, ("U1", "U2"), ("U3", "U4"))
        adopt(
            session,
            beta,
            feedback_modes=[FeedbackMode.ANSWER_ONLY],
            asking_text="Spørg i kanalen først.",
        )
    return alfa, beta


def change(session_factory: sessionmaker[Session], do: Callable[[Session], Any]) -> None:
    """One change in a transaction of its own."""
    with session_factory.begin() as session:
        do(session)


def membership(session: Session, team_id: int, user_id: str) -> TeamMember:
    """The person's row in the team."""
    return session.scalars(
        select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
    ).one()


def test_the_form_read_in_columns_is_the_form_from_objects(
    session_factory: sessionmaker[Session], two_teams: tuple[int, int]
) -> None:
    alfa, beta = two_teams
    deps = FormDeps(session_factory)
    form(deps, "U1", "C1", "da")  # the teams' first form seeds their topics
    forms = same_forms(deps)
    assert initial_route(forms["U1", "C1", "da"]) == "buddy"
    assert initial_route(forms["U5", "C2", "da"]) == "colleague"
    assert "Spørg i kanalen" in str(forms["U1", "C2", "da"])  # beta's rules, typed in beta
    assert "Spørg i kanalen" not in str(forms["U1", "C1", "da"])  # alfa's template
    assert "Spørg i kanalen" in str(forms["U5", "C2", "en"])

    def set_buddy(**values: Any) -> None:
        with session_factory.begin() as session:
            row = membership(session, alfa, "U2")
            for name, value in values.items():
                setattr(row, name, value)

    # The buddy's pause covers the day (to its last day), is open, is over; excluded; left.
    for values, has_buddy in (
        ({"paused": True, "paused_until": DAY}, False),
        ({"paused": True, "paused_until": None}, False),
        ({"paused": True, "paused_until": DAY - timedelta(days=1)}, True),
        ({"paused": False, "paused_until": None, "excluded": True}, False),
        ({"excluded": False, "left_at": utcnow()}, False),
    ):
        set_buddy(**values)
        forms = same_forms(deps)
        assert (initial_route(forms["U1", "C1", "da"]) == "buddy") is has_buddy, values
        # U1 still takes part: U2 has a buddy while in the team.
        assert (initial_route(forms["U2", "C1", "da"]) == "buddy") is ("left_at" not in values)

    # A buddy in the other team; the first team stops; a topic retired.
    change(session_factory, lambda s: add_round(s, beta, ("U1", "U5"), ("U6",)))
    assert initial_route(same_forms(deps)["U1", "C1", "da"]) == "buddy"
    change(session_factory, lambda s: setattr(s.get(Team, alfa), "active", False))
    forms = same_forms(deps)
    assert "alfa" not in str(forms["U1", None, "da"])
    assert initial_route(forms["U5", "C2", "da"]) == "buddy"
    retired = Topic.retired_at.is_(None) & (Topic.team_id == beta)
    change(
        session_factory,
        lambda s: setattr(s.scalars(select(Topic).where(retired)).first(), "retired_at", utcnow()),
    )
    same_forms(deps)


def test_the_form_shows_the_rules_in_force_however_they_changed(
    session_factory: sessionmaker[Session], two_teams: tuple[int, int]
) -> None:
    _alfa, beta = two_teams
    deps = FormDeps(session_factory)
    form(deps, "U5", "C2", "da")
    assert "Spørg i kanalen" in str(same_forms(deps)["U5", "C2", "da"])
    # A newer version is in force at once.
    change(
        session_factory,
        lambda s: adopt(s, beta, feedback_modes=list(FeedbackMode), asking_text="Ring hellere."),
    )
    shown = str(same_forms(deps)["U5", "C2", "da"])
    assert "Ring hellere" in shown and "Spørg i kanalen" not in shown
    # A version that cannot be read: the template, as before.
    with session_factory.begin() as session:
        latest = session.scalars(
            select(RulesVersion).where(RulesVersion.team_id == beta, RulesVersion.version == 2)
        ).one()
        version_id, stored = latest.id, dict(latest.rules)
        latest.rules = {"feedback_modes": []}
    assert "Ring hellere" not in str(same_forms(deps)["U5", "C2", "da"])
    # The same id given again to other rules (SQLite reuses the id of a deleted last row): the
    # rules kept for that id are not used.
    reuse_id(session_factory, version_id, team_id=beta, rules={**stored, "asking_text": "Mød op."})
    form(deps, "U5", "C2", "da")
    shown = str(same_forms(deps)["U5", "C2", "da"])
    assert "Mød op" in shown and "Ring hellere" not in shown
    reuse_id(
        session_factory, version_id, team_id=beta, rules={**stored, "asking_text": "Skriv en mail."}
    )
    assert "Skriv en mail" in str(same_forms(deps)["U5", "C2", "da"])


def test_the_form_is_read_in_two_statements_however_many_teams(
    engine: Engine, session_factory: sessionmaker[Session], two_teams: tuple[int, int]
) -> None:
    deps = FormDeps(session_factory)
    form(deps, "U1", "C1", "da")  # seeds the topics
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for user_id, channel_id in PEOPLE:
            statements.clear()
            form(deps, user_id, channel_id, "da")
            reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
            assert len(reads) == (2 if user_id != "U9" else 1), (user_id, statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_form_sees_one_workspace_only(
    session_factory: sessionmaker[Session], two_teams: tuple[int, int]
) -> None:
    _alfa, beta = two_teams
    # The same user id in a team of another workspace, with a buddy and rules there.
    with session_factory.begin() as session:
        other, _ = register_team(
            session,
            channel_id="CB1",
            workspace_id="T0002",
            name="andet-sted",
            created_by="U5",
            timezone="Europe/Copenhagen",
            language="da",
        )
        sync_members(session, team=other, human_ids=["U5", "U7"])
        add_round(session, other.id, ("U5", "U7"))
    deps = FormDeps(session_factory)
    form(deps, "U5", "CB1", "da")  # seeds the topics of every team of U5
    scoped = FormDeps(workspace_sessions(session_factory, "T0001"))
    shown = form(scoped, "U5", "CB1", "da")
    assert shown == form_from_objects(scoped, "U5", "CB1", "da")
    assert RequestModalMetadata.load(shown).team_ids == [beta]
    assert initial_route(shown) == "colleague"
    unscoped = form(deps, "U5", "CB1", "da")
    assert RequestModalMetadata.load(unscoped).team_ids == [other.id, beta]  # by name
    assert initial_route(unscoped) == "buddy"


def reuse_id(
    session_factory: sessionmaker[Session], version_id: int, *, team_id: int, rules: dict[str, Any]
) -> None:
    """Delete the rules version and store other rules under its id (as SQLite may)."""
    with session_factory.begin() as session:
        session.execute(delete(RulesVersion).where(RulesVersion.id == version_id))
        session.flush()
        session.add(
            RulesVersion(
                id=version_id,
                team_id=team_id,
                version=2,
                rules=rules,
                proposed_by="U5",
                adopted_by="U1",
            )
        )
