"""The App Home tab: publishing it, and its buttons (expert topics, team settings, pause)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.home.service import publish_home
from bot.slack import payload
from bot.slack.ids import Action
from bot.slack.listeners import listener
from bot.teams.modals import open_expert_modal, open_team_settings
from bot.teams.participation import pause, resume


def register(app: App, deps: Deps) -> None:
    """Register the App Home listeners."""
    app.event("app_home_opened")(listener(handle_app_home_opened_event, deps))
    app.action(Action.HOME_EXPERT)(listener(handle_home_expert_click, deps))
    app.action(Action.HOME_SETTINGS)(listener(handle_home_settings_click, deps))
    app.action(Action.HOME_PAUSE)(listener(handle_home_pause_click, deps))
    app.action(Action.HOME_RESUME)(listener(handle_home_pause_click, deps))


def handle_app_home_opened_event(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """Publish the person's home when they open its tab."""
    event = payload.event_of(body)
    if event.get("tab") == "home":
        publish_home(client=client, deps=deps, user_id=payload.text(event, "user"))


def handle_home_expert_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Change my expert topics in that team (membership is checked when the modal is built)."""
    ack()
    open_expert_modal(
        client=client,
        deps=deps,
        trigger_id=payload.trigger_id(body),
        user_id=payload.user_id(body),
        channel_id=payload.action_value(body),
        target_id=None,
    )


def handle_home_settings_click(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """The team's settings (the modal shows them to its lead only, checked again on save)."""
    ack()
    team = body.get("team")
    open_team_settings(
        client=client,
        deps=deps,
        trigger_id=payload.trigger_id(body),
        user_id=payload.user_id(body),
        channel_id=payload.action_value(body),
        workspace_id=payload.optional_text(team, "id") or "" if isinstance(team, dict) else "",
    )


def handle_home_pause_click(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    """Pause from buddy pairs in all my teams until I resume, or resume; the home follows."""
    ack()
    user_id = payload.user_id(body)
    with deps.session_factory.begin() as session:
        if payload.action_id(body) == Action.HOME_PAUSE:
            pause(session, user_id=user_id, until=None)
        else:
            resume(session, user_id=user_id)
