"""A team's rules in the database: the current version, proposals, support, the lead's
decision, the history, and the reminder when a team has none. Services flush, never commit."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, func, select
from sqlalchemy.orm import Session

from bot.core.errors import NotAllowed, NotOpen
from bot.core.i18n import Language, t
from bot.privacy import audit
from bot.rules.model import Rules, template
from bot.slack import outbox
from bot.slack.homes import want_home
from bot.teams.participation import is_lead, is_member
from models import ProposalStatus, RulesProposal, RulesVersion, Team, utcnow

# A team without adopted rules this long after it was set up: its lead is reminded once.
REMIND_AFTER = timedelta(days=14)


def latest_version(session: Session, *, team_id: int) -> RulesVersion | None:
    """The adopted version in force, if the team has adopted any."""
    return session.scalar(
        select(RulesVersion)
        .where(RulesVersion.team_id == team_id)
        .order_by(RulesVersion.version.desc())
        .limit(1)
    )


def current_rules(session: Session, *, team: Team) -> tuple[Rules, RulesVersion | None]:
    """The rules in force and their version; the template (no version) until one is adopted."""
    version = latest_version(session, team_id=team.id)
    if version is not None and (rules := Rules.stored(version.rules)) is not None:
        return rules, version
    return template(team_language(team)), None


def latest_rules_columns(
    team_id: ColumnElement[int],
) -> tuple[ScalarSelect[int], ScalarSelect[dict[str, Any]]]:
    """The id and the stored rules of the team's version in force (NULL without one), as two
    columns correlated to `team_id`: for a query that reads a team with its rules."""

    def latest(column: Any) -> ScalarSelect[Any]:
        return (
            select(column)
            .where(RulesVersion.team_id == team_id)
            .order_by(RulesVersion.version.desc())
            .limit(1)
            .scalar_subquery()
        )

    # (team_id, version) is unique: both columns come from the same row.
    return latest(RulesVersion.id), latest(RulesVersion.rules)


def rules_in_force(
    version_id: int | None, stored: dict[str, Any] | None, *, language: Language
) -> Rules:
    """The rules of a version read as columns (see `latest_rules_columns`): the template in
    the team's `language` without one, or when the stored rules cannot be read.

    Validating the rules costs more than reading them, so each version's rules are kept once
    parsed. A version row never changes, but SQLite may give a deleted row's id to a new one:
    a kept version is used only while its stored rules are equal."""
    if version_id is None or stored is None:
        return _template(language)
    kept = _PARSED.get(version_id)
    if kept is not None and kept[0] == stored:
        rules = kept[1]
    else:
        rules = Rules.stored(stored)
        if len(_PARSED) >= _PARSED_KEPT:
            _PARSED.clear()  # rarely: more versions in force than teams
        _PARSED[version_id] = (stored, rules)
    return rules if rules is not None else _template(language)


# Rules parsed in this process, by version id, with what they were parsed from.
_PARSED: dict[int, tuple[dict[str, Any], Rules | None]] = {}
_PARSED_KEPT = 1024


@functools.cache
def _template(language: Language) -> Rules:
    """The template, built once per language (rules are frozen: safe to share)."""
    return template(language)


def team_language(team: Team) -> Language:
    """The team's language (what the channel posts are written in)."""
    return "en" if team.language == "en" else "da"


def rules_for(session: Session, *, team_id: int | None) -> Rules | None:
    """The rules in force for a team id, or None without a team (one statement; the rules
    parsed once per version, see `rules_in_force`)."""
    if team_id is None:
        return None
    found = session.execute(_rules_of_team(), {"team_id": team_id}).first()
    if found is None:
        return None
    language, version_id, stored = found
    return rules_in_force(version_id, stored, language="en" if language == "en" else "da")


@functools.cache
def _rules_of_team() -> Select[tuple[str, int | None, dict[str, Any] | None]]:
    """The statement of `rules_for`, built once: building it costs more than running it."""
    version_id, stored = latest_rules_columns(Team.id)
    return select(Team.language, version_id, stored).where(Team.id == bindparam("team_id"))


def propose(session: Session, *, team: Team, user_id: str, rules: Rules) -> RulesProposal:
    """A member proposes new rules; only members of the team may."""
    if not is_member(session, team_id=team.id, user_id=user_id):
        raise NotAllowed(f"{user_id} is not in team {team.id}", key="rules.not_member")
    version = latest_version(session, team_id=team.id)
    proposal = RulesProposal(
        team_id=team.id,
        proposed_by=user_id,
        rules=rules.model_dump(mode="json"),
        base_version=version.version if version else None,
        supporters=[],
    )
    session.add(proposal)
    session.flush()
    want_home(session, user_ids=lead_ids(team))  # a proposal waiting for them
    return proposal


def base_rules(session: Session, *, proposal: RulesProposal, team: Team) -> Rules:
    """The rules a proposal was written against (for its diff)."""
    if proposal.base_version is not None:
        version = session.scalar(
            select(RulesVersion).where(
                RulesVersion.team_id == team.id, RulesVersion.version == proposal.base_version
            )
        )
        if version is not None and (rules := Rules.stored(version.rules)) is not None:
            return rules
    return template(team_language(team))


