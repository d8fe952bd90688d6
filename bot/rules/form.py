"""The rules modals' metadata and reading a proposal from the propose modal."""

from __future__ import annotations

from pydantic import ValidationError

from bot.core.i18n import t
from bot.requests.choices import FeedbackMode
from bot.rules.model import Rhythm, Rules, SparringForm
from bot.slack.ids import Action, Block
from bot.slack.metadata import Metadata
from bot.slack.payload import State
from bot.slack.state import FormErrors, selected_value, selected_values, text_value


class RulesMetadata(Metadata):
    """The team the rules modals are about."""

    team_id: int


class ProposalMetadata(Metadata):
    """The proposal a reason belongs to."""

    proposal_id: int


_TEXTS: tuple[tuple[str, Block, Action], ...] = (
    ("forms_text", Block.RULES_FORMS_TEXT, Action.RULES_FORMS_TEXT),
    ("topics_text", Block.RULES_TOPICS_TEXT, Action.RULES_TOPICS_TEXT),
    ("asking_text", Block.RULES_ASKING_TEXT, Action.RULES_ASKING_TEXT),
    ("rhythm_text", Block.RULES_RHYTHM_TEXT, Action.RULES_RHYTHM_TEXT),
    ("feedback_text", Block.RULES_FEEDBACK_TEXT, Action.RULES_FEEDBACK_TEXT),
)


def parse_proposal(state: State, metadata: RulesMetadata) -> Rules:
    """The proposed rules, or FormErrors (a CPR number, no feedback mode) for the modal."""
    language = metadata.language
    raw = {
        "forms": [
            v
            for v in selected_values(state, Block.RULES_FORMS, Action.RULES_FORMS)
            if v in set(SparringForm)
        ],
        "rhythm": selected_value(state, Block.RULES_RHYTHM, Action.RULES_RHYTHM) or Rhythm.BOTH,
        "feedback_modes": [
            v
            for v in selected_values(state, Block.RULES_FEEDBACK, Action.RULES_FEEDBACK)
            if v in set(FeedbackMode)
        ],
        "recognition_expected": bool(
            selected_values(state, Block.RULES_RECOGNITION, Action.RULES_RECOGNITION)
        ),
    }
    errors: dict[str, str] = {}
    for field, block, action in _TEXTS:
        raw[field] = text_value(state, block, action) or ""
    if not raw["feedback_modes"]:
        errors[Block.RULES_FEEDBACK] = t("rules.error.no_mode", language)
    try:
        rules = Rules.model_validate(raw)
    except ValidationError as error:
        blocks = {field: block for field, block, _action in _TEXTS}
        for problem in error.errors(include_input=False, include_url=False):
            field = str(problem["loc"][0]) if problem["loc"] else ""
            if field in blocks:
                key = "error.cpr" if problem["type"] == "value_error" else "rules.error.text"
                errors.setdefault(blocks[field], t(key, language))
            elif field == "rhythm":
                errors.setdefault(Block.RULES_RHYTHM, t("error.choice_missing", language))
        if not errors:
            errors[Block.RULES_FEEDBACK] = t("rules.error.no_mode", language)
        raise FormErrors(errors) from None
    if errors:
        raise FormErrors(errors)
    return rules
