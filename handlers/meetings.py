"""The team meeting: the lead's settings modal and the buttons on the agenda (open a case,
mark it taken or moved)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.meetings.blocks import MeetingMetadata
from bot.meetings.flow import mark_case, open_case, save_meeting
from bot.slack import payload
from bot.slack.ids import Action, Callback
from bot.slack.listeners import listener
from bot.slack.widgets import build_notice_modal


def register(app: App, deps: Deps) -> None:
    """Register the meeting's listeners."""
    app.view(Callback.MEETING)(listener(handle_meeting_submission, deps))
    app.action(Action.AGENDA_OPEN)(listener(handle_agenda_open_click, deps))
    app.action(Action.AGENDA_TAKEN)(listener(handle_agenda_mark_click, deps))
    app.action(Action.AGENDA_MOVED)(listener(handle_agenda_mark_click, deps))


def handle_meeting_submission(ack: Ack, body: dict[str, Any], deps: Deps) -> None:
    """The lead saves the meeting's days, time, minutes and cancelled dates."""
    view = payload.view_of(body)
    metadata = MeetingMetadata.load(view)
    text = save_meeting(
        deps, metadata=metadata, state=payload.view_state(view), user_id=payload.user_id(body)
    )
    ack(response_action="update", view=build_notice_modal(metadata.language, text))


def handle_agenda_open_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A member of the team opens the full request from the agenda."""
    ack()
    open_case(
        deps,
        client=client,
        trigger_id=payload.trigger_id(body),
        item_id=payload.number(payload.action_value(body)),
        user_id=payload.user_id(body),
    )


def handle_agenda_mark_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """After the meeting the lead or the requester marks a case taken or moved."""
    ack()
    channel_id, ts = payload.container(body)
    mark_case(
        deps,
        client=client,
        item_id=payload.number(payload.action_value(body)),
        user_id=payload.user_id(body),
        taken=payload.action_id(body) == Action.AGENDA_TAKEN,
        channel_id=channel_id,
        ts=ts,
    )
