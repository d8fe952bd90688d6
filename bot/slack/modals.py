"""Opening a modal inside the 3-second trigger: a small one at once, then the real one."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.core.i18n import Language
from bot.deps import Deps
from bot.slack.widgets import build_loading_modal

log = logging.getLogger(__name__)


def open_then_fill(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    fill: Callable[[Language], View],
) -> None:
    """Open a small modal at once (a trigger dies after 3 s and works once), then replace it
    with the view `fill` builds, which may read the database and ask Slack."""
    opened = client.views_open(
        trigger_id=trigger_id, view=loading_modal(deps.users.cached_language(user_id))
    )["view"]
    view = fill(deps.users.language(user_id))
    try:
        client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=view)
    except SlackApiError as error:
        # The person may have closed the small modal already; nothing is lost.
        log.info("modal not filled: %s", error.response.get("error"))


log = logging.getLogger(__name__)


@functools.cache
def loading_modal(language: Language) -> dict[str, Any]:
    # Built and validated once per language: this is the only work before views.open.
    return build_loading_modal(language).to_dict()
