"""Many workspaces through OAuth: where installations live, and which client posts where.

slack_sdk's SQLAlchemy stores work on the bot's own database (tables from migration 0010,
models/installation.py), with one change: bot tokens are encrypted at rest with the key ring
that encrypts case text (models/sealed.py), because a bot token reads and posts in a
municipality's workspace. `client_for(workspace_id)` is how everything that posts for a team
picks its client: in single-workspace mode the one client, with OAuth that workspace's bot token
(None once the workspace uninstalled the app: nothing is posted there any more).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence
from typing import Protocol, TypeVar

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, func, select

from bot.core.settings import Settings
from bot.slack.client import make_web_client
from models import SlackBot, SlackInstallation
from models.sealed import PREFIX, key_ring

# The installation's token fields, each sealed on the way in and opened on the way out.
_TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
# The bot scopes asked for at install: manifest.yml's (tests/test_installations.py keeps the
# two in step; no YAML parser is needed at run time).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "channels:read",
    "groups:read",
    "im:write",
    "mpim:write",
    "mpim:history",
    "channels:history",
    "groups:history",
    "im:history",
    "files:write",
)
# How long an installer has between /slack/install and Slack sending them back.
STATE_SECONDS = 600

Stored = TypeVar("Stored", Installation, Bot)


def _sealed(record: Stored) -> Stored:
    sealed = copy.copy(record)
    ring = key_ring()
    for name in _TOKEN_FIELDS:
        value = getattr(sealed, name, None)
        # save() hands save_bot() what it already sealed: seal once.
        if isinstance(value, str) and not value.startswith(PREFIX):
            setattr(sealed, name, ring.seal(value))
    return sealed


def _opened(record: Stored | None) -> Stored | None:
    if record is None:
        return None
    ring = key_ring()
    for name in _TOKEN_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str):
            setattr(record, name, ring.open(value))
    return record


class SealedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy installation store with every token encrypted at rest."""

    def save(self, installation: Installation) -> None:
        """Store the installation (and its bot) with sealed tokens."""
        super().save(_sealed(installation))

    def save_bot(self, bot: Bot) -> None:
        """Store the bot with a sealed token."""
        super().save_bot(_sealed(bot))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The workspace's newest bot, its tokens opened."""
        return _opened(
            super().find_bot(
                enterprise_id=enterprise_id,
                team_id=team_id,
                is_enterprise_install=is_enterprise_install,
            )
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The workspace's (or user's) newest installation, its tokens opened."""
        return _opened(
            super().find_installation(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            )
        )

    def count(self, workspace_id: str) -> int:
        """How many bots and installations are stored for the workspace."""
        with self.engine.connect() as connection:
            return sum(
                connection.scalar(
                    select(func.count())
                    .select_from(model)
                    .where(model.client_id == self.client_id, model.team_id == workspace_id)
                )
                or 0
                for model in (SlackBot, SlackInstallation)
            )

    def workspaces(self) -> list[str]:
        """The ids of the workspaces with a bot installed, sorted."""
        with self.engine.connect() as connection:
            found = connection.scalars(
                select(SlackBot.team_id)
                .where(SlackBot.client_id == self.client_id, SlackBot.team_id.is_not(None))
                .distinct()
            )
            return sorted(str(team_id) for team_id in found)


def installation_store(settings: Settings, engine: Engine) -> SealedInstallationStore:
    """The installation store on the bot's database (tables made by migration 0010)."""
    assert settings.slack_client_id is not None
    return SealedInstallationStore(client_id=settings.slack_client_id, engine=engine)


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    """The OAuth `state` store on the bot's database (tables made by migration 0010)."""
    return SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)


def authorize_url(settings: Settings) -> str:
    """Slack's authorize page beside its API: https://slack.com/oauth/v2/authorize for
    https://slack.com/api/, and the same on GovSlack or a test server."""
    base = settings.slack_api_url.removesuffix("/").removesuffix("/api")
    return f"{base}/oauth/v2/authorize"


