"""Who takes part in the buddy rotation: pauses, resumes, a lead's exclusions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.slack.homes import want_home
from models import Team, TeamMember


def _memberships(session: Session, *, user_id: str, team_id: int | None) -> list[TeamMember]:
    query = select(TeamMember).where(TeamMember.user_id == user_id, TeamMember.left_at.is_(None))
    if team_id is not None:
        query = query.where(TeamMember.team_id == team_id)
    return list(session.scalars(query))


def pause(session: Session, *, user_id: str, until: date | None, team_id: int | None = None) -> int:
    """Pause the person (in one team, or all of theirs); returns how many teams it touched."""
    return _set_pause(session, user_id=user_id, team_id=team_id, paused=True, until=until)


def resume(session: Session, *, user_id: str, team_id: int | None = None) -> int:
    """End the person's pause; returns how many teams it touched."""
    return _set_pause(session, user_id=user_id, team_id=team_id, paused=False, until=None)


def _set_pause(
    session: Session, *, user_id: str, team_id: int | None, paused: bool, until: date | None
) -> int:
    memberships = _memberships(session, user_id=user_id, team_id=team_id)
    for membership in memberships:
        membership.paused, membership.paused_until = paused, until
    session.flush()
    want_home(session, user_ids=[user_id])
    return len(memberships)


def pause_state(session: Session, *, user_id: str, on: date) -> tuple[bool, date | None]:
    """Whether the person is on a pause of their own that day, and until when (None: open)."""
    for membership in _memberships(session, user_id=user_id, team_id=None):
        if membership.on_pause(on):
            return True, membership.paused_until
    return False, None


def set_excluded(session: Session, *, team_id: int, user_id: str, excluded: bool) -> bool:
    """Take a member out of (or back into) the team's rotation; False if not a member."""
    memberships = _memberships(session, user_id=user_id, team_id=team_id)
    for membership in memberships:
        membership.excluded = excluded
    session.flush()
    return bool(memberships)


def is_lead(team: Team, *, user_id: str, is_admin: bool) -> bool:
    """A lead of the team, or a workspace admin (who may act as one).

    `is_admin` comes from UserDirectory.is_admin, asked before any transaction is opened, so no
    transaction waits on Slack.
    """
    return is_admin or any(
        m.user_id == user_id and m.is_lead and m.left_at is None for m in team.members
    )


def is_member(session: Session, *, team_id: int, user_id: str) -> bool:
    """Whether the person is in the team's channel now (asked of the database, never of a
    modal's metadata)."""
    return bool(_memberships(session, user_id=user_id, team_id=team_id))
