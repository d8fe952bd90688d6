"""What `/sparring mine` answers: your open requests and those waiting for you."""

from __future__ import annotations

from bot.core.db import reading
from bot.core.i18n import t
from bot.requests.blocks import recipients_text, request_status_line
from bot.requests.listing import Listed, open_request_lines
from bot.slack.commands import Invocation
from bot.slack.mrkdwn import format_day


def mine_text(call: Invocation) -> str:
    """Two short lists: sent by you, and waiting for you."""
    with reading(call.deps.session_factory) as session:
        sent, waiting = open_request_lines(session, user_id=call.user_id)
    tz = call.deps.settings.tz

    def line(request: Listed, people: str) -> str:
        status = request_status_line(request)
        created = format_day(request.created_at.astimezone(tz).date())
        return f"• {status} · {people} · {created}"

    none = t("home.none", call.language)
    return "\n".join(
        [
            t("mine.sent", call.language),
            *([line(r, recipients_text(call.language, r)) for r in sent] or [none]),
            t("mine.waiting", call.language),
            *([line(r, f"<@{r.requester_id}>") for r in waiting] or [none]),
        ]
    )
