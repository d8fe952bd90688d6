"""Block Kit builders of buddy announcements, pair introductions and buddy lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.i18n import Language, t
from bot.core.periods import Period
from bot.slack.mrkdwn import escape, format_day, join_people
from models import (
    PairingRound,
    Team,
)


def buddy_lines(
    language: Language,
    *,
    user_id: str,
    groups: Sequence[tuple[Team, PairingRound, tuple[str, ...]]],
) -> list[str]:
    """`*team:* <@buddy> — until Friday` for each team where the person has a buddy."""
    return [
        t(
            "buddy.line",
            language,
            team=escape(team.name),
            people=join_people(language, [u for u in group if u != user_id]),
            end=format_day(stored.period_end - timedelta(days=2)),
        )
        for team, stored, group in groups
    ]


def build_pair_announcement(
    language: Language,
    *,
    groups: Sequence[tuple[str, ...]],
    period: Period,
    week: date,
    new: bool,
) -> list[Block]:
    """The weekly message in the team channel: the current groups, as mentions, nothing else."""
    end = format_day(period.end - timedelta(days=2))  # the period's Friday
    blocks: list[Block] = [
        HeaderBlock(text=t("pairs.header", language, week=week.isocalendar().week)),
        SectionBlock(text=t("pairs.new" if new else "pairs.continue", language, end=end)),
    ]
    # Sections hold at most 3,000 characters and a message at most 50 blocks.
    chunk: list[str] = []
    sections: list[str] = []
    for group in groups:
        line = f"• {join_people(language, group)}"
        if sum(len(item) + 1 for item in chunk) + len(line) > 2900:
            sections.append("\n".join(chunk))
            chunk = []
        chunk.append(line)
    if chunk:
        sections.append("\n".join(chunk))
    blocks += [SectionBlock(text=text) for text in sections[:44]]
    if len(sections) > 44:
        shown = sum(text.count("\n") + 1 for text in sections[:44])
        more = t("pairs.more", language, count=len(groups) - shown)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("pairs.footer", language))]))
    return blocks


def build_pair_intro(language: Language, *, group: Sequence[str], period: Period) -> list[Block]:
    """The first message in a new pair's (or trio's) group conversation."""
    end = format_day(period.end - timedelta(days=2))
    return [
        SectionBlock(text=t("pairs.intro", language, people=join_people(language, group), end=end)),
        SectionBlock(text=t("pairs.starter", language)),
        ContextBlock(elements=[MarkdownTextObject(text=t("pairs.footer", language))]),
    ]


def pair_intros(
    language: Language, *, groups: Sequence[Sequence[str]], period: Period
) -> list[list[dict[str, Any]]]:
    """`build_pair_intro` of every group as dicts, built and validated once: the groups differ
    only in the mentions of the first section (a round of 10,000 has 5,000 of them)."""
    if not groups:
        return []
    template = [
        block.to_dict() for block in build_pair_intro(language, group=groups[0], period=period)
    ]
    end = format_day(period.end - timedelta(days=2))
    intros = []
    for group in groups:
        first = {**template[0], "text": {**template[0]["text"]}}
        first["text"]["text"] = t(
            "pairs.intro", language, people=join_people(language, group), end=end
        )
        intros.append([first, *template[1:]])
    return intros


def build_alone_note(language: Language) -> list[Block]:
    """A kind note for a team with a single person in the rotation."""
    return [SectionBlock(text=t("pairs.alone", language))]
