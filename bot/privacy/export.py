"""Everything the bot stores about one person (GDPR art. 15 and 20): as JSON and as text.

Case text is included while it is still retained — for requests the person made and requests
they received. Their rule proposals (with their text), support and meeting cases come from
bot.privacy.team_records. Used by `/sparring mine data` and `sparring-bot export USER_ID`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.privacy import audit, team_records
from models import (
    ExpertRole,
    PairCheckin,
    PairingRound,
    PairSkip,
    PairWish,
    Reply,
    RequestEvent,
    RequestRecipient,
    RoundMember,
    SparringRequest,
    Team,
    TeamMember,
    Topic,
)


def collect(session: Session, *, user_id: str) -> dict[str, Any]:
    """The person's data, as plain JSON-ready values."""
    received_ids = select(RequestRecipient.request_id).where(RequestRecipient.user_id == user_id)
    requests = session.scalars(
        select(SparringRequest)
        .where(
            or_(
                SparringRequest.requester_id == user_id,
                SparringRequest.id.in_(received_ids),
                SparringRequest.accepted_by == user_id,
                SparringRequest.answered_by == user_id,
            )
        )
        .order_by(SparringRequest.id)
    ).all()
    return {
        "user_id": user_id,
        "requests_made": [_request(r) for r in requests if r.requester_id == user_id],
        "requests_received": [_request(r) for r in requests if r.requester_id != user_id],
        "teams": [_membership(session, m) for m in _memberships(session, user_id)],
        "expert_roles": _roles(session, user_id),
        "buddy_rounds": _rounds(session, user_id),
        # Private: only in the person's own export, never shown to anyone else.
        "not_paired_with": [
            {"user": wish.other_id, "since": wish.created_at}
            for wish in session.scalars(
                select(PairWish).where(PairWish.user_id == user_id).order_by(PairWish.id)
            )
        ],
        "periods_skipped": [
            {"team_id": skip.team_id, "period_start": skip.period_start}
            for skip in session.scalars(
                select(PairSkip).where(PairSkip.user_id == user_id).order_by(PairSkip.id)
            )
        ],
        "answers_recorded": [
            {"request_id": reply.request_id, "at": reply.at, "posted_by_bot": reply.posted_by_bot}
            for reply in session.scalars(
                select(Reply).where(Reply.author_id == user_id).order_by(Reply.id)
            )
        ],
        "actions": [
            {"request_id": e.request_id, "action": e.action, "to_status": e.to_status, "at": e.at}
            for e in session.scalars(
                select(RequestEvent)
                .where(RequestEvent.actor_id == user_id)
                .order_by(RequestEvent.id)
            )
        ],
        "audit_log": [
            {"at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject}
            for e in audit.mentions(session, user_id=user_id)
        ],
    } | team_records.collect(session, user_id=user_id)


def _request(request: SparringRequest) -> dict[str, Any]:
    content = {
        "child": request.child_text,
        "parenting": request.parenting_text,
        "family": request.family_text,
        "question": request.question_text,
    }
    return {
        "id": request.id,
        "created_at": request.created_at,
        "requester": request.requester_id,
        "recipients": request.asked_ids,
        "team": request.team.channel_id if request.team else None,
        "topic": request.topic.name_da if request.topic else None,
        "kind": request.kind,
        "route": request.route,
        "status": request.status,
        "deadline": request.deadline,
        "closed_at": request.closed_at,
        "content_deleted_at": request.content_deleted_at,
        "case_text": None
        if request.content_deleted_at
        else {k: v for k, v in content.items() if v},
    }


def _memberships(session: Session, user_id: str) -> list[TeamMember]:
    return list(
        session.scalars(
            select(TeamMember).where(TeamMember.user_id == user_id).order_by(TeamMember.id)
        )
    )


def _membership(session: Session, member: TeamMember) -> dict[str, Any]:
    team = session.get(Team, member.team_id)
    return {
        "team": team.channel_id if team else None,
        "team_name": team.name if team else None,
        "lead": member.is_lead,
        "joined_at": member.joined_at,
        "left_at": member.left_at,
        "paused": member.paused,
        "paused_until": member.paused_until,
        "excluded_from_pairs": member.excluded,
        "created_team": bool(team and team.created_by == member.user_id),
    }


def _roles(session: Session, user_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(ExpertRole, Topic)
        .join(Topic, Topic.id == ExpertRole.topic_id)
        .where(ExpertRole.user_id == user_id)
        .order_by(ExpertRole.id)
    )
    return [
        {"topic": topic.name_da, "assigned_by": role.assigned_by, "since": role.created_at}
        for role, topic in rows
    ]


def _rounds(session: Session, user_id: str) -> list[dict[str, Any]]:
    mine = session.scalars(
        select(RoundMember).where(RoundMember.user_id == user_id).order_by(RoundMember.id)
    )
    rounds = []
    for member in mine:
        stored = session.get(PairingRound, member.round_id)
        if stored is None:
            continue
        group = next((g for g in stored.groups if user_id in g), ())
        checkin = session.scalar(
            select(PairCheckin).where(
                PairCheckin.round_id == stored.id, PairCheckin.group_no == member.group_no
            )
        )
        rounds.append(
            {
                "period_start": stored.period_start,
                "period_end": stored.period_end,
                "with": [other for other in group if other != user_id],
                "did_you_meet": checkin.outcome if checkin else None,
                "answered_by": checkin.answered_by if checkin else None,
            }
        )
    return rounds


def as_json(data: dict[str, Any]) -> str:
    """The export as JSON (dates in ISO 8601)."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


_TITLES = {
    "requests_made": "Anmodninger du har sendt · Requests you made",
    "requests_received": "Anmodninger du har modtaget · Requests you received",
    "teams": "Teams og roller · Teams and roles",
    "expert_roles": "Ekspertroller · Expert roles",
    "buddy_rounds": "Makkerpar · Buddy pairs",
    "answers_recorded": "Registrerede svar · Answers recorded",
    "actions": "Handlinger · Actions",
    "rule_proposals": "Forslag til spilleregler · Rule proposals",
    "rule_supports": "Forslag du har støttet · Proposals you supported",
    "rule_decisions": "Forslag du har besluttet · Proposals you decided",
    "rule_versions": "Vedtagne spilleregler · Adopted rules",
    "meeting_cases": "Sager til teammødet · Team meeting cases",
    "meeting_settings_changed": "Mødeindstillinger · Meeting settings",
    "audit_log": "Revisionslog · Audit log",
}


def as_text(data: dict[str, Any]) -> str:
    """The export as readable text, Danish first."""
    lines = [f"Sparring: dine data · your data ({data['user_id']})", ""]
    for key, title in _TITLES.items():
        lines.append(f"== {title}")
        items = data.get(key) or []
        if not items:
            lines.append("  (intet · none)")
        for item in items:
            lines.append("  - " + "; ".join(_pairs(item)))
        lines.append("")
    return "\n".join(lines)


def _pairs(item: dict[str, Any]) -> list[str]:
    out = []
    for name, value in item.items():
        if isinstance(value, dict):
            out += [f"{name}.{k}: {v}" for k, v in value.items()]
        elif value not in (None, [], ""):
            shown = value.isoformat() if isinstance(value, (date, datetime)) else value
            out.append(f"{name}: {shown}")
    return out
