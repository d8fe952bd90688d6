"""What `/sparring makker | pause | genoptag | udeluk | inkluder | ikke med` answer."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.core.dates import DateNotUnderstood, parse_date
from bot.core.i18n import t
from bot.pairing.blocks import buddy_lines
from bot.pairing.buddies import groups_of
from bot.pairing.wishes import set_wish, wishes_of
from bot.privacy import audit
from bot.slack.commands import Invocation, mentioned
from bot.slack.mrkdwn import format_day
from bot.teams.participation import is_lead, pause, pause_state, resume, set_excluded
from bot.teams.service import get_team
from models import Team

_DATE_WORDS = {"til", "until", "to"}


def buddy_text(call: Invocation) -> str:
    """Your buddy in each team, until when, and whether you are on a pause."""
    today = call.deps.today()
    with call.deps.session_factory() as session:
        found = groups_of(session, user_id=call.user_id, on=today)
        paused, until = pause_state(session, user_id=call.user_id, on=today)
    lines = buddy_lines(call.language, user_id=call.user_id, groups=found)
    if paused:
        until_text = t("buddy.until", call.language, date=format_day(until)) if until else ""
        lines.append(t("buddy.paused", call.language, until=until_text))
    return "\n".join(lines) or t("buddy.none", call.language)


def pause_text(call: Invocation) -> str:
    """Pause yourself (or, as the lead, a member) from buddy pairs, with or without an end."""
    target, rest = call.target()
    words = rest[1:] if rest and rest[0].lower() in _DATE_WORDS else rest
    until = None
    if words:
        try:
            until = parse_date(" ".join(words), today=call.deps.today())
        except DateNotUnderstood:
            return t("pause.bad_date", call.language, text=" ".join(words)[:40])
    until_text = t("buddy.until", call.language, date=format_day(until)) if until else ""
    if target is not None:
        return as_lead(
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


def resume_text(call: Invocation) -> str:
    """Come back to buddy pairs (or, as the lead, bring a member back)."""
    target, _rest = call.target()
    if target is not None:
        return as_lead(
            call,
            target,
            lambda session, team_id: resume(session, user_id=target, team_id=team_id),
            t("include.done", call.language, user=target),
        )
    with call.deps.session_factory.begin() as session:
        touched = resume(session, user_id=call.user_id)
    return t("resume.done" if touched else "pause.no_team", call.language)


def exclusion_text(excluded: bool) -> Callable[[Invocation], str]:
    """The lead takes a member out of buddy pairs, or back in."""

    def answer(call: Invocation) -> str:
        target, _rest = call.target()
        if target is None:
            return t("lead.who", call.language, word=call.word)
        return as_lead(
            call,
            target,
            lambda session, team_id: _exclude(
                session, team_id=team_id, actor=call.user_id, user_id=target, excluded=excluded
            ),
            t("exclude.done" if excluded else "include.done", call.language, user=target),
        )

    return answer


def _exclude(session: Session, *, team_id: int, actor: str, user_id: str, excluded: bool) -> bool:
    """Take a member out of the rotation (or back in), noted in the audit log."""
    changed = set_excluded(session, team_id=team_id, user_id=user_id, excluded=excluded)
    if changed:
        action = audit.Action.EXCLUDED if excluded else audit.Action.INCLUDED
        team = session.get(Team, team_id)
        channel = team.channel_id if team else None
        audit.record(session, actor=actor, action=action, subject=user_id, channel_id=channel)
    return changed


def as_lead(
    call: Invocation, target: str, change: Callable[[Session, int], int | bool], done: str
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


_REMOVE_WORDS = {"fjern", "remove"}


def not_with_text(call: Invocation) -> str:
    """`/sparring ikke med [fjern] @navn`: a private wish never to be paired with a colleague
    (or taking it back); without a name, the person's own wishes."""
    words = call.args
    removing = bool(words) and words[0].lower() in _REMOVE_WORDS
    other, _rest = mentioned(words[1:] if removing else words)
    with call.deps.session_factory.begin() as session:
        if other is None:
            wishes = wishes_of(session, user_id=call.user_id)
            if not wishes:
                return t("wish.none", call.language)
            people = ", ".join(f"<@{user}>" for user in wishes)
            return t("wish.list", call.language, people=people)
        if other == call.user_id:
            return t("wish.self", call.language)
        changed = set_wish(session, user_id=call.user_id, other_id=other, keep_apart=not removing)
    if removing:
        return t("wish.removed" if changed else "wish.not_there", call.language, user=other)
    return t("wish.added", call.language, user=other)
