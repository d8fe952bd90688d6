"""The person's part in their teams' ground rules and meetings, for export and forget.

Rules are team policy, not case content: a proposal's text is exported to the person who wrote
it, and stays when they are forgotten (it is the team's); only their Slack id is replaced.
Meeting items hold ids only, never case text (that is the request's, exported with it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from models import (
    MeetingItem,
    MeetingSettings,
    RulesProposal,
    RulesVersion,
    SparringRequest,
    Team,
)


def supported_by(session: Session, *, user_id: str) -> list[RulesProposal]:
    """Proposals the person supported (the supporters are a JSON list of Slack ids)."""
    maybe = session.scalars(
        select(RulesProposal)
        .where(cast(RulesProposal.supporters, String).contains(user_id))
        .order_by(RulesProposal.id)
    )
    return [proposal for proposal in maybe if user_id in (proposal.supporters or [])]


def unsupport(session: Session, *, user_id: str, alias: str) -> int:
    """The person's support stays counted, under the pseudonym."""
    proposals = supported_by(session, user_id=user_id)
    for proposal in proposals:
        # A new list: SQLAlchemy sees a JSON column change only on assignment.
        proposal.supporters = [alias if s == user_id else s for s in proposal.supporters]
    return len(proposals)


def collect(session: Session, *, user_id: str) -> dict[str, Any]:
    """Proposals, support, decisions, adopted versions and meeting cases of the person."""
    teams = {team.id: team.channel_id for team in session.scalars(select(Team))}
    proposals = session.scalars(
        select(RulesProposal)
        .where(or_(RulesProposal.proposed_by == user_id, RulesProposal.decided_by == user_id))
        .order_by(RulesProposal.id)
    ).all()
    versions = session.scalars(
        select(RulesVersion)
        .where(or_(RulesVersion.proposed_by == user_id, RulesVersion.adopted_by == user_id))
        .order_by(RulesVersion.id)
    )
    mine = select(SparringRequest.id).where(SparringRequest.requester_id == user_id)
    items = session.scalars(
        select(MeetingItem)
        .where(or_(MeetingItem.request_id.in_(mine), MeetingItem.marked_by == user_id))
        .order_by(MeetingItem.id)
    )
    settings = session.scalars(
        select(MeetingSettings)
        .where(MeetingSettings.updated_by == user_id)
        .order_by(MeetingSettings.id)
    )
    return {
        "rule_proposals": [
            _proposal(p, teams) | {"rules": p.rules, "supporters": len(p.supporters or [])}
            for p in proposals
            if p.proposed_by == user_id
        ],
        "rule_supports": [_proposal(p, teams) for p in supported_by(session, user_id=user_id)],
        "rule_decisions": [_proposal(p, teams) for p in proposals if p.decided_by == user_id],
        "rule_versions": [
            {
                "team": teams.get(v.team_id),
                "version": v.version,
                "proposed_by": v.proposed_by,
                "adopted_by": v.adopted_by,
                "adopted_at": v.adopted_at,
                "rules": v.rules,
            }
            for v in versions
        ],
        "meeting_cases": [
            {
                "request_id": i.request_id,
                "team": teams.get(i.team_id),
                "meeting_date": i.meeting_date,
                "state": i.state,
                "agenda_date": i.agenda_date,
                "moves": i.moves,
                "marked_by": i.marked_by,
                "marked_at": i.marked_at,
            }
            for i in items
        ],
        "meeting_settings_changed": [{"team": teams.get(s.team_id)} for s in settings],
    }


def _proposal(proposal: RulesProposal, teams: dict[int, str]) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "team": teams.get(proposal.team_id),
        "proposed_by": proposal.proposed_by,
        "created_at": proposal.created_at,
        "status": proposal.status,
        "decided_by": proposal.decided_by,
        "decided_at": proposal.decided_at,
        "reason": proposal.reason,
    }
