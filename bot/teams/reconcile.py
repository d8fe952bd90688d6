"""Keeping teams in step with the channels the bot is in, when Slack events were not enough.

An invitation whose set-up Slack interrupted (it answered 429 or 5xx past the client's retries)
is noted as a team not yet greeted; a channel the bot joined while it was down has no team at
all. The scheduled check finishes the first (with the person who invited the bot as its lead)
and sets up the second (the first to type `/sparring opsæt` there becomes its lead).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import SparringError
from bot.core.i18n import Language, t
from bot.deps import Deps
from bot.slack.users import UserDirectory
from bot.teams.service import SetupResult, setup_team, unfinished_teams
from models import Team

log = logging.getLogger(__name__)

# How often the channels the bot is in are listed (users.conversations is rate tier 2).
LIST_EVERY_MINUTES = 5


@dataclass
class Reconciled:
    """Channels whose team was finished or set up by the check (ids only)."""

    finished: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)


def _team_setter(
    client: WebClient,
    users: UserDirectory,
    session_factory: sessionmaker[Session],
    timezone: str,
    language: Language,
) -> Callable[..., SetupResult]:
    """setup_team for one workspace's settings; called with channel_id, workspace_id, lead_id."""
    return partial(
        setup_team,
        client=client,
        users=users,
        session_factory=session_factory,
        timezone=timezone,
        language=language,
    )


def set_up_invited_team(
    *, client: WebClient, deps: Deps, channel_id: str, workspace_id: str, inviter: str | None
) -> None:
    """The bot was invited: set the channel up as a team with the inviter as its lead. If Slack
    fails past the client's retries, the inviter is told that it happens shortly (the
    scheduled reconcile finishes it) — never the bot itself."""
    set_up = _team_setter(
        client,
        deps.users,
        deps.session_factory,
        deps.settings.timezone,
        deps.settings.default_language,
    )
    try:
        set_up(channel_id=channel_id, workspace_id=workspace_id, lead_id=inviter)
    except SparringError as refused:
        # A channel that is another workspace's team already (Slack Connect): told, not set up.
        log.info("team %s not set up: %s", channel_id, refused)
        _tell_inviter(client, deps, inviter=inviter, key=refused.key)
    except (SlackApiError, SlackClientError, OSError) as error:
        reason = error.response.get("error") if isinstance(error, SlackApiError) else error
        log.warning("team %s not set up yet (%s); the reconcile finishes it", channel_id, reason)
        _tell_inviter(client, deps, inviter=inviter, key="team.setup_later")


def _tell_inviter(client: WebClient, deps: Deps, *, inviter: str | None, key: str) -> None:
    if inviter is None:
        return
    try:
        client.chat_postMessage(channel=inviter, text=t(key, deps.users.cached_language(inviter)))
    except (SlackApiError, SlackClientError, OSError):
        log.info("could not tell the inviter either; the reconcile will greet the team")


def reconcile_teams(
    *,
    client: WebClient | None,
    session_factory: sessionmaker[Session],
    users: UserDirectory | None,
    timezone: str,
    language: Language,
    now: datetime,
    workspace_id: str | None = None,
) -> Reconciled:
    """Finish interrupted set-ups; every few minutes, also set up channels without a team.
    Without a client (a dry run) it only reports the interrupted ones. With many workspaces
    it runs once per workspace (`workspace_id`), with that workspace's client."""
    done = Reconciled()
    with session_factory() as session:
        pending = [
            (team.channel_id, team.workspace_id, team.created_by)
            for team in unfinished_teams(session)
            if workspace_id is None or team.workspace_id == workspace_id
        ]
    if client is None or users is None:
        done.finished = [channel_id for channel_id, _, _ in pending]
        return done
    set_up = _team_setter(client, users, session_factory, timezone, language)
    for channel_id, workspace_id, lead_id in pending:
        set_up(channel_id=channel_id, workspace_id=workspace_id, lead_id=lead_id or None)
        done.finished.append(channel_id)
    if now.minute % LIST_EVERY_MINUTES or now.second >= 15:
        return done
    found = _channels_without_team(client, session_factory)
    if found and workspace_id is None:
        workspace_id = str(client.auth_test().get("team_id") or "")
    for channel_id in found:
        set_up(channel_id=channel_id, workspace_id=workspace_id or "", lead_id=None)
        done.found.append(channel_id)
    return done


def _channels_without_team(client: WebClient, session_factory: sessionmaker[Session]) -> list[str]:
    """Channels the bot is a member of that are no team (or a stopped one)."""
    joined: list[str] = []
    cursor: str | None = None
    while True:
        response = client.users_conversations(
            types="public_channel,private_channel", exclude_archived=True, limit=200, cursor=cursor
        )
        joined += [str(channel["id"]) for channel in response.get("channels") or []]
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            break
    with session_factory() as session:
        known = set(
            session.scalars(select(Team.channel_id).where(Team.channel_id.in_(joined), Team.active))
        )
    return [channel_id for channel_id in joined if channel_id not in known]
