"""Submissions of the team's modals: the lead's settings, expert roles, the lead's topics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.slack import payload
from bot.slack.ids import Callback
from bot.slack.listeners import listener
from bot.slack.metadata import Metadata
from bot.slack.widgets import build_notice_modal
from bot.teams.form import ExpertMetadata, SettingsMetadata
from bot.teams.saving import save_expert_topics, save_settings, save_topics

M = TypeVar("M", bound=Metadata)


def register(app: App, deps: Deps) -> None:
    """Register the team modals' submission listeners."""
    app.view(Callback.SETTINGS)(listener(handle_settings_submission, deps))
    app.view(Callback.EXPERT)(listener(handle_expert_submission, deps))
    app.view(Callback.TOPICS)(listener(handle_topics_submission, deps))


def handle_settings_submission(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """Save the settings, close the modal, and tell the lead when the next announcement comes."""
    view, user_id = payload.view_of(body), payload.user_id(body)
    channel_id, text = save_settings(
        deps, metadata=SettingsMetadata.load(view), state=payload.view_state(view), user_id=user_id
    )
    ack()
    client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)


def handle_expert_submission(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    """Save someone's expert topics and say which they now cover."""
    _save_and_say(ack, body, deps, ExpertMetadata, save_expert_topics)


def handle_topics_submission(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    """Save the lead's changes to the team's topics."""
    _save_and_say(ack, body, deps, SettingsMetadata, save_topics)


def _save_and_say(
    ack: Ack, body: dict[str, Any], deps: Deps, kind: type[M], save: Callable[..., str]
) -> None:
    """Save the modal and replace it with what was saved."""
    view = payload.view_of(body)
    metadata = kind.load(view)
    text = save(
        deps, metadata=metadata, state=payload.view_state(view), user_id=payload.user_id(body)
    )
    ack(response_action="update", view=build_notice_modal(metadata.language, text))