class Clients(Protocol):
    """Picks the client that speaks for a workspace."""

    def client_for(self, workspace_id: str | None) -> WebClient | None:
        """The workspace's client, or None when it has no installation (any more)."""

    def workspaces(self) -> list[str | None]:
        """The workspaces the bot serves; [None] in single-token mode (one, not named)."""

    def uninstall(self, workspace_id: str, *, user_ids: Sequence[str] = ()) -> int:
        """Delete the workspace's installations (only those of `user_ids`, when given: their
        user tokens were revoked); how many bots and installations were deleted."""


class SingleClient:
    """Single-workspace mode: one bot token speaks for every team."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def client_for(self, workspace_id: str | None) -> WebClient | None:
        """The one client, whatever the workspace."""
        return self.client

    def workspaces(self) -> list[str | None]:
        """One workspace, whose id only Slack's auth.test tells: [None]."""
        return [None]

    def uninstall(self, workspace_id: str, *, user_ids: Sequence[str] = ()) -> int:
        """Nothing stored: the token lives in the settings (and is dead now)."""
        return 0


class InstalledClients:
    """Many workspaces: each workspace's newest bot token, read (and opened) per call so an
    uninstall stops posting at once; clients are kept per token."""

    def __init__(self, settings: Settings, store: SealedInstallationStore) -> None:
        self._settings = settings
        self.store = store
        self._lock = threading.Lock()
        self._clients: dict[str, WebClient] = {}

    def client_for(self, workspace_id: str | None) -> WebClient | None:
        """The workspace's client, or None when it is not installed."""
        if not workspace_id:
            return None
        bot = self.store.find_bot(enterprise_id=None, team_id=workspace_id)
        token = bot.bot_token if bot is not None else None
        if not token:
            return None
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = self._clients[token] = make_web_client(self._settings, token=token)
            return client

    def workspaces(self) -> list[str | None]:
        """The installed workspaces."""
        return list(self.store.workspaces())

    def uninstall(self, workspace_id: str, *, user_ids: Sequence[str] = ()) -> int:
        """Delete the workspace's bot and installations (or the named users' installations);
        from now on `client_for` answers None there, so nothing more is posted."""
        before = self.store.count(workspace_id)
        if user_ids:
            for user_id in user_ids:
                self.store.delete_installation(
                    enterprise_id=None, team_id=workspace_id, user_id=user_id
                )
        else:
            self.store.delete_all(enterprise_id=None, team_id=workspace_id)
        with self._lock:
            self._clients.clear()
        return before - self.store.count(workspace_id)


class WorkspaceNeeded(ValueError):
    """An operator command must name a workspace (or named one not installed); the message
    is the one line to print."""


def choose_workspace(clients: Clients, named: str | None) -> str | None:
    """The workspace an operator command acts in: `named` (checked), the only one, or a
    WorkspaceNeeded saying which to choose from when several are installed."""
    installed = [workspace for workspace in clients.workspaces() if workspace is not None]
    if named is not None:
        if installed and named not in installed:
            raise WorkspaceNeeded(
                f"--workspace {named}: not installed; installed: {', '.join(installed)}"
            )
        return named
    if len(installed) > 1:
        raise WorkspaceNeeded(
            f"{len(installed)} workspaces are installed: add --workspace with one of "
            f"{', '.join(installed)}"
        )
    return installed[0] if installed else None


def pick(client: WebClient | Clients, workspace_id: str | None) -> WebClient | None:
    """The client for a team's workspace, from a plain client (single-token mode, tests) or a
    resolver."""
    if isinstance(client, WebClient):
        return client
    return client.client_for(workspace_id)


def resolver(client: WebClient | Clients) -> Clients:
    """A resolver for a plain client (single-token mode, tests) or the resolver itself."""
    return SingleClient(client) if isinstance(client, WebClient) else client


def make_clients(settings: Settings, engine: Engine) -> Clients:
    """The resolver for this installation's settings: one token, or the installed workspaces."""
    if settings.oauth:
        return InstalledClients(settings, installation_store(settings, engine))
    return SingleClient(make_web_client(settings))
