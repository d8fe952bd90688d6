"""Block Kit builders of "did you meet?" in a pair's conversation (with *Spring næste periode
over*) and of the private question whether to stay in the pairs; pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.i18n import Language, t
from bot.slack.ids import Action
from bot.slack.ids import Block as BlockId
from bot.slack.mrkdwn import format_day, join_people

# Each answer and its button; "some" only for a trio.
OUTCOME_ACTIONS: dict[str, Action] = {
    "yes": Action.MET_YES,
    "not_yet": Action.MET_NOT_YET,
    "no": Action.MET_NO,
    "some": Action.MET_SOME,
}
ACTION_OUTCOMES: dict[str, str] = {action: outcome for outcome, action in OUTCOME_ACTIONS.items()}


def outcomes_for(group: Sequence[str]) -> list[str]:
    """The answers a group can give: *Nogle af os* only makes sense for three or more."""
    return [o for o in OUTCOME_ACTIONS if o != "some" or len(group) > 2]


def build_checkin(
    language: Language,
    *,
    checkin_id: int,
    team_id: int,
    group: Sequence[str],
    end: date,
    next_start: date,
    outcome: str | None = None,
    answered_by: str | None = None,
) -> list[Block]:
    """The question, its answer buttons (the chosen one marked), who answered, and the skip
    button for the next period. One message, so a pair is asked once per period, not twice."""
    buttons = [
        ButtonElement(
            text=t(f"checkin.{choice}", language),
            action_id=OUTCOME_ACTIONS[choice],
            value=str(checkin_id),
            style="primary" if choice == outcome else None,
        )
        for choice in outcomes_for(group)
    ]
    people = join_people(language, list(group))
    blocks: list[Block] = [
        SectionBlock(text=t("checkin.question", language, people=people, end=format_day(end))),
        ActionsBlock(block_id=BlockId.CHECKIN_ACTIONS, elements=buttons),
    ]
    if outcome is not None and answered_by is not None:
        answer = t(f"checkin.{outcome}", language)
        note = t("checkin.answered", language, user=answered_by, answer=answer)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    blocks += [
        SectionBlock(text=t("skip.offer", language, start=format_day(next_start))),
        ActionsBlock(
            block_id=BlockId.SKIP_ACTIONS,
            elements=[
                ButtonElement(
                    text=t("skip.button", language),
                    action_id=Action.SKIP_NEXT_PERIOD,
                    value=str(team_id),
                )
            ],
        ),
    ]
    return blocks


def build_stay_question(
    language: Language, *, team_id: int, team: str, note: str = ""
) -> list[Block]:
    """The private question after three periods without meeting; `note` is the answer given."""
    blocks: list[Block] = [SectionBlock(text=t("stay.question", language, team=team))]
    if note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    blocks.append(
        ActionsBlock(
            block_id=BlockId.STAY_ACTIONS,
            elements=[
                ButtonElement(
                    text=t("stay.stay", language),
                    action_id=Action.STAY_IN_PAIRS,
                    value=str(team_id),
                    style="primary",
                ),
                ButtonElement(
                    text=t("stay.pause", language),
                    action_id=Action.PAUSE_FROM_PAIRS,
                    value=str(team_id),
                ),
            ],
        )
    )
    return blocks
