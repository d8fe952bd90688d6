"""Where a submitted request goes, read in one transaction that only reads: the buddies who
take part (and whom Slack still knows), the team, the meeting, the expert; and the rules a
submission is checked against."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.requests.choices import FeedbackMode, Route
from bot.requests.form import RequestModalMetadata
from bot.requests.routing import Routing, route_request
from bot.rules.model import Rules, template
from bot.rules.service import current_rules, rules_for
from bot.slack.ids import Block
from bot.teams.topics import set_expert_topics, topics_of
from models import RulesVersion, Team, TeamMember, utcnow
from tests.conftest import add_team, request_form
from tests.inprocess import InProcess
from tests.test_request_form_db import DAY, add_round, adopt

MEMBERS = ["U1", "U2", "U3", "U4", "U5", "U9"]  # U9: deactivated in Slack since


@pytest.fixture
def team_id(session_factory: sessionmaker[Session]) -> int:
    """C1 with U1–U5 and U9; this week U1, U2 and U3 are a trio, U4 and U9 a pair."""
    team_id = add_team(session_factory, channel_id="C1", members=MEMBERS, lead="U1")
    with session_factory.begin() as session:
        add_round(session, team_id, ("U1", "U2", "U3"), ("U4", "U9"), ("U5",))
    return team_id


def route(inproc: InProcess, requester_id: str, **form: Any) -> Routing:
    """Route a request by `requester_id` filed from a form with `form`'s fields."""
    metadata = form.pop("metadata", None) or RequestModalMetadata(
        language="da", team_ids=[form.get("team_id") or 0]
    )
    return route_request(
        session_factory=inproc.deps.session_factory,
        users=inproc.deps.users,
        form=request_form(**form),
        requester_id=requester_id,
        metadata=metadata,
        today=DAY,
    )


def change(
    session_factory: sessionmaker[Session], team_id: int, user_id: str, **values: Any
) -> None:
    """Change the person's membership of the team."""
    with session_factory.begin() as session:
        row = session.scalars(
            select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
        ).one()
        for name, value in values.items():
            setattr(row, name, value)


def test_a_buddy_request_goes_to_the_buddies_who_take_part(
    inproc: InProcess, session_factory: sessionmaker[Session], team_id: int
) -> None:
    buddy = {"route": Route.BUDDY, "colleague_id": None, "team_id": team_id}
    no_buddy = Routing(problem=(Block.ROUTE, "error.no_buddy", {}))
    assert route(inproc, "U1", **buddy) == Routing(["U2", "U3"], team_id)
    assert route(inproc, "U2", **buddy) == Routing(["U1", "U3"], team_id)
    change(session_factory, team_id, "U3", paused=True, paused_until=DAY)
    assert route(inproc, "U1", **buddy) == Routing(["U2"], team_id)
    change(session_factory, team_id, "U3", paused_until=DAY - timedelta(days=1))
    assert route(inproc, "U1", **buddy) == Routing(["U2", "U3"], team_id)
    change(session_factory, team_id, "U2", excluded=True)
    change(session_factory, team_id, "U3", left_at=utcnow())
    assert route(inproc, "U1", **buddy) == no_buddy
    # In the database U9 takes part; Slack says the account is deactivated.
    assert route(inproc, "U4", **buddy) == no_buddy
    assert route(inproc, "U5", **buddy) == no_buddy  # alone this week
    # No longer in the team: not their team to file under.
    change(session_factory, team_id, "U4", left_at=utcnow())
    assert route(inproc, "U4", **buddy) == Routing(problem=(Block.ROUTE, "error.not_your_team", {}))
    two_teams = RequestModalMetadata(language="da", team_ids=[team_id, team_id + 1])
    assert route(inproc, "U4", metadata=two_teams, **buddy) == Routing(
        problem=(Block.TEAM, "error.not_your_team", {})
    )
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        team.active = False
    assert route(inproc, "U5", **buddy).problem == (Block.ROUTE, "error.not_your_team", {})


def test_the_other_routes(
    inproc: InProcess, session_factory: sessionmaker[Session], team_id: int
) -> None:
    assert route(inproc, "U1", colleague_id="U5") == Routing(["U5"], None)
    assert route(inproc, "U1", colleague_id="U5", team_id=team_id) == Routing(["U5"], team_id)
    assert route(inproc, "U1", route=Route.TEAM, colleague_id=None, team_id=team_id) == Routing(
        [], team_id
    )
    assert route(inproc, "U1", route=Route.TEAM, colleague_id=None) == Routing(
        problem=(Block.ROUTE, "error.no_team", {})
    )
    meeting = {"route": Route.MEETING, "colleague_id": None, "team_id": team_id}
    assert route(inproc, "U1", **meeting) == Routing(
        problem=(Block.ROUTE, "meeting.route_needs_time", {})
    )
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        topic = topics_of(session, team=team)[0]
        topic_id, name = topic.id, topic.name_da
        set_expert_topics(session, team=team, user_id="U3", topic_ids={topic_id}, assigned_by="U1")
    expert = {"route": Route.EXPERT, "colleague_id": None, "team_id": None, "topic_id": topic_id}
    offered = RequestModalMetadata(language="da", topic_teams={topic_id: team_id})
    assert route(inproc, "U1", metadata=offered, **expert) == Routing(["U3"], team_id)
    assert route(inproc, "U3", metadata=offered, **expert) == Routing(
        problem=(Block.TOPIC, "error.no_expert", {"topic": name})
    )
    not_offered = RequestModalMetadata(language="da", topic_teams={})
    assert route(inproc, "U1", metadata=not_offered, **expert) == Routing(
        problem=(Block.TOPIC, "error.topic_missing", {})
    )
    change(session_factory, team_id, "U3", paused=True)
    assert route(inproc, "U1", metadata=offered, **expert) == Routing(
        problem=(Block.TOPIC, "error.no_expert", {"topic": name})
    )
    assert route(inproc, "U6", metadata=offered, **expert) == Routing(
        problem=(Block.TOPIC, "error.not_your_team", {})
    )


def test_the_rules_a_submission_is_checked_against(
    session_factory: sessionmaker[Session], team_id: int
) -> None:
    english = add_team(session_factory, channel_id="C2", members=["U3"], name="english")
    with session_factory.begin() as session:
        team = session.get(Team, english)
        assert team is not None
        team.language = "en"
    with session_factory() as session:
        assert rules_for(session, team_id=None) is None
        assert rules_for(session, team_id=english + 1) is None
        assert rules_for(session, team_id=team_id) == template("da")
        assert rules_for(session, team_id=english) == template("en")
    with session_factory.begin() as session:
        adopt(session, team_id, feedback_modes=[FeedbackMode.ANSWER_ONLY])
    with session_factory() as session:
        found = rules_for(session, team_id=team_id)
        assert found == Rules(feedback_modes=[FeedbackMode.ANSWER_ONLY])
        team = session.get(Team, team_id)
        assert team is not None and found == current_rules(session, team=team)[0]
    with session_factory.begin() as session:
        version = session.scalars(select(RulesVersion)).one()
        version.rules = {"feedback_modes": ["no such mode"]}
    with session_factory() as session:
        assert rules_for(session, team_id=team_id) == template("da")
