"""Sessions that see one workspace only, for listeners when many workspaces are installed.

A channel or user id from workspace B must never resolve to workspace A's team, whatever
lookup a listener or service does (by channel, by user, by an id in a modal's metadata). So
instead of trusting every query to remember the workspace, a session made by
`workspace_sessions` adds `Team.workspace_id == B` to every ORM statement that touches a team,
and "belongs to one of B's teams" to every statement touching a row with a `team_id`. Rows of
another workspace are then simply not there. Timed work (bot/due.py) uses unscoped sessions:
it serves every workspace, each with its own bot token (bot/slack/installations.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from models import (
    MeetingItem,
    MeetingSettings,
    OutboxMessage,
    PairingRound,
    PairSkip,
    RulesProposal,
    RulesVersion,
    SparringRequest,
    StatsChart,
    Team,
    TeamMember,
    Topic,
)

_INFO_KEY = "workspace_id"
# Rows that belong to a team (ExpertRole belongs to a Topic, RoundMember to a PairingRound,
# PairCheckin to a PairingRound, RequestRecipient and the like to a SparringRequest: reached
# only through those).
_OF_A_TEAM: tuple[type[Any], ...] = (
    TeamMember,
    Topic,
    PairingRound,
    PairSkip,
    StatsChart,
    RulesProposal,
    RulesVersion,
    MeetingSettings,
    MeetingItem,
)
# team_id may be NULL: a request whose team was deleted, an outbox DM without a team.
_MAYBE_OF_A_TEAM: tuple[type[Any], ...] = (SparringRequest, OutboxMessage)


def workspace_sessions(
    session_factory: sessionmaker[Session], workspace_id: str
) -> sessionmaker[Session]:
    """A session factory like `session_factory` whose sessions see `workspace_id` only."""
    _listen_once()
    kw = dict(session_factory.kw)
    kw["info"] = {**kw.get("info", {}), _INFO_KEY: workspace_id}
    return sessionmaker(class_=session_factory.class_, **kw)


def session_workspace(session: Session) -> str | None:
    """The workspace a session is scoped to, or None (it sees all)."""
    found = session.info.get(_INFO_KEY)
    return found if isinstance(found, str) else None


def _listen_once() -> None:
    if not event.contains(Session, "do_orm_execute", _scope):
        event.listen(Session, "do_orm_execute", _scope)


def _scope(state: ORMExecuteState) -> None:
    workspace_id = session_workspace(state.session)
    if workspace_id is None or not (state.is_select or state.is_update or state.is_delete):
        return
    options: list[Any] = [
        with_loader_criteria(
            Team, lambda cls: cls.workspace_id == workspace_id, include_aliases=True
        )
    ]
    options += [
        with_loader_criteria(
            model,
            lambda cls: cls.team_id.in_(select(Team.id).where(Team.workspace_id == workspace_id)),
            include_aliases=True,
        )
        for model in _OF_A_TEAM
    ]
    options += [
        with_loader_criteria(
            model,
            lambda cls: or_(
                cls.team_id.is_(None),
                cls.team_id.in_(select(Team.id).where(Team.workspace_id == workspace_id)),
            ),
            include_aliases=True,
        )
        for model in _MAYBE_OF_A_TEAM
    ]
    state.statement = state.statement.options(*options)
