"""Block Kit builder of the App Home tab; pure, no I/O."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    ImageBlock,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.home.content import HomeContent, TeamPart
from bot.slack import ids
from bot.slack.mrkdwn import escape, format_day

# A section's text holds at most 3000 characters.
TEXT_LIMIT = 3000


def _section(text: str) -> SectionBlock:
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    return SectionBlock(text=text)


def _titled(title: str, lines: list[str], empty: str) -> SectionBlock:
    return _section(f"*{title}*\n" + ("\n".join(lines) if lines else empty))


def build_home(language: Language, content: HomeContent) -> View:
    """The App Home: ask, my buddy, my pause, my open requests, and each of my teams."""
    blocks: list[Block] = [
        HeaderBlock(text=t("home.header", language)),
        SectionBlock(text=t("home.intro", language)),
        ActionsBlock(
            block_id=ids.Block.HOME_ACTIONS,
            elements=[
                ButtonElement(
                    action_id=ids.Action.OPEN_REQUEST_MODAL,
                    text=t("home.button", language),
                    style="primary",
                )
            ],
        ),
        DividerBlock(),
        *_buddy_section(language, content),
        DividerBlock(),
        _titled(t("home.sent", language), content.sent, t("home.none", language)),
        _titled(t("home.waiting", language), content.waiting, t("home.none", language)),
    ]
    for part in content.teams:
        blocks += [DividerBlock(), *_team_section(language, part)]
    return View(type="home", blocks=blocks[:100])


def _buddy_section(language: Language, content: HomeContent) -> list[Block]:
    """My buddy this period, and the pause toggle."""
    buddies = content.buddies or [t("home.no_buddy", language)]
    if content.paused:
        until = (
            t("buddy.until", language, date=format_day(content.paused_until))
            if content.paused_until
            else ""
        )
        pause_line = t("home.paused", language, until=until)
        toggle = ButtonElement(
            action_id=ids.Action.HOME_RESUME, text=t("home.resume", language), value="resume"
        )
    else:
        pause_line = t("home.active", language)
        toggle = ButtonElement(
            action_id=ids.Action.HOME_PAUSE, text=t("home.pause", language), value="pause"
        )
    return [
        _titled(t("home.buddy", language), buddies, ""),
        _section(pause_line),
        ActionsBlock(
            block_id=ids.Block.HOME_BUDDY_ACTIONS,
            elements=[toggle],
        ),
    ]


def _team_section(language: Language, part: TeamPart) -> list[Block]:
    """One team: my expert topics, its rules in brief, the next meeting; for its lead also
    settings, topic gaps, rules proposals waiting and the statistics with their chart."""
    name = escape(part.name)
    topics = ", ".join(escape(topic) for topic in part.expert_topics) or t(
        "home.no_topics", language
    )
    rules_title = (
        t("home.rules_version", language, version=part.rules_version)
        if part.rules_version is not None
        else t("home.rules", language)
    )
    buttons = [
        ButtonElement(
            action_id=ids.Action.HOME_EXPERT,
            text=t("home.change_topics", language),
            value=part.channel_id,
        )
    ]
    if part.in_pairs:
        # The same button as in the pair's conversation (handlers/pairing.py): the value is
        # the team, and the member is checked when it is pressed.
        buttons.append(
            ButtonElement(
                action_id=ids.Action.SKIP_NEXT_PERIOD,
                text=t("skip.button", language),
                value=str(part.team_id),
            )
        )
    if part.lead:
        buttons.append(
            ButtonElement(
                action_id=ids.Action.HOME_SETTINGS,
                text=t("home.settings", language),
                value=part.channel_id,
            )
        )
    meeting = (
        t("home.meeting_next", language, when=part.meeting)
        if part.meeting
        else t("home.meeting_none", language)
    )
    queue = [f"• {line}" for line in part.queue] if part.meeting else []
    blocks: list[Block] = [
        _section(f"*{name}* · <#{part.channel_id}>"),
        _section(f"*{t('home.my_topics', language)}* {topics}"),
        # No block id: a view's block ids are unique, and there is one such block per team;
        # the buttons carry the team's channel.
        ActionsBlock(elements=buttons),
        _titled(rules_title, part.rules, t("home.rules_none", language)),
        _titled(
            t("home.meeting", language),
            [meeting, *(queue or ([t("home.queue_empty", language)] if part.meeting else []))],
            "",
        ),
    ]
    if not part.lead:
        return blocks
    blocks += [
        _titled(
            t("home.gaps", language), [escape(g) for g in part.gaps], t("home.no_gaps", language)
        ),
        _titled(t("home.proposals", language), part.proposals, t("home.none", language)),
        _titled(t("home.stats", language), part.stats, t("home.none", language)),
    ]
    if part.chart_file_id:
        blocks.append(
            ImageBlock(
                slack_file={"id": part.chart_file_id},
                alt_text=t("home.chart_alt", language),
                title=t("home.chart_title", language),
            )
        )
    return blocks
