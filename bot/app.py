"""The app factory: a Bolt app wired to our handlers, independent of Socket Mode or HTTP."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.users import UserDirectory


@dataclass(frozen=True)
class Deps:
    """What handlers need, passed down explicitly instead of living in globals."""

    settings: Settings
    session_factory: sessionmaker[Session]
    users: UserDirectory

    def today(self) -> date:
        """Today's date in the bot's time zone (deadlines are dates people read there)."""
        return datetime.now(self.settings.tz).date()


def make_web_client(settings: Settings) -> WebClient:
    """The WebClient Bolt and Socket Mode share: our API address, retries on 429/5xx/network."""
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            # Honours Retry-After; slack_sdk only retries connection errors by default.
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def quick_client(client: WebClient) -> WebClient:
    """The same Slack, no retries and a 2-second timeout: for a call that must finish before a
    3-second ack, where the user is better served by an inline error than by waiting."""
    return WebClient(token=client.token, base_url=client.base_url, timeout=2, retry_handlers=[])


def create_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session],
    client: WebClient | None = None,
) -> tuple[App, Deps]:
    """Build the Bolt app and register every listener. Calls `auth.test` (Bolt does, once)."""
    from handlers import register_all

    client = client or make_web_client(settings)
    signing_secret = settings.slack_signing_secret
    app = App(
        client=client,
        signing_secret=signing_secret.get_secret_value() if signing_secret else "",
        # Socket Mode requests are not signed; HTTP mode requires the secret (checked at start).
        request_verification_enabled=signing_secret is not None,
        listener_executor=ThreadPoolExecutor(
            max_workers=settings.worker_threads, thread_name_prefix="listener"
        ),
        raise_error_for_unhandled_request=False,
    )
    deps = Deps(
        settings=settings,
        session_factory=session_factory,
        users=UserDirectory(client, default_language=settings.default_language),
    )
    register_all(app, deps)
    return app, deps
