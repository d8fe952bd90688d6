"""The `/sparring` slash command and its Danish and English subcommands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.core.i18n import t
from bot.deps import Deps
from bot.home.texts import stats_text
from bot.meetings.flow import open_meeting
from bot.pairing.texts import (
    buddy_text,
    exclusion_text,
    not_with_text,
    pause_text,
    resume_text,
)
from bot.privacy.delivery import send_export
from bot.requests.compose import open_request_modal
from bot.requests.texts import mine_text
from bot.rules.flow import open_rules, rules_history_text
from bot.slack import payload
from bot.slack.commands import Invocation, mentioned
from bot.slack.listeners import listener
from bot.teams.leads import lead_text
from bot.teams.modals import open_expert_modal, open_team_settings, open_topics_modal
from bot.teams.texts import experts_text

# Every word a subcommand answers to, in both languages (with and without æøå).
SUBCOMMANDS: dict[str, str] = {
    "hjælp": "help",
    "hjaelp": "help",
    "help": "help",
    "opsæt": "setup",
    "opsaet": "setup",
    "setup": "setup",
    "makker": "buddy",
    "buddy": "buddy",
    "pause": "pause",
    "genoptag": "resume",
    "resume": "resume",
    "udeluk": "exclude",
    "exclude": "exclude",
    "inkluder": "include",
    "include": "include",
    "ekspert": "expert",
    "expert": "expert",
    "eksperter": "experts",
    "experts": "experts",
    "emner": "topics",
    "topics": "topics",
    "mine": "mine",
    "spilleregler": "rules",
    "rules": "rules",
    "teammøde": "meeting",
    "teammode": "meeting",
    "teammoede": "meeting",
    "meeting": "meeting",
    "leder": "lead",
    "lead": "lead",
    "statistik": "stats",
    "stats": "stats",
}

# Two-word subcommands, matched before the one-word ones.
PHRASES: dict[tuple[str, str], str] = {
    ("spilleregler", "foreslå"): "rules_propose",
    ("spilleregler", "foresla"): "rules_propose",
    ("spilleregler", "foreslaa"): "rules_propose",
    ("rules", "propose"): "rules_propose",
    ("spilleregler", "historik"): "rules_history",
    ("rules", "history"): "rules_history",
    # Before `mine`, which it starts with.
    ("mine", "data"): "my_data",
    ("my", "data"): "my_data",
    # A private wish never to be paired with a colleague (`... fjern @navn` takes it back).
    ("ikke", "med"): "not_with",
    ("not", "with"): "not_with",
}

# Subcommands answered with a text.
ANSWERS: dict[str, Callable[[Invocation], str]] = {
    "help": lambda call: t("cmd.help", call.language),
    "setup": lambda call: t("setup.not_channel", call.language),  # typed outside a channel
    "buddy": buddy_text,
    "pause": pause_text,
    "resume": resume_text,
    "exclude": exclusion_text(True),
    "include": exclusion_text(False),
    "experts": experts_text,
    "mine": mine_text,
    "rules_history": rules_history_text,
    "not_with": not_with_text,
    "stats": stats_text,
}


def register(app: App, deps: Deps) -> None:
    """Register the slash command."""
    app.command("/sparring")(listener(handle_sparring_command, deps))


def handle_sparring_command(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Open a modal for the words that need one (before anything slow), else answer in text."""
    ack()
    user_id, channel_id = payload.user_id(command), payload.text(command, "channel_id")
    words = payload.command_text(command).split()
    subcommand, used = subcommand_of(words)
    if subcommand == "my_data":
        send_my_data(deps, client, respond, user_id=user_id)
        return
    if _open_modal(deps, client, command, subcommand, user_id=user_id, channel_id=channel_id):
        return
    language = deps.users.language(user_id)
    call = Invocation(deps, user_id, channel_id, language, words[0], words[used:])
    answer = ANSWERS.get(subcommand)
    if subcommand == "lead":  # posts in the channel too, so it needs the client
        text = lead_text(call, client)
    elif answer is None:
        text = t("cmd.unknown", language, word=words[0][:40]) + "\n\n" + t("cmd.help", language)
    else:
        text = answer(call)
    respond(text=text, response_type="ephemeral")


def subcommand_of(words: list[str]) -> tuple[str, int]:
    """The subcommand the words stand for, and how many words it took: two-word ones first."""
    if not words:
        return "request", 0
    if len(words) > 1 and (found := PHRASES.get((words[0].lower(), words[1].lower()))):
        return found, 2
    return SUBCOMMANDS.get(words[0].lower(), ""), 1


def send_my_data(deps: Deps, client: WebClient, respond: Respond, *, user_id: str) -> None:
    """Everything stored about the person, as files in their DM with the bot."""
    language = deps.users.language(user_id)
    try:
        send_export(
            client=client,
            session_factory=deps.session_factory,
            user_id=user_id,
            actor=user_id,
            language=language,
        )
    except (SlackApiError, SlackClientError, OSError):
        respond(text=t("privacy.export_failed", language), response_type="ephemeral")
        return
    respond(text=t("privacy.export_sending", language), response_type="ephemeral")


def _open_modal(
    deps: Deps,
    client: WebClient,
    command: dict[str, Any],
    subcommand: str,
    *,
    user_id: str,
    channel_id: str,
) -> bool:
    """Open the modal a subcommand stands for; False when it is answered in text."""
    opening = {"client": client, "deps": deps, "user_id": user_id}
    if subcommand == "request":
        trigger = payload.trigger_id(command)
        open_request_modal(**opening, trigger_id=trigger, origin_channel_id=channel_id)
    elif subcommand == "setup" and channel_id.startswith(("C", "G")):
        workspace_id = payload.optional_text(command, "team_id") or ""
        open_team_settings(
            **opening,
            trigger_id=payload.trigger_id(command),
            channel_id=channel_id,
            workspace_id=workspace_id,
        )
    elif subcommand == "expert":
        target, _rest = mentioned(payload.command_text(command).split()[1:])
        open_expert_modal(
            **opening,
            trigger_id=payload.trigger_id(command),
            channel_id=channel_id,
            target_id=target,
        )
    elif subcommand in ("rules", "rules_propose"):
        open_rules(
            **opening,
            trigger_id=payload.trigger_id(command),
            channel_id=channel_id,
            propose=subcommand == "rules_propose",
        )
    elif subcommand == "meeting":
        open_meeting(**opening, trigger_id=payload.trigger_id(command), channel_id=channel_id)
    elif subcommand == "topics":
        open_topics_modal(**opening, trigger_id=payload.trigger_id(command), channel_id=channel_id)
    else:
        return False
    return True
