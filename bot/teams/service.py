"""Teams: registering a channel, keeping its members in sync, greeting it once."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import SparringError
from bot.core.i18n import Language, t
from bot.privacy import audit
from bot.slack.homes import want_home
from bot.slack.users import UserDirectory
from models import OutboxMessage, Team, TeamMember, utcnow

log = logging.getLogger(__name__)


def get_team(session: Session, *, channel_id: str, lock: bool = False) -> Team | None:
    """The team working in the channel, if any; with `lock`, read afresh and locked to the end
    of the transaction, so changes to its members happen one after the other."""
    query = select(Team).where(Team.channel_id == channel_id)
    if lock:
        query = query.with_for_update(of=Team).execution_options(populate_existing=True)
    return session.scalar(query)


def register_team(
    session: Session,
    *,
    channel_id: str,
    workspace_id: str,
    name: str,
    created_by: str,
    timezone: str,
    language: str,
) -> tuple[Team, bool]:
    """The channel's team, created (or reactivated) if needed; True when it is new.

    Safe when two set-ups of the channel run at once (the bot joining while a lead types
    `/sparring opsæt`): the insert gives way to the other's row instead of failing, and the
    team's row stays locked to the end of the transaction, so members are synced one set-up
    after the other.
    """
    created = reserve_team(
        session,
        channel_id=channel_id,
        workspace_id=workspace_id,
        created_by=created_by,
        timezone=timezone,
        language=language,
    )
    team = get_team(session, channel_id=channel_id, lock=True)
    if team is None:
        # There already, but not to be seen: a Slack Connect channel shared with another
        # workspace that made it a team first (sessions see their own workspace only).
        raise SparringError("channel is another workspace's team", key="setup.shared_channel")
    team.name = name
    if created:
        return team, True
    if team.stopped_at is not None:
        # Back in the channel: what could not be posted while away is tried again.
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.team_id == team.id, OutboxMessage.posted_at.is_(None))
            .values(abandoned_at=None, claimed_at=None)
        )
    team.active = True
    team.stopped_at = None
    return team, False


def _insert_new(session: Session) -> Any:
    """An INSERT that can skip a row whose unique key exists (both dialects spell it alike)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(Team)
    return sqlite_insert(Team)


def sync_members(session: Session, *, team: Team, human_ids: Iterable[str]) -> int:
    """Make the team's active members exactly `human_ids`; returns how many are active."""
    wanted = set(human_ids)
    now = utcnow()
    existing = {member.user_id: member for member in team.members}
    for user_id, member in existing.items():
        if user_id in wanted and member.left_at is not None:
            member.left_at = None
            member.joined_at = now
        elif user_id not in wanted and member.left_at is None:
            member.left_at = now
    for user_id in sorted(wanted - existing.keys()):
        team.members.append(TeamMember(user_id=user_id, joined_at=now))
    session.flush()
    return len(wanted)


def set_lead(session: Session, *, team: Team, user_id: str) -> None:
    """Make the person a lead of the team (they must be a member)."""
    for member in team.members:
        if member.user_id == user_id:
            member.is_lead = True
    session.flush()


def add_member(session: Session, *, channel_id: str, user_id: str) -> bool:
    """Add a person who joined the team's channel; False when the channel is no team."""
    team = get_team(session, channel_id=channel_id, lock=True)
    if team is None:
        return False
    member = next((m for m in team.members if m.user_id == user_id), None)
    if member is None:
        team.members.append(TeamMember(user_id=user_id))
    elif member.left_at is not None:
        member.left_at = None
        member.joined_at = utcnow()
    session.flush()
    return True


def remove_member(session: Session, *, channel_id: str, user_id: str) -> bool:
    """Mark a person who left the team's channel; the row stays for history."""
    team = get_team(session, channel_id=channel_id, lock=True)
    member = (
        next((m for m in team.members if m.user_id == user_id), None) if team is not None else None
    )
    if member is None or member.left_at is not None:
        return False
    member.left_at = utcnow()
    session.flush()
    want_home(session, user_ids=[user_id])
    return True


def leave_all_teams(session: Session, *, user_id: str) -> list[Team]:
    """Mark a deactivated account as gone from every team; the teams it left.

    Each team's row is locked first, as when someone leaves its channel, so two deliveries
    (or a co-lead leaving at the same moment) change its members one after the other.
    """
    team_ids = list(
        session.scalars(
            select(TeamMember.team_id).where(
                TeamMember.user_id == user_id, TeamMember.left_at.is_(None)
            )
        )
    )
    if not team_ids:
        return []
    teams = session.scalars(
        select(Team)
        .where(Team.id.in_(team_ids))
        .order_by(Team.id)  # one order for every locker: no deadlock
        .with_for_update(of=Team)
        .execution_options(populate_existing=True)
    ).all()
    left: list[Team] = []
    for team in teams:
        member = next((m for m in team.members if m.user_id == user_id and m.left_at is None), None)
        if member is not None:  # else another transaction got there first
            member.left_at = utcnow()
            left.append(team)
    session.flush()
    return left


def teams_for_user(session: Session, *, user_id: str) -> list[Team]:
    """The active teams the person is an active member of, by name."""
    return [team for team, _lead in teams_led_for_user(session, user_id=user_id)]


def teams_led_for_user(session: Session, *, user_id: str) -> list[tuple[Team, bool]]:
    """The active teams the person is an active member of, by name, each with whether they
    are its lead (without reading the team's other members)."""
    rows = session.execute(
        select(Team, TeamMember.is_lead)
        .join(TeamMember)
        .where(TeamMember.user_id == user_id, TeamMember.left_at.is_(None), Team.active)
        .order_by(Team.name)
    )
    return [(team, lead) for team, lead in rows]


