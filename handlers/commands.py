"""The `/sparring` slash command and its Danish and English subcommands."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.core.dates import DateNotUnderstood, parse_date
from bot.core.i18n import Language, t
from bot.deps import Deps
from bot.pairing.blocks import buddy_lines
from bot.pairing.service import groups_of
from bot.requests.blocks import request_status_line
from bot.requests.compose import open_request_modal
from bot.requests.service import open_requests_for
from bot.slack.mrkdwn import format_day, join_people
from bot.teams.modals import open_expert_modal, open_team_settings, open_topics_modal
from bot.teams.participation import is_lead, pause, pause_state, resume, set_excluded
from bot.teams.service import get_team, no_team_key, team_in_context
from bot.teams.topics import coverage
from models import SparringRequest

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
}
_DATE_WORDS = {"til", "until", "to"}
# With escaping on (see manifest.yml) Slack sends mentions as <@U123|name>.
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class Invocation:
    """One use of the command: who, where, in which language, with which words."""

    deps: Deps
    client: WebClient
    command: dict[str, Any]
    language: Language
    word: str
    args: list[str]

    @property
    def user_id(self) -> str:
        """Who typed the command."""
        return str(self.command["user_id"])

    @property
    def channel_id(self) -> str:
        """Where it was typed."""
        return str(self.command.get("channel_id") or "")


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
        subcommand = SUBCOMMANDS.get(words[0].lower(), "")
        channel_id = str(command.get("channel_id") or "")
        # These open a modal: the trigger dies after 3 s, so they go before anything slow.
        if subcommand == "setup" and channel_id.startswith(("C", "G")):
            open_team_settings(
                client=client,
                deps=deps,
                trigger_id=command["trigger_id"],
                user_id=user_id,
                channel_id=channel_id,
                workspace_id=command.get("team_id") or "",
            )
            return
        if subcommand == "expert":
            target, _rest = _target(words[1:])
            open_expert_modal(
                client=client,
                deps=deps,
                trigger_id=command["trigger_id"],
                user_id=user_id,
                channel_id=channel_id,
                target_id=target,
            )
            return
        if subcommand == "topics":
            open_topics_modal(
                client=client,
                deps=deps,
                trigger_id=command["trigger_id"],
                user_id=user_id,
                channel_id=channel_id,
            )
            return
        language = deps.users.language(user_id)
        call = Invocation(deps, client, command, language, words[0], words[1:])
        handler = _HANDLERS.get(subcommand)
        if handler is None:
            text = t("cmd.unknown", language, word=words[0][:40]) + "\n\n" + t("cmd.help", language)
        else:
            text = handler(call)
        respond(text=text, response_type="ephemeral")


def _help(call: Invocation) -> str:
    return t("cmd.help", call.language)


def _setup_outside_channel(call: Invocation) -> str:
    return t("setup.not_channel", call.language)


def _buddy(call: Invocation) -> str:
    today = call.deps.today()
    with call.deps.session_factory() as session:
        found = groups_of(session, user_id=call.user_id, on=today)
        paused, until = pause_state(session, user_id=call.user_id, on=today)
    lines = buddy_lines(call.language, user_id=call.user_id, groups=found)
    if paused:
        until_text = t("buddy.until", call.language, date=format_day(until)) if until else ""
        lines.append(t("buddy.paused", call.language, until=until_text))
    return "\n".join(lines) or t("buddy.none", call.language)


def _experts(call: Invocation) -> str:
    search = " ".join(call.args).strip()
    admin = call.deps.users.is_admin(call.user_id)
    with call.deps.session_factory.begin() as session:
        team = team_in_context(session, user_id=call.user_id, channel_id=call.channel_id)
        if team is None:
            return t(no_team_key(session, call.user_id), call.language)
        covered = coverage(session, team=team)
        lead = is_lead(team, user_id=call.user_id, is_admin=admin)
        name = team.name
    if search:
        covered = [
            c for c in covered if search.casefold() in c.topic.name(call.language).casefold()
        ]
        if not covered:
            return t("experts.none_match", call.language, text=search[:40])
    lines = [t("experts.header", call.language, team=name)]
    lines += [
        t(
            "experts.line",
            call.language,
            topic=c.topic.name(call.language),
            people=join_people(call.language, c.experts),
        )
        for c in covered
        if c.experts
    ]
    if len(lines) == 1 and not search:
        lines.append(t("experts.nobody", call.language))
    uncovered = [c.topic.name(call.language) for c in covered if not c.experts]
    if lead and uncovered:
        lines.append(t("experts.uncovered", call.language, topics=", ".join(uncovered)))
    return "\n".join(lines)


def _mine(call: Invocation) -> str:
    with call.deps.session_factory() as session:
        sent, waiting = open_requests_for(session, user_id=call.user_id)
    tz = call.deps.settings.tz

    def line(request: SparringRequest, people: list[str]) -> str:
        status = request_status_line(request)
        created = format_day(request.created_at.astimezone(tz).date())
        people_text = join_people(call.language, people) or t("home.whole_team", call.language)
        return f"• {status} · {people_text} · {created}"

    none = t("home.none", call.language)
    return "\n".join(
        [
            t("mine.sent", call.language),
            *([line(r, r.recipient_ids) for r in sent] or [none]),
            t("mine.waiting", call.language),
            *([line(r, [r.requester_id]) for r in waiting] or [none]),
        ]
    )


def _pause(call: Invocation) -> str:
    target, rest = _target(call.args)
    until = None
    words = rest[1:] if rest and rest[0].lower() in _DATE_WORDS else rest
    if words:
        try:
            until = parse_date(" ".join(words), today=call.deps.today())
        except DateNotUnderstood:
            return t("pause.bad_date", call.language, text=" ".join(words)[:40])
    until_text = t("buddy.until", call.language, date=format_day(until)) if until else ""
    if target is not None:
        return _as_lead(
            call,
            target,
            lambda session, team_id: pause(session, user_id=target, until=until, team_id=team_id),
            t("pause.member_done", call.language, user=target, until=until_text),
        )
    with call.deps.session_factory.begin() as session:
        touched = pause(session, user_id=call.user_id, until=until)
    if not touched:
        return t("pause.no_team", call.language)
    if until is None:
        return t("pause.done_open", call.language)
    return t("pause.done", call.language, until=until_text)


def _resume(call: Invocation) -> str:
    target, _rest = _target(call.args)
    if target is not None:
        return _as_lead(
            call,
            target,
            lambda session, team_id: resume(session, user_id=target, team_id=team_id),
            t("include.done", call.language, user=target),
        )
    with call.deps.session_factory.begin() as session:
        touched = resume(session, user_id=call.user_id)
    return t("resume.done" if touched else "pause.no_team", call.language)


def _exclusion(excluded: bool) -> Callable[[Invocation], str]:
    def handle(call: Invocation) -> str:
        target, _rest = _target(call.args)
        if target is None:
            return t("lead.who", call.language, word=call.word)
        return _as_lead(
            call,
            target,
            lambda session, team_id: set_excluded(
                session, team_id=team_id, user_id=target, excluded=excluded
            ),
            t("exclude.done" if excluded else "include.done", call.language, user=target),
        )

    return handle


def _as_lead(
    call: Invocation, target: str, change: Callable[[Any, int], int | bool], done: str
) -> str:
    """Apply a lead's change to a member of the channel's team, if the caller is its lead."""
    admin = call.deps.users.is_admin(call.user_id)
    with call.deps.session_factory.begin() as session:
        team = get_team(session, channel_id=call.channel_id)
        if team is None or not is_lead(team, user_id=call.user_id, is_admin=admin):
            return t("lead.only", call.language)
        if not change(session, team.id):
            return t("lead.not_member", call.language, user=target)
    return done


def _target(args: list[str]) -> tuple[str | None, list[str]]:
    """A mentioned person at the start of the arguments, and the rest."""
    if args and (match := _MENTION.match(args[0])):
        return match[1], args[1:]
    return None, args


_HANDLERS: dict[str, Callable[[Invocation], str]] = {
    "help": _help,
    "setup": _setup_outside_channel,
    "buddy": _buddy,
    "pause": _pause,
    "resume": _resume,
    "exclude": _exclusion(True),
    "include": _exclusion(False),
    "experts": _experts,
    "mine": _mine,
}
