"""What `/sparring mine` answers: your open requests and those waiting for you."""

from __future__ import annotations

from bot.core.i18n import t
from bot.requests.blocks import request_status_line
from bot.requests.service import open_requests_for
from bot.slack.commands import Invocation
from bot.slack.mrkdwn import format_day, join_people
from models import SparringRequest


def mine_text(call: Invocation) -> str:
    """Two short lists: sent by you, and waiting for you."""
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
