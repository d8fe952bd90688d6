"""The App Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.home.service import publish_home


def register(app: App, deps: Deps) -> None:
    """Register the App Home listener."""

    @app.event("app_home_opened")
    def handle_app_home_opened_event(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") == "home":
            publish_home(client=client, deps=deps, user_id=event["user"])
