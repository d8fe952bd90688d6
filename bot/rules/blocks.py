"""Block Kit builders of the rules: the rules modal, the propose modal, the proposal post in
the team channel, the reason modal, and the history as text."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    InputBlock,
    Option,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.requests.choices import FeedbackMode
from bot.rules.form import ProposalMetadata, RulesMetadata
from bot.rules.model import TEXT_LIMIT, Rhythm, Rules, SparringForm, diff, full
from bot.slack import ids
from bot.slack.mrkdwn import format_day, join_people
from bot.slack.widgets import (
    ModalForm,
    button,
    checkbox,
    choice_options,
    context,
    info_modal,
    multi_input,
    radio_input,
    text_input,
)
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
    team = str(metadata.team_id)
    propose = button(language, ids.Action.RULES_PROPOSE, "rules.button.propose", team, "primary")
    blocks: list[Block] = [
        SectionBlock(text=t("rules.heading", language, team=team_name[:100])),
        *(SectionBlock(text=paragraph[:3000]) for paragraph in full(rules, language)),
        context(version_line(language, version)),
        ActionsBlock(block_id=ids.Block.RULES_ACTIONS, elements=[propose]),
    ]
    return info_modal(
        language, title="rules.title", blocks=blocks, callback=ids.Callback.RULES, metadata=metadata
    )


def _checkboxes(
    language: Language,
    block: ids.Block,
    label: str,
    prefix: str,
    values: Sequence[str],
    chosen: Sequence[str],
    *,
    optional: bool = False,
) -> InputBlock:
    options = choice_options(language, prefix, values)
    return multi_input(
        language, block, label, options, chosen=chosen, checkboxes=True, optional=optional
    )


def _text(language: Language, block: ids.Block, label: str, value: str) -> Block:
    """One of the free-text parts, filled with what the rules say today."""
    return text_input(
        language, block, label, optional=True, max_length=TEXT_LIMIT, initial=value or None
    )


RULES_PROPOSE_FORM = ModalForm(
    ids.Callback.RULES_PROPOSE, "rules.propose_title", "rules.propose_submit"
)


def build_propose_modal(language: Language, *, rules: Rules, metadata: RulesMetadata) -> View:
    """The rules as they are today, to change and propose to the team."""
    recognition = Option(value="yes", text=t("rules.recognition_expected", language))
    blocks: list[Block] = [
        context(t("rules.propose_intro", language)),
        _checkboxes(
            language,
            ids.Block.RULES_FORMS,
            "rules.q.forms",
            "rules.form",
            list(SparringForm),
            list(rules.forms),
            optional=True,
        ),
        _text(language, ids.Block.RULES_FORMS_TEXT, "rules.more", rules.forms_text),
        _text(language, ids.Block.RULES_TOPICS_TEXT, "rules.q.topics", rules.topics_text),
        _text(language, ids.Block.RULES_ASKING_TEXT, "rules.q.asking", rules.asking_text),
        radio_input(
            language,
            ids.Block.RULES_RHYTHM,
            "rules.q.rhythm",
            "rules.rhythm",
            list(Rhythm),
            initial=rules.rhythm,
        ),
        _text(language, ids.Block.RULES_RHYTHM_TEXT, "rules.more", rules.rhythm_text),
        _checkboxes(
            language,
            ids.Block.RULES_FEEDBACK,
            "rules.q.feedback",
            "feedback",
            list(FeedbackMode),
            list(rules.feedback_modes),
        ),
        checkbox(
            language,
            ids.Block.RULES_RECOGNITION,
            "rules.recognition_label",
            recognition,
            ticked=rules.recognition_expected,
        ),
        _text(language, ids.Block.RULES_FEEDBACK_TEXT, "rules.more", rules.feedback_text),
    ]
    return RULES_PROPOSE_FORM.view(language, metadata, blocks)


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
    blocks.append(context(supporters))
    if proposal.status == ProposalStatus.OPEN:
        blocks += [
            context(t("rules.comment_hint", language)),
            ActionsBlock(
                block_id=ids.Block.PROPOSAL_ACTIONS,
                elements=[
                    button(language, action, label, str(proposal.id), style)
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


RULES_REASON_FORM = ModalForm(ids.Callback.RULES_REASON, "rules.reason_title")


def build_reason_modal(language: Language, *, metadata: ProposalMetadata, adopted: bool) -> View:
    """After the decision: an optional reason the team sees in the proposal's thread."""
    decided = t("rules.decided_adopted" if adopted else "rules.decided_declined", language)
    reason = text_input(
        language, ids.Block.RULES_REASON, "rules.reason_label", optional=True, max_length=1000
    )
    return RULES_REASON_FORM.view(language, metadata, [SectionBlock(text=decided), reason])


def history_text(language: Language, versions: Sequence[RulesVersion]) -> str:
    """Every adopted version: number, date, who proposed, who adopted."""
    if not versions:
        return t("rules.history_none", language)
    lines = [t("rules.history_heading", language)]
    lines += [f"• {version_line(language, version)}" for version in versions]
    return "\n".join(lines)
