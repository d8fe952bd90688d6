"""The app factory: a Bolt app wired to our listeners, independent of Socket Mode or HTTP.

The only module in bot/ that imports handlers/."""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.deps import Deps
from bot.home.refresh import publish_due_homes
from bot.privacy.keys import configure_encryption
from bot.slack.client import make_web_client
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
    app = App(
        client=client,
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
    )
    register_all(app, deps)
    return app, deps


def _publish_homes(client: WebClient, deps: Deps) -> None:
    """After a listener: the App Homes its change concerns show it at once (what Slack
    refuses now, the scheduled catch-up publishes later)."""
    publish_due_homes(client=client, deps=deps)
