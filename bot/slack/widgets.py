"""Block Kit pieces every capability uses: option lists, radio inputs, the modal frame."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.slack import ids


def choice_options(language: Language, prefix: str, values: Sequence[str]) -> list[Option]:
    return [Option(value=value, text=t(f"{prefix}.{value}", language)) for value in values]


def radio_input(
    language: Language,
    *,
    block: ids.Block,
    action: ids.Action,
    label: str,
    prefix: str,
    values: Sequence[str],
    initial: str | None = None,
    dispatch: bool = False,
) -> InputBlock:
    """Radio buttons with catalogue labels `<prefix>.<value>`; with `dispatch`, choosing one
    sends a block action at once (so the modal can change around the choice)."""
    options = choice_options(language, prefix, values)
    initial_option = next((o for o in options if o.value == initial), None)
    return InputBlock(
        block_id=block,
        label=t(label, language),
        dispatch_action=dispatch,
        element=RadioButtonsElement(
            action_id=action, options=options, initial_option=initial_option
        ),
    )


def build_loading_modal(language: Language) -> View:
    """The small modal opened at once, inside the 3-second trigger window."""
    return View(
        type="modal",
        callback_id=ids.Callback.LOADING,
        title=t("modal.loading_title", language),
        close=t("modal.close", language),
        blocks=[SectionBlock(text=t("modal.loading", language))],
    )


def build_notice_modal(language: Language, text: str) -> View:
    """A modal that only tells something (it replaces the loading modal)."""
    return View(
        type="modal",
        callback_id=ids.Callback.NOTICE,
        title=t("modal.loading_title", language),
        close=t("button.close", language),
        blocks=[SectionBlock(text=text)],
    )


def text_input(
    language: Language,
    *,
    block: ids.Block,
    action: ids.Action,
    label: str,
    hint: str | None = None,
    optional: bool = False,
    max_length: int = 3000,
) -> InputBlock:
    """A multiline text field with a label and an optional hint (catalogue keys)."""
    return InputBlock(
        block_id=block,
        label=t(label, language),
        hint=t(hint, language) if hint else None,
        optional=optional,
        element=PlainTextInputElement(action_id=action, multiline=True, max_length=max_length),
    )


def form_modal(
    language: Language,
    *,
    callback: ids.Callback,
    title: str,
    submit: str,
    metadata: str,
    blocks: list[Block],
) -> View:
    """A modal with a title, a submit button and `private_metadata` (catalogue keys)."""
    return View(
        type="modal",
        callback_id=callback,
        title=t(title, language),
        submit=t(submit, language),
        close=t("modal.close", language),
        private_metadata=metadata,
        blocks=blocks,
    )
