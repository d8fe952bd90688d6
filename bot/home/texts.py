"""What `/sparring statistik` answers: the team's figures per month, for its lead only."""

from __future__ import annotations

from bot.core.i18n import t
from bot.home import stats
from bot.slack.commands import Invocation
from bot.slack.mrkdwn import escape
from bot.teams.participation import is_lead
from bot.teams.service import get_team


def stats_text(call: Invocation) -> str:
    """The last months of the channel's team in words (counts under 5 as "<5")."""
    admin = call.deps.users.is_admin(call.user_id)
    with call.deps.session_factory() as session:
        team = get_team(session, channel_id=call.channel_id)
        if team is None or not is_lead(team, user_id=call.user_id, is_admin=admin):
            return t("lead.only", call.language)
        months = stats.team_figures(
            session, team=team, today=call.deps.today(), language=call.language
        )
        name = escape(team.name)
    lines = stats.summary_lines(months, call.language, last=stats.MONTHS)
    return "\n".join(
        [t("stats.header", call.language, team=name), *lines, t("stats.home_hint", call.language)]
    )
