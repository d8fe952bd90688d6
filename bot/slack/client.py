"""The Slack Web API clients: the retrying one Bolt uses, and a quick one for 3-second paths."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.core.settings import Settings


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
