"""Block Kit builders of the rules: the rules modal, the propose modal, the proposal post in
the team channel, the reason modal, and the history as text."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.requests.choices import FeedbackMode
from bot.rules.form import ProposalMetadata, RulesMetadata
from bot.rules.model import TEXT_LIMIT, Rhythm, Rules, SparringForm, diff, full
from bot.slack import ids
from bot.slack.mrkdwn import format_day, join_people
from bot.slack.widgets import choice_options, form_modal, radio_input, text_input
from models import ProposalStatus, RulesProposal, RulesVersion


def version_line(language: Language, version: RulesVersion | None) -> str:
    """Which version is in force, or that the template is not adopted yet."""
    if version is None:
        return t("rules.template_note", language)
    return t(
        "rules.version",
        language,
        version=version.version,
        date=format_day(version.adopted_at.date()),
        lead=version.adopted_by,
        proposer=version.proposed_by,
    )


def build_rules_modal(
    language: Language,
    *,
    team_name: str,
    rules: Rules,
    version: RulesVersion | None,
    metadata: RulesMetadata,
) -> View:
    """The team's rules in full, with the button to propose a change."""
    blocks: list[Block] = [
        SectionBlock(text=t("rules.heading", language, team=team_name[:100])),
        *(SectionBlock(text=paragraph[:3000]) for paragraph in full(rules, language)),
        ContextBlock(elements=[MarkdownTextObject(text=version_line(language, version))]),
        ActionsBlock(
            block_id=ids.Block.RULES_ACTIONS,
            elements=[
                ButtonElement(
                    action_id=ids.Action.RULES_PROPOSE,
                    text=t("rules.button.propose", language),
                    value=str(metadata.team_id),
                    style="primary",
                )
            ],
        ),
    ]
    return View(
        type="modal",
        callback_id=ids.Callback.RULES,
        title=t("rules.title", language),
        close=t("button.close", language),
        private_metadata=metadata.dump(),
        blocks=blocks,
    )


def _checkboxes(
    language: Language,
    *,
    block: ids.Block,
    action: ids.Action,
    label: str,
    prefix: str,
    values: Sequence[str],
    chosen: Sequence[str],
    optional: bool = False,
) -> InputBlock:
    options = choice_options(language, prefix, values)
    initial = [option for option in options if option.value in chosen]
    return InputBlock(
        block_id=block,
        label=t(label, language),
        optional=optional,
        element=CheckboxesElement(
            action_id=action, options=options, initial_options=initial or None
        ),
    )


def _text(
    language: Language, block: ids.Block, action: ids.Action, label: str, value: str
) -> Block:
    return InputBlock(
        block_id=block,
        label=t(label, language),
        optional=True,
        element=PlainTextInputElement(
            action_id=action, multiline=True, max_length=TEXT_LIMIT, initial_value=value or None
        ),
    )


def build_propose_modal(language: Language, *, rules: Rules, metadata: RulesMetadata) -> View:
    """The rules as they are today, to change and propose to the team."""
    recognition = Option(value="yes", text=t("rules.recognition_expected", language))
    blocks: list[Block] = [
        ContextBlock(elements=[MarkdownTextObject(text=t("rules.propose_intro", language))]),
        _checkboxes(
            language,
            block=ids.Block.RULES_FORMS,
            action=ids.Action.RULES_FORMS,
            label="rules.q.forms",
            prefix="rules.form",
            values=list(SparringForm),
            chosen=list(rules.forms),
            optional=True,
        ),
        _text(
            language,
            ids.Block.RULES_FORMS_TEXT,
            ids.Action.RULES_FORMS_TEXT,
            "rules.more",
            rules.forms_text,
        ),
        _text(
            language,
            ids.Block.RULES_TOPICS_TEXT,
            ids.Action.RULES_TOPICS_TEXT,
            "rules.q.topics",
            rules.topics_text,
        ),
        _text(
            language,
            ids.Block.RULES_ASKING_TEXT,
            ids.Action.RULES_ASKING_TEXT,
            "rules.q.asking",
            rules.asking_text,
        ),
        radio_input(
            language,
            block=ids.Block.RULES_RHYTHM,
            action=ids.Action.RULES_RHYTHM,
            label="rules.q.rhythm",
            prefix="rules.rhythm",
            values=list(Rhythm),
            initial=rules.rhythm,
        ),
        _text(
            language,
            ids.Block.RULES_RHYTHM_TEXT,
            ids.Action.RULES_RHYTHM_TEXT,
            "rules.more",
            rules.rhythm_text,
        ),
        _checkboxes(
            language,
            block=ids.Block.RULES_FEEDBACK,
            action=ids.Action.RULES_FEEDBACK,
            label="rules.q.feedback",
            prefix="feedback",
            values=list(FeedbackMode),
            chosen=list(rules.feedback_modes),
        ),
        InputBlock(
            block_id=ids.Block.RULES_RECOGNITION,
            label=t("rules.recognition_label", language),
            optional=True,
            element=CheckboxesElement(
                action_id=ids.Action.RULES_RECOGNITION,
                options=[recognition],
                initial_options=[recognition] if rules.recognition_expected else None,
            ),
        ),
        _text(
            language,
            ids.Block.RULES_FEEDBACK_TEXT,
            ids.Action.RULES_FEEDBACK_TEXT,
            "rules.more",
            rules.feedback_text,
        ),
    ]
    return form_modal(
        language,
        callback=ids.Callback.RULES_PROPOSE,
        title="rules.propose_title",
        submit="rules.propose_submit",
        metadata=metadata.dump(),
        blocks=blocks,
    )


