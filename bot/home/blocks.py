"""Block Kit builder of the App Home tab."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.requests.blocks import status_line
from bot.slack import ids


@dataclass(frozen=True)
class HomeItem:
    """One line on the App Home: a request's status, its counterpart(s) and when it was made."""

    status: str
    answered_by: str | None
    # Whom it went to (sent) or who asked (waiting), as mrkdwn.
    people: str
    created: str


def build_home(
    language: Language,
    *,
    sent: Sequence[HomeItem],
    waiting: Sequence[HomeItem],
    buddies: Sequence[str] = (),
) -> View:
    """The App Home tab: what the bot is for, a button to ask, my buddy, my open requests."""
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
    ]
    if buddies:
        text = f"*{t('home.buddy', language)}*\n" + "\n".join(buddies)
        blocks += [SectionBlock(text=text[:3000]), DividerBlock()]
    # Two lists of at most 40 lines each keep the view under Slack's 100-block limit.
    for title, items, key in (
        ("home.sent", sent, "home.item"),
        ("home.waiting", waiting, "home.item_waiting"),
    ):
        blocks.append(SectionBlock(text=f"*{t(title, language)}*"))
        lines = [
            t(
                key,
                language,
                status=status_line(language, item.status, answered_by=item.answered_by),
                people=item.people,
                date=item.created,
            )
            for item in items[:40]
        ] or [t("home.none", language)]
        blocks += [ContextBlock(elements=[MarkdownTextObject(text=line)]) for line in lines]
    return View(type="home", blocks=blocks)