def team_ids_of_user(session: Session, *, user_id: str) -> set[int]:
    """The ids of `teams_for_user`, without loading the teams."""
    return set(
        session.scalars(
            select(Team.id)
            .join(TeamMember, TeamMember.team_id == Team.id)
            .where(TeamMember.user_id == user_id, TeamMember.left_at.is_(None), Team.active)
        )
    )


def teams_of_user_statement(*columns: Any) -> Select[Any]:
    """A statement of the id, name, channel and language of the active teams a person (the
    bound parameter `user_id`) is an active member of, by name, with `columns` after them
    (they may be correlated to `Team.id`): what `teams_for_user` finds, without loading teams."""
    return (
        select(Team.id, Team.name, Team.channel_id, Team.language, *columns)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(
            TeamMember.user_id == bindparam("user_id"), TeamMember.left_at.is_(None), Team.active
        )
        .order_by(Team.name, Team.id)
    )


def reserve_team(
    session: Session,
    *,
    channel_id: str,
    workspace_id: str,
    created_by: str,
    timezone: str,
    language: str,
) -> bool:
    """Note the channel as a team still to be set up (named by its id until Slack answers);
    an existing team is left as it is. True when the row is new."""
    inserted = session.execute(
        _insert_new(session)
        .values(
            channel_id=channel_id,
            workspace_id=workspace_id,
            name=channel_id,
            created_by=created_by,
            timezone=timezone,
            language=language,
        )
        .on_conflict_do_nothing(index_elements=[Team.channel_id])
        .returning(Team.id)
    )
    return inserted.scalar() is not None


def unfinished_teams(session: Session) -> list[Team]:
    """Teams whose set-up Slack interrupted: noted, never greeted, not stopped."""
    return list(
        session.scalars(
            select(Team).where(Team.active, Team.greeted_at.is_(None), Team.stopped_at.is_(None))
        )
    )


def claim_greeting(session: Session, *, team_id: int) -> bool:
    """Claim the team's one hello; only the first caller ever gets True."""
    result = session.execute(
        update(Team)
        .where(Team.id == team_id, Team.greeted_at.is_(None))
        .values(greeted_at=utcnow())
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SetupResult:
    """What setting up a channel did."""

    team_id: int
    created: bool
    member_count: int


def channel_humans(client: WebClient, users: UserDirectory, *, channel_id: str) -> list[str]:
    """The human, active members of a channel (all pages of `conversations.members`)."""
    humans: list[str] = []
    cursor: str | None = None
    while True:
        response = client.conversations_members(channel=channel_id, limit=200, cursor=cursor)
        for user_id in response["members"]:
            user = users.get(user_id)
            if user is not None and user.is_human:
                humans.append(user_id)
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return humans


def setup_team(
    *,
    client: WebClient,
    users: UserDirectory,
    session_factory: sessionmaker[Session],
    channel_id: str,
    workspace_id: str,
    lead_id: str | None,
    timezone: str,
    language: Language,
) -> SetupResult:
    """Register the channel as a team, sync its members, make `lead_id` a lead, greet once.

    Slack is asked first and the database written after, so no transaction waits on Slack.
    """
    with session_factory.begin() as session:
        # Noted before Slack is asked: if Slack fails now, the reconcile finishes the set-up
        # (with this lead) instead of the invitation being lost.
        reserve_team(
            session,
            channel_id=channel_id,
            workspace_id=workspace_id,
            created_by=lead_id or "",
            timezone=timezone,
            language=language,
        )
    info = client.conversations_info(channel=channel_id)["channel"]
    humans = channel_humans(client, users, channel_id=channel_id)
    with session_factory.begin() as session:
        team, created = register_team(
            session,
            channel_id=channel_id,
            workspace_id=workspace_id,
            name=info.get("name") or channel_id,
            created_by=lead_id or "",
            timezone=timezone,
            language=language,
        )
        count = sync_members(session, team=team, human_ids=humans)
        # Whoever sets a team up leads it; later, typing `opsæt` makes nobody a lead, except
        # in a team left without one.
        has_lead = any(m.is_lead and m.left_at is None for m in team.members)
        if lead_id and lead_id in humans and (created or not has_lead):
            set_lead(session, team=team, user_id=lead_id)
        team_id = team.id
        audit.record(
            session,
            actor=lead_id or audit.OPERATOR,
            action=audit.Action.TEAM_SET_UP,
            channel_id=channel_id,
            detail="new team" if created else "set up again",
        )
    with session_factory.begin() as session:
        greet = claim_greeting(session, team_id=team_id)
    if greet:
        # A channel is shared by people with different locales: it gets the team's language.
        client.chat_postMessage(channel=channel_id, text=t("team.hello", language))
    log.info("team %s set up (new=%s, members=%d)", team_id, created, count)
    return SetupResult(team_id=team_id, created=created, member_count=count)


def team_in_context(session: Session, *, user_id: str, channel_id: str) -> Team | None:
    """The team a command means: the channel's, or the person's only team."""
    team = get_team(session, channel_id=channel_id)
    if team is not None and team.active:
        return team
    teams = teams_for_user(session, user_id=user_id)
    return teams[0] if len(teams) == 1 else None


def no_team_key(session: Session, user_id: str) -> str:
    """Why no team is meant: the person is in none yet, or in several (type it in one)."""
    return "team.pick_channel" if teams_for_user(session, user_id=user_id) else "team.none_yet"
