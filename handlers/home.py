"""The App Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.home.service import publish_home
from bot.slack import payload
from bot.slack.listeners import listener


def register(app: App, deps: Deps) -> None:
    """Register the App Home listener."""
    app.event("app_home_opened")(listener(handle_app_home_opened_event, deps))


def handle_app_home_opened_event(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """Publish the person's home when they open its tab."""
    event = payload.event_of(body)
    if event.get("tab") == "home":
        publish_home(client=client, deps=deps, user_id=payload.text(event, "user"))
