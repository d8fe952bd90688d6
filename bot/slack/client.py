"""The Slack Web API clients: the retrying one Bolt uses, and a quick one for 3-second paths."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest

from bot.core.settings import Settings

# Calls that create something: Slack may have done it before a 5xx or a dropped connection,
# so a blind retry would do it twice. bot.slack.posting looks before posting again.
_NOT_IDEMPOTENT = ("chat.postMessage",)


def _idempotent(request: HttpRequest) -> bool:
    return not request.url.endswith(_NOT_IDEMPOTENT)


class IdempotentServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries a 5xx, except on calls that may have taken effect."""

    def _can_retry(self, *, request: HttpRequest, **kwargs: Any) -> bool:
        return _idempotent(request) and super()._can_retry(request=request, **kwargs)


class IdempotentConnectionErrorRetryHandler(ConnectionErrorRetryHandler):
    """Retries a dropped connection, except on calls that may have taken effect."""

    def _can_retry(self, *, request: HttpRequest, **kwargs: Any) -> bool:
        return _idempotent(request) and super()._can_retry(request=request, **kwargs)


def make_web_client(settings: Settings) -> WebClient:
    """The WebClient Bolt and Socket Mode share: our API address, retries on 429, and on 5xx and
    network errors for the calls that are safe to repeat."""
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            IdempotentConnectionErrorRetryHandler(max_retry_count=2),
            # Honours Retry-After; slack_sdk only retries connection errors by default. A 429
            # means Slack did nothing, so it is safe for posts too.
            RateLimitErrorRetryHandler(max_retry_count=3),
            IdempotentServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def quick_client(client: WebClient) -> WebClient:
    """The same Slack, no retries and a 2-second timeout: for a call that must finish before a
    3-second ack, where the user is better served by an inline error than by waiting."""
    return WebClient(token=client.token, base_url=client.base_url, timeout=2, retry_handlers=[])
