"""Publishing the App Homes marked as due (bot/slack/homes.py), each once per batch of changes.

Called right after a listener's work (so a person sees the change at once) and by the scheduled
catch-up (what Slack refused before). A sender claims a person's row with a short lease, renders
their home as it is then and records the `wanted` it rendered; a change that lands meanwhile
bumps `wanted` again and is published by the next pass.

With many workspaces a home is published with the bot token of the workspace the person is a
team member in: after a listener only the homes of that listener's workspace, by the catch-up
each with its own workspace's client.
"""

from __future__ import annotations

import logging
import threading
import weakref
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select

from bot.core.db import reading
from bot.deps import Deps
from bot.home.service import publish_home
from bot.slack.installations import Clients
from bot.slack.outbox import PERMANENT_ERRORS, claim_row
from models import HomeRefresh, Team, TeamMember, utcnow

log = logging.getLogger(__name__)


def due_homes(deps: Deps) -> list[tuple[int, str | None]]:
    """Rows of homes still to publish, oldest first, with the workspace of a team the person
    is a member of (None: in no team any more)."""
    workspace = (
        select(Team.workspace_id)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == HomeRefresh.user_id)
        .order_by(Team.id)
        .limit(1)
        .scalar_subquery()
    )
    # A snapshot read: after every listener, so it must not queue on SQLite's write lock.
    with reading(deps.session_factory) as session:
        rows = session.execute(
            select(HomeRefresh.id, workspace)
            .where(HomeRefresh.shown < HomeRefresh.wanted)
            .order_by(HomeRefresh.id)
        )
        return [(row_id, workspace_id) for row_id, workspace_id in rows]


def publish_due_homes(
    *, client: WebClient | Clients, deps: Deps, now: datetime | None = None
) -> int:
    """Publish every due home this process can claim (after a listener: of its workspace
    only); returns how many are still due.

    One thread of the process publishes a workspace's homes at a time: a listener finding
    another at it only asks for one more pass (which sees what this listener marked), instead
    of every listener of a busy moment claiming, in turn, every due row."""
    # One record per app (tests build several in one process) and per workspace a pass serves
    # (None: all); the app's resolver of clients is its own and shared by every request's deps.
    with _PASSES_LOCK:
        per_workspace = _PASSES.setdefault(deps.clients, {})
        passes = per_workspace.setdefault(deps.workspace_id, _Passes())
    with passes:
        passes.wanted += 1
        if passes.running:
            return 0
        passes.running = True
    left = 0
    try:
        while True:
            with passes:
                if passes.wanted == 0:
                    return left
                passes.wanted = 0
            left = _one_pass(client, deps, now=now or utcnow())
    finally:
        with passes:
            passes.running = False


def _one_pass(client: WebClient | Clients, deps: Deps, *, now: datetime) -> int:
    """Publish the due homes once (after a listener: of its workspace only); how many are
    still due."""
    left = 0
    speakers: dict[str | None, tuple[WebClient, Deps] | None] = {}
    for row_id, workspace_id in due_homes(deps):
        if deps.workspace_id is not None and workspace_id != deps.workspace_id:
            continue  # another workspace's person: published with that workspace's token
        if workspace_id not in speakers:
            speakers[workspace_id] = _speaker(client, deps, workspace_id)
        speaker = speakers[workspace_id]
        if speaker is None or not _publish_one(*speaker, row_id=row_id, now=now):
            left += 1
    return left


class _Passes:
    """Passes asked for and whether a thread of this process is publishing (under its lock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.wanted = 0
        self.running = False

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *_: object) -> None:
        self._lock.release()


# Weak: a timed run's resolver (bot/due.py) goes with its run.
_PASSES: weakref.WeakKeyDictionary[Clients, dict[str | None, _Passes]] = weakref.WeakKeyDictionary()
_PASSES_LOCK = threading.Lock()


def _speaker(
    client: WebClient | Clients, deps: Deps, workspace_id: str | None
) -> tuple[WebClient, Deps] | None:
    """The client and deps that publish homes in `workspace_id`; None when not installed."""
    if isinstance(client, WebClient):
        return client, deps
    chosen = client.client_for(workspace_id)
    if chosen is None:
        return None
    return chosen, deps.for_request(workspace_id, chosen)


def _publish_one(client: WebClient, deps: Deps, *, row_id: int, now: datetime) -> bool:
    """Publish one person's home; False when Slack failed and it stays due."""
    with deps.session_factory.begin() as session:
        claimed = claim_row(
            session, HomeRefresh, row_id, HomeRefresh.shown < HomeRefresh.wanted, now=now
        )
        if claimed is None:
            return True  # published already, or another sender is on it
        user_id, wanted = claimed.user_id, claimed.wanted
    try:
        publish_home(client=client, deps=deps, user_id=user_id)
    except (SlackApiError, SlackClientError, OSError) as error:
        code = (
            str(error.response.get("error"))
            if isinstance(error, SlackApiError)
            else type(error).__name__
        )
        with deps.session_factory.begin() as session:
            stored = session.get(HomeRefresh, row_id)
            assert stored is not None
            stored.claimed_at, stored.last_error = None, code[:64]
            if code in PERMANENT_ERRORS:
                stored.shown = stored.wanted  # the person is gone: nothing to show them
        log.warning("home of %s not published: %s", user_id, code)
        return code in PERMANENT_ERRORS
    with deps.session_factory.begin() as session:
        stored = session.get(HomeRefresh, row_id)
        assert stored is not None
        stored.claimed_at, stored.last_error = None, None
        stored.shown = max(stored.shown, wanted)
    return True
