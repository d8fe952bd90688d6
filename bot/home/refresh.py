"""Publishing the App Homes marked as due (bot/slack/homes.py), each once per batch of changes.

Called right after a listener's work (so a person sees the change at once) and by the scheduled
catch-up (what Slack refused before). A sender claims a person's row with a short lease, renders
their home as it is then and records the `wanted` it rendered; a change that lands meanwhile
bumps `wanted` again and is published by the next pass.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select

from bot.core.db import reading
from bot.deps import Deps
from bot.home.service import publish_home
from bot.slack.outbox import PERMANENT_ERRORS, claim_row
from models import HomeRefresh, utcnow

log = logging.getLogger(__name__)


def due_homes(deps: Deps) -> list[int]:
    """Rows of homes still to publish, oldest first."""
    # A snapshot read: after every listener, so it must not queue on SQLite's write lock.
    with reading(deps.session_factory) as session:
        return list(
            session.scalars(
                select(HomeRefresh.id)
                .where(HomeRefresh.shown < HomeRefresh.wanted)
                .order_by(HomeRefresh.id)
            )
        )


def publish_due_homes(*, client: WebClient, deps: Deps, now: datetime | None = None) -> int:
    """Publish every due home this process can claim; returns how many are still due.

    One thread of the process publishes at a time: a listener finding another at it only asks
    for one more pass (which sees what this listener marked), instead of every listener of a
    busy moment claiming, in turn, every due row."""
    with _PASSES_LOCK:  # one record per app (tests build several in one process)
        passes = _PASSES.setdefault(id(deps), _Passes())
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
            left = 0
            for row_id in due_homes(deps):
                if not _publish_one(client, deps, row_id=row_id, now=now or utcnow()):
                    left += 1
    finally:
        with passes:
            passes.running = False


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


_PASSES: dict[int, _Passes] = {}
_PASSES_LOCK = threading.Lock()


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
