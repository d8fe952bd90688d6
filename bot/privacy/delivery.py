"""Sending a person their export as files in a direct message (files.upload_v2)."""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.privacy import audit
from bot.privacy.export import as_json, as_text, collect


def export_files(session_factory: sessionmaker[Session], *, user_id: str) -> tuple[str, str]:
    """The person's export as (JSON, text)."""
    with session_factory() as session:
        data = collect(session, user_id=user_id)
    return as_json(data), as_text(data)


def send_export(
    *,
    client: WebClient,
    session_factory: sessionmaker[Session],
    user_id: str,
    actor: str,
    language: str,
) -> None:
    """Upload the person's export to their DM with the bot, and note it in the audit log."""
    json_text, plain_text = export_files(session_factory, user_id=user_id)
    channel_id = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel_id,
        initial_comment=t("privacy.export_comment", language),
        file_uploads=[
            {"content": json_text, "filename": "sparring-data.json", "title": "sparring-data.json"},
            {"content": plain_text, "filename": "sparring-data.txt", "title": "sparring-data.txt"},
        ],
    )
    with session_factory.begin() as session:
        audit.record(session, actor=actor, action=audit.Action.EXPORTED, subject=user_id)
