"""What `/sparring eksperter [emne]` answers: who covers what (leads also see the gaps)."""

from __future__ import annotations

from bot.core.i18n import t
from bot.slack.commands import Invocation
from bot.slack.mrkdwn import join_people
from bot.teams.participation import is_lead
from bot.teams.service import no_team_key, team_in_context
from bot.teams.topics import coverage


def experts_text(call: Invocation) -> str:
    """The team's experts per topic, filtered by a search word if one was given."""
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
