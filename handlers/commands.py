"""The `/sparring` slash command and its Danish and English subcommands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import Deps
from bot.flows import open_request_modal
from bot.i18n import Language, t
from bot.teams import setup_team

# Every word a subcommand answers to, in both languages (with and without æøå).
SUBCOMMANDS: dict[str, str] = {
    "hjælp": "help",
    "hjaelp": "help",
    "help": "help",
    "opsæt": "setup",
    "opsaet": "setup",
    "setup": "setup",
}


def register(app: App, deps: Deps) -> None:
    """Register the slash command."""

    @app.command("/sparring")
    def handle_sparring_command(
        ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        user_id = command["user_id"]
        words = (command.get("text") or "").split()
        if not words:
            open_request_modal(
                client=client,
                deps=deps,
                trigger_id=command["trigger_id"],
                user_id=user_id,
                origin_channel_id=command.get("channel_id"),
            )
            return
        language = deps.users.language(user_id)
        subcommand = _SUBCOMMAND_HANDLERS.get(SUBCOMMANDS.get(words[0].lower(), ""))
        if subcommand is None:
            text = t("cmd.unknown", language, word=words[0][:40]) + "\n\n" + t("cmd.help", language)
        else:
            text = subcommand(deps, client, command, language)
        respond(text=text, response_type="ephemeral")


def _help(deps: Deps, client: WebClient, command: dict[str, Any], language: Language) -> str:
    return t("cmd.help", language)


def _setup(deps: Deps, client: WebClient, command: dict[str, Any], language: Language) -> str:
    channel_id = command.get("channel_id") or ""
    if not channel_id.startswith(("C", "G")):
        return t("setup.not_channel", language)
    try:
        is_member = client.conversations_info(channel=channel_id)["channel"].get("is_member")
    except SlackApiError as error:
        if error.response.get("error") != "channel_not_found":
            raise
        is_member = False
    if not is_member:
        return t("setup.not_member", language)
    result = setup_team(
        client=client,
        users=deps.users,
        session_factory=deps.session_factory,
        channel_id=channel_id,
        workspace_id=command.get("team_id") or "",
        lead_id=command["user_id"],
        timezone=deps.settings.timezone,
        language=deps.settings.default_language,
    )
    key = "setup.done" if result.created else "setup.synced"
    return t(key, language, count=result.member_count)


_SUBCOMMAND_HANDLERS: dict[str, Callable[[Deps, WebClient, dict[str, Any], Language], str]] = {
    "help": _help,
    "setup": _setup,
}
