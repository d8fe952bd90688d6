"""The Slack Web API clients: the retrying one Bolt uses, and a quick one for 3-second paths."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

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


def make_web_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """The WebClient Bolt and Socket Mode share: our API address, retries on 429, and on 5xx and
    network errors for the calls that are safe to repeat. With many workspaces (OAuth) `token`
    is an installation's bot token, or None for Bolt's own client (it adds each request's)."""
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    return WebClient(
        token=token,
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


class TriggerBoundRetryHandler(RetryHandler):
    """Retries a 429 or 5xx only while the retry can still finish before `deadline` (a
    `time.monotonic()` value): a call bound to a 3-second trigger must not sleep past it."""

    def __init__(self, deadline: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(max_retry_count=3)
        self._deadline = deadline
        self._clock = clock

    # Slack's SDK also passes `request` and `error` (and `state` to _can_retry); unused here.
    def _can_retry(self, *, response: HttpResponse | None = None, **_: object) -> bool:
        if response is None or response.status_code not in (429, 500, 503):
            return False
        # Half a second for the retried call itself.
        return self._clock() + _wait(response) + 0.5 < self._deadline

    def prepare_for_next_attempt(
        self, *, state: RetryState, response: HttpResponse | None = None, **_: object
    ) -> None:
        state.next_attempt_requested = True
        time.sleep(_wait(response) if response is not None else 0.2)
        state.increment_current_attempt()


def _wait(response: HttpResponse) -> float:
    """How long Slack asked us to wait (Retry-After), or a short pause after a 5xx."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return max(0.0, float(values[0]))
            except ValueError:
                return 1.0
    return 0.2


def trigger_client(client: WebClient, *, deadline: float) -> WebClient:
    """The same Slack for a call bound to a trigger: retries only while there is time left,
    and a timeout that ends with the trigger."""
    remaining = max(0.5, deadline - time.monotonic())
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=int(remaining) + 1,
        retry_handlers=[TriggerBoundRetryHandler(deadline)],
    )