def lock_proposal(session: Session, *, proposal_id: int) -> RulesProposal:
    """The proposal, locked for this transaction; NotOpen when it is gone."""
    proposal = session.get(RulesProposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None:
        raise NotOpen(f"proposal {proposal_id}", key="rules.proposal_gone")
    return proposal


def support(session: Session, *, proposal_id: int, user_id: str) -> RulesProposal:
    """A colleague marks support for an open proposal (once per person)."""
    proposal = lock_proposal(session, proposal_id=proposal_id)
    if not is_member(session, team_id=proposal.team_id, user_id=user_id):
        raise NotAllowed(f"{user_id} not in team {proposal.team_id}", key="rules.not_member")
    if proposal.status != ProposalStatus.OPEN:
        raise NotOpen(f"proposal {proposal_id} is {proposal.status}", key="rules.decided")
    if user_id not in proposal.supporters:
        # A new list: SQLAlchemy sees a JSON column change only on assignment.
        proposal.supporters = [*proposal.supporters, user_id]
    session.flush()
    return proposal


def decide(
    session: Session,
    *,
    proposal_id: int,
    user_id: str,
    is_admin: bool,
    adopt: bool,
    now: datetime | None = None,
) -> RulesProposal:
    """The lead adopts (a new version) or declines an open proposal; anyone else changes
    nothing and is told why."""
    now = now or utcnow()
    proposal = lock_proposal(session, proposal_id=proposal_id)
    team = session.get(Team, proposal.team_id)
    if team is None or not is_lead(team, user_id=user_id, is_admin=is_admin):
        raise NotAllowed(f"{user_id} may not decide proposal {proposal_id}", key="rules.only_lead")
    if proposal.status != ProposalStatus.OPEN:
        raise NotOpen(f"proposal {proposal_id} is {proposal.status}", key="rules.decided")
    proposal.status = ProposalStatus.ADOPTED if adopt else ProposalStatus.DECLINED
    proposal.decided_by, proposal.decided_at = user_id, now
    audit.record(
        session,
        actor=user_id,
        action=audit.Action.RULES_ADOPTED if adopt else audit.Action.RULES_DECLINED,
        subject=proposal.proposed_by,
        channel_id=team.channel_id,
        detail=f"proposal {proposal.id}",
    )
    if adopt:
        number = session.scalar(
            select(func.coalesce(func.max(RulesVersion.version), 0)).where(
                RulesVersion.team_id == team.id
            )
        )
        session.add(
            RulesVersion(
                team_id=team.id,
                version=int(number or 0) + 1,
                rules=proposal.rules,
                proposal_id=proposal.id,
                proposed_by=proposal.proposed_by,
                adopted_by=user_id,
                adopted_at=now,
            )
        )
    session.flush()
    # The rules (or the proposals waiting) on the App Homes of the team.
    members = [m.user_id for m in team.members if m.left_at is None] if adopt else lead_ids(team)
    want_home(session, user_ids=members)
    return proposal


def give_reason(session: Session, *, proposal_id: int, user_id: str, reason: str) -> RulesProposal:
    """The deciding lead adds a reason to the decision."""
    proposal = lock_proposal(session, proposal_id=proposal_id)
    if proposal.decided_by != user_id:
        raise NotAllowed(f"{user_id} did not decide {proposal_id}", key="rules.only_lead")
    proposal.reason = reason[:1000]
    session.flush()
    return proposal


def history(session: Session, *, team_id: int) -> list[RulesVersion]:
    """Every adopted version, newest first."""
    return list(
        session.scalars(
            select(RulesVersion)
            .where(RulesVersion.team_id == team_id)
            .order_by(RulesVersion.version.desc())
        )
    )


def teams_without_rules(session: Session, *, now: datetime) -> list[Team]:
    """Active teams set up more than two weeks before `now` that have adopted no rules."""
    adopted = select(RulesVersion.team_id).distinct()
    return list(
        session.scalars(
            select(Team)
            .where(
                Team.active,
                Team.stopped_at.is_(None),
                Team.created_at <= now - REMIND_AFTER,
                Team.id.not_in(adopted),
            )
            .order_by(Team.id)
        )
    )


def lead_ids(team: Team) -> list[str]:
    """The team's leads who are still in the channel."""
    return [m.user_id for m in team.members if m.is_lead and m.left_at is None]


def remind_leads(session: Session, *, now: datetime) -> list[str]:
    """Queue the one reminder to the leads of teams without adopted rules after two weeks."""
    keys = []
    for team in teams_without_rules(session, now=now):
        for lead in lead_ids(team):
            key = f"rules-reminder:{team.id}:{lead}"
            text = t("rules.reminder", team_language(team), channel=team.channel_id)
            if outbox.enqueue(session, key=key, channel_id=lead, team_id=team.id, text=text):
                keys.append(key)
    return keys
