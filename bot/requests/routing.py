"""Who a request goes to: the route of a submitted form, and the next expert (spread the load,
never the requester or someone away)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import reading
from bot.meetings.flow import has_meeting
from bot.pairing.buddies import buddy_ids
from bot.requests.choices import Route
from bot.requests.form import RequestForm, RequestModalMetadata
from bot.slack.ids import Block
from bot.slack.users import UserDirectory
from bot.teams.service import team_ids_of_user
from models import (
    LIVE_STATUSES,
    ExpertRole,
    RecipientState,
    RequestRecipient,
    SparringRequest,
    Team,
    TeamMember,
    Topic,
    utcnow,
)


@dataclass(frozen=True)
class Candidate:
    """An expert who could take the request, and how busy they are."""

    user_id: str
    open_requests: int
    last_asked: datetime | None


def choose_expert(candidates: Iterable[Candidate]) -> Candidate | None:
    """Fewest open requests first, then the one asked longest ago (never asked first)."""
    return min(
        candidates,
        key=lambda c: (c.open_requests, c.last_asked is not None, c.last_asked or 0, c.user_id),
        default=None,
    )


def expert_candidates(
    session: Session, *, team: Team, topic_id: int, exclude: Iterable[str], on: date
) -> list[Candidate]:
    """The topic's experts who are still in the team, not on a pause, and not excluded."""
    excluded = set(exclude)
    present = {
        m.user_id
        for m in session.scalars(select(TeamMember).where(TeamMember.team_id == team.id))
        if m.left_at is None and not (m.paused and (m.paused_until is None or m.paused_until >= on))
    }
    experts = [
        user_id
        for user_id in session.scalars(
            select(ExpertRole.user_id).where(ExpertRole.topic_id == topic_id)
        )
        if user_id in present and user_id not in excluded
    ]
    if not experts:
        return []
    active = RequestRecipient.state == RecipientState.ACTIVE
    load = dict(
        session.execute(
            select(RequestRecipient.user_id, func.count(RequestRecipient.id))
            .join(SparringRequest)
            .where(
                RequestRecipient.user_id.in_(experts),
                active,
                SparringRequest.status.in_(LIVE_STATUSES),
            )
            .group_by(RequestRecipient.user_id)
        ).all()
    )
    asked = dict(
        session.execute(
            select(RequestRecipient.user_id, func.max(RequestRecipient.assigned_at))
            .where(RequestRecipient.user_id.in_(experts))
            .group_by(RequestRecipient.user_id)
        ).all()
    )
    return [Candidate(e, int(load.get(e, 0)), asked.get(e)) for e in experts]


def next_expert(session: Session, *, request: SparringRequest, on: date) -> str | None:
    """The expert an expert request goes to next: nobody asked before, never the requester."""
    if request.route != Route.EXPERT or request.team is None or request.topic_id is None:
        return None
    chosen = choose_expert(
        expert_candidates(
            session,
            team=request.team,
            topic_id=request.topic_id,
            exclude=[request.requester_id, *request.asked_ids],
            on=on,
        )
    )
    return chosen.user_id if chosen else None


def recipient_problem(users: UserDirectory, user_id: str) -> str | None:
    """Why this person cannot receive a request, as a catalogue key, or None."""
    person = users.get(user_id)
    if person is None:
        return "error.user_unknown"
    if person.deleted:
        return "error.deactivated"
    if not person.is_human:
        return "error.bot"
    return None


@dataclass(frozen=True)
class Routing:
    """Whom a valid form goes to and under which team, or the inline error that stops it."""

    recipients: list[str] = field(default_factory=list)
    team_id: int | None = None
    problem: tuple[Block, str, dict[str, str]] | None = None


def route_request(
    *,
    session_factory: sessionmaker[Session],
    users: UserDirectory,
    form: RequestForm,
    requester_id: str,
    metadata: RequestModalMetadata,
    today: date,
) -> Routing:
    """Decide who receives a submitted request (Slack is asked outside any transaction).

    The teams come from the modal's metadata; the database says whether the requester is in
    them, so nobody files a request under, or posts a notice into, a team not their own.
    """
    # One transaction that only reads (no write lock to wait for on SQLite).
    with reading(session_factory) as session:
        routing = _route(session, form, requester_id=requester_id, metadata=metadata, today=today)
    if isinstance(routing, Routing):
        return routing
    # A buddy deactivated since the round was made gets nothing.
    buddies = [buddy for buddy in routing if recipient_problem(users, buddy) is None]
    if not buddies:
        return Routing(problem=(Block.ROUTE, "error.no_buddy", {}))
    return Routing(buddies, form.team_id)


def _route(
    session: Session,
    form: RequestForm,
    *,
    requester_id: str,
    metadata: RequestModalMetadata,
    today: date,
) -> Routing | list[str]:
    """The routing as the database decides it, or the buddies, not yet checked with Slack."""
    mine = team_ids_of_user(session, user_id=requester_id)
    if form.team_id is not None and form.team_id not in mine:
        block = Block.TEAM if len(metadata.team_ids) > 1 else Block.ROUTE
        return Routing(problem=(block, "error.not_your_team", {}))
    if form.route is Route.COLLEAGUE and form.colleague_id:
        return Routing([form.colleague_id], form.team_id)
    if form.route is Route.EXPERT:
        return _route_to_expert(
            session, form, requester_id=requester_id, metadata=metadata, today=today, mine=mine
        )
    if form.team_id is None:
        return Routing(problem=(Block.ROUTE, "error.no_team", {}))
    if form.route is Route.TEAM:
        return Routing([], form.team_id)
    if form.route is Route.MEETING:
        if not has_meeting(session, team_id=form.team_id, now=utcnow()):
            return Routing(problem=(Block.ROUTE, "meeting.route_needs_time", {}))
        return Routing([], form.team_id)
    return buddy_ids(session, user_id=requester_id, team_id=form.team_id, on=today)


def _route_to_expert(
    session: Session,
    form: RequestForm,
    *,
    requester_id: str,
    metadata: RequestModalMetadata,
    today: date,
    mine: set[int],
) -> Routing:
    team_id = metadata.topic_teams.get(form.topic_id or 0)
    if team_id is None:
        return Routing(problem=(Block.TOPIC, "error.topic_missing", {}))
    if team_id not in mine:
        return Routing(problem=(Block.TOPIC, "error.not_your_team", {}))
    team, topic = session.get(Team, team_id), session.get(Topic, form.topic_id)
    if team is None or topic is None or topic.team_id != team.id:
        return Routing(problem=(Block.TOPIC, "error.topic_missing", {}))
    chosen = choose_expert(
        expert_candidates(session, team=team, topic_id=topic.id, exclude=[requester_id], on=today)
    )
    if chosen is None:
        name = topic.name(metadata.language)
        return Routing(problem=(Block.TOPIC, "error.no_expert", {"topic": name}))
    return Routing([chosen.user_id], team_id)


def hand_over_problem(users: UserDirectory, *, actor_id: str, new_holder: str | None) -> str | None:
    """Why a request cannot be handed to this colleague, as a catalogue key, or None."""
    if not new_holder:
        return "error.colleague_missing"
    if new_holder == actor_id:
        return "error.self"
    return recipient_problem(users, new_holder)
