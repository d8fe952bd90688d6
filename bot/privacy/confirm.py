"""The identifier warning's confirm step: the same modal again, every typed value kept, with the
warning and a checkbox *Jeg har tjekket teksten — send alligevel*.

Pure (no I/O): built from the submitted view and its state. Only a submission with the box
ticked goes through; a double click submits the same state twice, without the tick, so it
never confirms.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from bot.core.i18n import Language, t
from bot.privacy.identifiers import Identifier, find_identifiers
from bot.slack.ids import Action, Block

# The view keys a `response_action: update` may carry.
_VIEW_KEYS = ("type", "callback_id", "title", "submit", "close", "private_metadata")
_KIND_ORDER = (Identifier.NAME, Identifier.PHONE, Identifier.EMAIL, Identifier.ADDRESS)


def identifiers_in(texts: list[str | None]) -> set[Identifier]:
    """The kinds of identifier in any of the texts."""
    found: set[Identifier] = set()
    for text in texts:
        if text:
            found |= find_identifiers(text)
    return found


@dataclass(frozen=True)
class ConfirmStep:
    """Where a submitted text stands: the warning modal to answer with, or whether the person
    confirmed text that looked like it named someone (recorded as metadata only)."""

    warning: dict[str, Any] | None = None
    confirmed: bool = False


def confirm_step(
    view: dict[str, Any],
    state: dict[str, dict[str, dict[str, Any]]],
    texts: list[str | None],
    *,
    language: Language,
) -> ConfirmStep:
    """The confirm step for any modal's free text: a warning until *send anyway* is ticked."""
    kinds = identifiers_in(texts)
    if not kinds:
        return ConfirmStep()
    if not checked(state):
        return ConfirmStep(warning=warning_view(view, state, kinds=kinds, language=language))
    return ConfirmStep(confirmed=True)


def checked(state: dict[str, dict[str, dict[str, Any]]]) -> bool:
    """Whether the person ticked *send anyway*."""
    element = state.get(Block.IDENTIFIERS_CHECKED, {}).get(Action.IDENTIFIERS_CHECKED, {})
    return bool(element.get("selected_options"))


def warning_view(
    view: dict[str, Any],
    state: dict[str, dict[str, dict[str, Any]]],
    *,
    kinds: set[Identifier],
    language: Language,
) -> dict[str, Any]:
    """The submitted modal with what was typed filled in, and the warning with its checkbox."""
    blocks = [
        _with_value(block, state)
        for block in view.get("blocks", [])
        if block.get("block_id") not in (Block.IDENTIFIER_WARNING, Block.IDENTIFIERS_CHECKED)
    ]
    named = ", ".join(
        t(f"identifiers.kind.{kind}", language) for kind in _KIND_ORDER if kind in kinds
    )
    label = t("identifiers.confirm_label", language)
    blocks += [
        {
            "type": "section",
            "block_id": Block.IDENTIFIER_WARNING,
            "text": {"type": "mrkdwn", "text": t("identifiers.warning", language, kinds=named)},
        },
        {
            "type": "input",
            "block_id": Block.IDENTIFIERS_CHECKED,
            "optional": True,
            "label": {"type": "plain_text", "text": label},
            "element": {
                "type": "checkboxes",
                "action_id": Action.IDENTIFIERS_CHECKED,
                "options": [{"text": {"type": "plain_text", "text": label}, "value": "checked"}],
            },
        },
    ]
    updated = {key: copy.deepcopy(view[key]) for key in _VIEW_KEYS if key in view}
    updated["blocks"] = blocks
    return updated


def _with_value(
    block: dict[str, Any], state: dict[str, dict[str, dict[str, Any]]]
) -> dict[str, Any]:
    """An input block with its submitted value as the initial one (Slack would otherwise show
    the initial values the modal was opened with)."""
    block = copy.deepcopy(block)
    element = block.get("element")
    if block.get("type") != "input" or not isinstance(element, dict):
        return block
    value = state.get(block.get("block_id", ""), {}).get(element.get("action_id", ""), {})
    for key in (
        "initial_value",
        "initial_option",
        "initial_options",
        "initial_date",
        "initial_user",
    ):
        element.pop(key, None)
    kind = element.get("type")
    if kind == "plain_text_input" and value.get("value"):
        element["initial_value"] = value["value"]
    elif kind in ("static_select", "radio_buttons") and value.get("selected_option"):
        element["initial_option"] = value["selected_option"]
    elif kind in ("checkboxes", "multi_static_select") and value.get("selected_options"):
        element["initial_options"] = value["selected_options"]
    elif kind == "datepicker" and value.get("selected_date"):
        element["initial_date"] = value["selected_date"]
    elif kind == "users_select" and value.get("selected_user"):
        element["initial_user"] = value["selected_user"]
    return block