def build_proposal_post(
    language: Language, *, proposal: RulesProposal, before: Rules, version: int | None = None
) -> list[Block]:
    """The proposal in the team channel: what it changes in plain words, who supports it,
    and the buttons while it is open (the lead's two are checked on press)."""
    after = Rules.stored(proposal.rules) or before
    changes = diff(before, after, language) or [t("rules.diff.none", language)]
    blocks: list[Block] = [
        SectionBlock(text=t("rules.proposal", language, proposer=proposal.proposed_by)),
        SectionBlock(text="\n".join(f"• {change}" for change in changes)[:3000]),
    ]
    supporters = (
        t("rules.supporters", language, people=join_people(language, proposal.supporters))
        if proposal.supporters
        else t("rules.no_supporters", language)
    )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=supporters)]))
    if proposal.status == ProposalStatus.OPEN:
        blocks += [
            ContextBlock(elements=[MarkdownTextObject(text=t("rules.comment_hint", language))]),
            ActionsBlock(
                block_id=ids.Block.PROPOSAL_ACTIONS,
                elements=[
                    ButtonElement(
                        action_id=action,
                        text=t(label, language),
                        value=str(proposal.id),
                        style=style,
                    )
                    for action, label, style in (
                        (ids.Action.RULES_SUPPORT, "rules.button.support", None),
                        (ids.Action.RULES_ADOPT, "rules.button.adopt", "primary"),
                        (ids.Action.RULES_DECLINE, "rules.button.decline", "danger"),
                    )
                ],
            ),
        ]
        return blocks
    status = (
        t("rules.adopted", language, lead=proposal.decided_by, version=version or "")
        if proposal.status == ProposalStatus.ADOPTED
        else t("rules.declined", language, lead=proposal.decided_by)
    )
    if proposal.reason:
        status += "\n" + t("rules.reason_line", language, reason=proposal.reason)
    blocks.append(SectionBlock(text=status[:3000]))
    return blocks


def build_reason_modal(language: Language, *, metadata: ProposalMetadata, adopted: bool) -> View:
    """After the decision: an optional reason the team sees in the proposal's thread."""
    return form_modal(
        language,
        callback=ids.Callback.RULES_REASON,
        title="rules.reason_title",
        submit="modal.submit",
        metadata=metadata.dump(),
        blocks=[
            SectionBlock(
                text=t("rules.decided_adopted" if adopted else "rules.decided_declined", language)
            ),
            text_input(
                language,
                block=ids.Block.RULES_REASON,
                action=ids.Action.RULES_REASON,
                label="rules.reason_label",
                optional=True,
                max_length=1000,
            ),
        ],
    )


def history_text(language: Language, versions: Sequence[RulesVersion]) -> str:
    """Every adopted version: number, date, who proposed, who adopted."""
    if not versions:
        return t("rules.history_none", language)
    lines = [t("rules.history_heading", language)]
    lines += [f"• {version_line(language, version)}" for version in versions]
    return "\n".join(lines)
