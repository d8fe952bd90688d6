"""Opening a modal inside the 3-second trigger: the whole view at once when it is built fast,
else a small one at once and the real one after.

A trigger lives 3 seconds from when Slack sent it and works once. The view is built in a
small per-process pool while the listener waits up to FILL_BUDGET: a fast database gives the
person the whole view in one `views.open`; a slow one gives them a placeholder within the
budget, replaced by `views.update` once the view is built. A rate-limited or failing
`views.open` is retried only while the answer can still arrive in time; after that the person
is told to try again in a moment rather than shown an unexpected error.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.views import View

from bot.core.errors import SlackBusy
from bot.core.i18n import Language
from bot.deps import Deps
from bot.slack.client import trigger_client
from bot.slack.widgets import build_loading_modal

log = logging.getLogger(__name__)

# What is left of the trigger's 3 seconds when the listener starts, with a margin for the
# way to Slack and back.
TRIGGER_BUDGET = 2.5
# How long the listener waits for the real view before it opens the placeholder instead: a
# healthy database answers in a few milliseconds; past this the person should see something.
FILL_BUDGET = 0.3
# Views being built at once; more wait in the queue, which the budget covers.
FILL_THREADS = 8


def open_modal(
    client: WebClient, *, trigger_id: str, view: View | dict[str, Any]
) -> dict[str, Any]:
    """`views.open` within the trigger's life; SlackBusy when Slack could not take it in time."""
    deadline = time.monotonic() + TRIGGER_BUDGET
    try:
        response = trigger_client(client, deadline=deadline).views_open(
            trigger_id=trigger_id, view=view
        )
    except (SlackApiError, SlackClientError, OSError) as error:
        code = error.response.get("error") if isinstance(error, SlackApiError) else None
        log.info("modal not opened: %s", code or type(error).__name__)
        raise SlackBusy(f"views.open: {code or type(error).__name__}") from None
    return dict(response["view"])


def open_then_fill(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    fill: Callable[[Language], View | dict[str, Any]],
) -> None:
    """Open the view `fill` builds (it may read the database and ask Slack) in one `views.open`
    when it is ready within FILL_BUDGET; else open a small modal and replace it when it is."""
    building = _fill_pool().submit(lambda: fill(deps.users.language(user_id)))
    try:
        view = building.result(timeout=FILL_BUDGET)
    except FutureTimeout:
        pass
    else:
        open_modal(client, trigger_id=trigger_id, view=view)
        return
    opened = open_modal(
        client, trigger_id=trigger_id, view=loading_modal(deps.users.cached_language(user_id))
    )
    _fill_opened(client, opened, building)


def _fill_opened(
    client: WebClient, opened: dict[str, Any], building: Future[View | dict[str, Any]]
) -> None:
    """Replace the small modal by the view once it is built."""
    view = building.result()
    try:
        client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=view)
    except SlackApiError as error:
        # The person may have closed the small modal already; nothing is lost.
        log.info("modal not filled: %s", error.response.get("error"))


@functools.cache
def _fill_pool() -> ThreadPoolExecutor:
    """This process's pool for building views, made on first use (nothing at import)."""
    return ThreadPoolExecutor(max_workers=FILL_THREADS, thread_name_prefix="fill")


@functools.cache
def loading_modal(language: Language) -> dict[str, Any]:
    """The small modal, built and validated once per language."""
    return build_loading_modal(language).to_dict()
