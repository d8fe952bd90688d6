"""Text in Slack's mrkdwn: escaping, mentions, dates as people write them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.i18n import Language, t


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it cannot form mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention_list(user_ids: Sequence[str]) -> str:
    """Mentions of the people, comma-separated."""
    return ", ".join(f"<@{user_id}>" for user_id in user_ids)


def join_people(language: Language, user_ids: Sequence[str]) -> str:
    """`<@A> og <@B>`, `<@A>, <@B> og <@C>`: a group as people say it."""
    mentions = [f"<@{user_id}>" for user_id in user_ids]
    if len(mentions) < 2:
        return "".join(mentions)
    return f"{', '.join(mentions[:-1])} {t('pairs.and', language)} {mentions[-1]}"


def format_day(day: date) -> str:
    """A date as Danes write it (also clear to English readers)."""
    return day.strftime("%d.%m.%Y")
