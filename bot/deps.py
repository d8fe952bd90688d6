"""What listeners need, passed down explicitly instead of living in globals."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.core.workspaces import workspace_sessions
from bot.slack.installations import Clients
from bot.slack.users import UserDirectory


@dataclass(frozen=True)
class Deps:
    """What handlers need, passed down explicitly instead of living in globals."""

    settings: Settings
    session_factory: sessionmaker[Session]
    users: UserDirectory
    # Which client posts for a team's workspace (bot/slack/installations.py).
    clients: Clients
    # Set per request with many workspaces: the session factory then sees this one only.
    workspace_id: str | None = None
    # Run after every listener, once it has acked: publishes the App Homes its change marked
    # as due (set by the app factory; bot/home/refresh.py). Called with the client and these.
    after_listener: Callable[[Any, Deps], None] | None = None

    def today(self) -> date:
        """Today's date in the bot's time zone (deadlines are dates people read there)."""
        return datetime.now(self.settings.tz).date()

    def for_request(self, workspace_id: str | None, client: WebClient) -> Deps:
        """These deps for one request: with many workspaces, scoped to the request's workspace
        (its sessions see its teams only, users are looked up with its token); unchanged with
        one bot token."""
        if not self.settings.oauth:
            return self
        return dataclasses.replace(
            self,
            workspace_id=workspace_id or "",
            # No workspace id (a forged payload): the sessions see nothing.
            session_factory=workspace_sessions(self.session_factory, workspace_id or ""),
            users=self.users.using(client, workspace_id or ""),
        )
