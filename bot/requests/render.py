"""Showing a request's current state on its Slack messages."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.core.i18n import t
from bot.requests.blocks import build_request_message, build_team_notice, request_fallback_text
from models import SparringRequest


def refresh_request_message(*, client: WebClient, request: SparringRequest) -> None:
    """Show the request's current state on its message, and on its whole-team notice."""
    if request.channel_id is not None and request.message_ts is not None:
        client.chat_update(
            channel=request.channel_id,
            ts=request.message_ts,
            text=request_fallback_text(request),
            blocks=build_request_message(request),
        )
    if request.notice_channel_id is not None and request.notice_ts is not None:
        client.chat_update(
            channel=request.notice_channel_id,
            ts=request.notice_ts,
            text=t("msg.team_notice_fallback", request.language, requester=request.requester_id),
            blocks=build_team_notice(request, helper=request.accepted_by),
        )
