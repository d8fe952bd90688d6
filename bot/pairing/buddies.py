"""Who is whose buddy today: the person's group in their teams' current rounds, read as one
statement whatever the team's size (the request form, the buddy route, the App Home)."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Exists, Select, bindparam, select
from sqlalchemy.orm import Session, aliased, lazyload

from models import PairingRound, RoundMember, Team, TeamMember


def groups_of(
    session: Session, *, user_id: str, on: date, team_id: int | None = None
) -> list[tuple[Team, PairingRound, tuple[str, ...]]]:
    """For each of the person's active teams (or only `team_id`) with a round on that day: their
    group in it as it stands today, without buddies who left, paused or were taken out since
    the round was made. One query that reads the person's group only, whatever the team's size."""
    query = _group_query(team_id is not None)
    values = {"user_id": user_id, "on": on, "team_id": team_id}
    found: dict[int, tuple[Team, PairingRound, list[str]]] = {}
    for team, stored, member_id, membership in session.execute(query, values):
        entry = found.setdefault(team.id, (team, stored, []))
        if member_id == user_id or (membership is not None and membership.takes_part(on)):
            entry[2].append(member_id)
    return [
        (team, stored, tuple(group)) for team, stored, group in found.values() if len(group) > 1
    ]


@functools.cache
def _group_query(one_team: bool) -> Select[tuple[Team, PairingRound, str, TeamMember]]:
    """The statement of `groups_of`, built once: building it costs more than running it."""
    mine, mate = aliased(RoundMember), aliased(RoundMember)
    requester, buddy = aliased(TeamMember), aliased(TeamMember)
    user_id, on = bindparam("user_id"), bindparam("on")
    query = (
        select(Team, PairingRound, mate.user_id, buddy)
        .join(requester, requester.team_id == Team.id)
        .join(PairingRound, PairingRound.team_id == Team.id)
        .join(mine, (mine.round_id == PairingRound.id) & (mine.user_id == user_id))
        .join(mate, (mate.round_id == mine.round_id) & (mate.group_no == mine.group_no))
        .outerjoin(buddy, (buddy.team_id == Team.id) & (buddy.user_id == mate.user_id))
        .where(
            requester.user_id == user_id,
            requester.left_at.is_(None),
            Team.active,
            PairingRound.period_start <= on,
            PairingRound.period_end >= on,
        )
        .order_by(Team.name, Team.id, mate.user_id)
        # The round's other groups are not needed here.
        .options(lazyload(PairingRound.members))
    )
    return query.where(Team.id == bindparam("team_id")) if one_team else query


def has_buddy_on(team_id: ColumnElement[int], *, user_id: Any, on: Any) -> Exists:
    """Whether the person has a buddy on that day in the team's round, as a condition
    correlated to `team_id`: what `groups_of` finds as a group of two or more, for a person who
    is an active member of an active team, without loading the round, the group or the team.
    `user_id` and `on` are values or bound parameters."""
    return _buddies_in_round(team_id, user_id=user_id, on=on).exists()


def buddy_ids(session: Session, *, user_id: str, team_id: int, on: date) -> list[str]:
    """The person's buddies (one, or two in a trio) in the team's round on that day, if still
    there: one statement of user ids, no team, round or membership loaded."""
    return list(session.scalars(_buddy_ids(), {"user_id": user_id, "team_id": team_id, "on": on}))


@functools.cache
def _buddy_ids() -> Select[tuple[str]]:
    """The statement of `buddy_ids`, built once: building it costs more than running it."""
    user_id, on = bindparam("user_id"), bindparam("on")
    requester = aliased(TeamMember)
    query = (
        _buddies_in_round(bindparam("team_id"), user_id=user_id, on=on)
        # Only in an active team the person is still in (as `groups_of`).
        .join(Team, Team.id == PairingRound.team_id)
        .join(requester, (requester.team_id == Team.id) & (requester.user_id == user_id))
        .where(requester.left_at.is_(None), Team.active)
    )
    return query.order_by(*query.selected_columns)


def _buddies_in_round(team_id: Any, *, user_id: Any, on: Any) -> Select[tuple[str]]:
    """The person's buddies who take part on that day, in the team's round(s) of that day (a
    buddy in two rounds twice, as `groups_of` lists them)."""
    mine, mate, buddy = aliased(RoundMember), aliased(RoundMember), aliased(TeamMember)
    return (
        select(mate.user_id)
        .select_from(PairingRound)
        .join(mine, (mine.round_id == PairingRound.id) & (mine.user_id == user_id))
        .join(
            mate,
            (mate.round_id == mine.round_id)
            & (mate.group_no == mine.group_no)
            & (mate.user_id != user_id),
        )
        .join(buddy, (buddy.team_id == PairingRound.team_id) & (buddy.user_id == mate.user_id))
        .where(
            PairingRound.team_id == team_id,
            PairingRound.period_start <= on,
            PairingRound.period_end >= on,
            # TeamMember.takes_part(on), in SQL.
            buddy.left_at.is_(None),
            ~buddy.excluded,
            ~(buddy.paused & (buddy.paused_until.is_(None) | (buddy.paused_until >= on))),
        )
    )
