"""The app factory: a Bolt app wired to our listeners, independent of Socket Mode or HTTP.

The only module in bot/ that imports handlers/."""

from __future__ import annotations

import logging
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.deps import Deps
from bot.home.refresh import publish_due_homes
from bot.privacy.keys import configure_encryption
from bot.slack.client import make_web_client
from bot.slack.installations import (
    BOT_SCOPES,
    Clients,
    InstalledClients,
    SealedInstallationStore,
    SingleClient,
    authorize_url,
    installation_store,
    state_store,
)
from bot.slack.listeners import BoltProofPayloads
from bot.slack.users import UserDirectory
from handlers import register_all


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session],
    client: WebClient | None = None,
    listener_executor: Executor | None = None,
) -> tuple[App, Deps]:
    """Build the Bolt app and register every listener. Calls `auth.test` (Bolt does, once).

    Sets this process's encryption key ring from the settings (models/sealed.py)."""
    configure_encryption(settings)
    client = client or make_web_client(settings)
    signing_secret = settings.slack_signing_secret
    clients: Clients = SingleClient(client)
    oauth: dict[str, Any] = {}
    if settings.oauth:
        engine = session_factory.kw["bind"]
        store = installation_store(settings, engine)
        clients = InstalledClients(settings, store)
        oauth["oauth_settings"] = _oauth_settings(settings, store, engine)
        oauth["authorize"] = _authorize(settings, store, client)
    app = App(
        client=client,
        **oauth,
        signing_secret=signing_secret.get_secret_value() if signing_secret else "",
        # Socket Mode requests are not signed; HTTP mode requires the secret (checked at start).
        request_verification_enabled=signing_secret is not None,
        # In-process tests pass a pool they can wait on.
        listener_executor=listener_executor
        or ThreadPoolExecutor(max_workers=settings.worker_threads, thread_name_prefix="listener"),
        # Unhandled payloads go to the error handler, which acks them (handlers/errors.py).
        raise_error_for_unhandled_request=True,
        # First thing after the SSL check: Bolt's own authorization reads the event's type.
        before_authorize=BoltProofPayloads(),
    )
    deps = Deps(
        settings=settings,
        session_factory=session_factory,
        users=UserDirectory(client, default_language=settings.default_language),
        after_listener=_publish_homes,
        clients=clients,
    )
    register_all(app, deps)
    return app, deps


def _publish_homes(client: WebClient, deps: Deps) -> None:
    """After a listener: the App Homes its change concerns show it at once (what Slack
    refuses now, the scheduled catch-up publishes later)."""
    publish_due_homes(client=client, deps=deps)


def _authorize(
    settings: Settings, store: SealedInstallationStore, client: WebClient
) -> InstallationStoreAuthorize:
    """Bolt's authorization from the installation store, as it builds it, but keeping what
    `auth.test` said per bot token: without the cache every event and click waited for an
    `auth.test` round trip before its ack. The installation is still looked up on every
    request, so an uninstalled workspace or revoked token is refused at once; a new token
    (reinstall) is a new key."""
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    return InstallationStoreAuthorize(
        installation_store=store,
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        logger=logging.getLogger("slack_bolt.App"),
        client=client,
        cache_enabled=True,
    )


def _oauth_settings(
    settings: Settings, store: SealedInstallationStore, engine: Engine
) -> OAuthSettings:
    """Bolt's OAuth flow: /slack/install sends the installer to Slack's authorize page beside
    SLACK_API_URL, /slack/oauth_redirect exchanges the code there (oauth.v2.access through
    the app's client, so at the same address) and stores the installation, tokens sealed."""
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        installation_store=store,
        state_store=state_store(engine),
        authorization_url=authorize_url(settings),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )
