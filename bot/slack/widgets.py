"""Block Kit pieces every capability uses: option lists, the input fields of every form, context
lines, and the modal frames (form, notice, loading)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

from slack_sdk.models.blocks import (
    Block,
    BlockElement,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.slack import ids
from bot.slack.metadata import Metadata


def choice_options(language: Language, prefix: str, values: Sequence[str]) -> list[Option]:
    return [Option(value=value, text=t(f"{prefix}.{value}", language)) for value in values]


def picked(options: Sequence[Option], values: Collection[str]) -> list[Option] | None:
    """The options whose value is among `values`, or None (Slack wants no empty initial list)."""
    return [option for option in options if option.value in values] or None


class InputOptions(TypedDict, total=False):
    """What an input block carries besides its label and element; None stays out of the JSON."""

    hint: str | None  # the text itself
    optional: bool | None
    dispatch_action: bool | None


def field(
    language: Language,
    block: ids.Block,
    label: str,
    element: BlockElement,
    **options: Unpack[InputOptions],
) -> InputBlock:
    """An input block with its label (a catalogue key) around any element."""
    return InputBlock(block_id=block, label=t(label, language), element=element, **options)


def action_for(block: ids.Block) -> ids.Action:
    """The action id of an input field: ids.py names a field's block and its action alike."""
    return ids.Action[block.name]


def radio_input(
    language: Language,
    block: ids.Block,
    label: str,
    prefix: str,
    values: Sequence[str],
    *,
    initial: str | None = None,
    dispatch: bool = False,
) -> InputBlock:
    """Radio buttons with catalogue labels `<prefix>.<value>`; with `dispatch`, choosing one
    sends a block action at once (so the modal can change around the choice)."""
    options = choice_options(language, prefix, values)
    chosen = picked(options, [initial] if initial else [])
    element = RadioButtonsElement(
        action_id=action_for(block), options=options, initial_option=chosen[0] if chosen else None
    )
    return field(language, block, label, element, dispatch_action=dispatch)


def select_input(
    language: Language,
    block: ids.Block,
    label: str,
    options: Sequence[Option],
    *,
    initial: str | None = None,
    optional: bool | None = None,
    hint: str | None = None,
) -> InputBlock:
    """A single-choice menu, with the option of value `initial` chosen when there is one."""
    chosen = picked(options, [initial] if initial is not None else [])
    element = StaticSelectElement(
        action_id=action_for(block), options=options, initial_option=chosen[0] if chosen else None
    )
    return field(language, block, label, element, hint=hint, optional=optional)


def multi_input(
    language: Language,
    block: ids.Block,
    label: str,
    options: Sequence[Option],
    *,
    chosen: Collection[str] = (),
    checkboxes: bool = False,
    optional: bool | None = None,
) -> InputBlock:
    """Several choices, as checkboxes or a multi-select menu, with `chosen` values ticked."""
    kind = CheckboxesElement if checkboxes else StaticMultiSelectElement
    element = kind(
        action_id=action_for(block), options=options, initial_options=picked(options, chosen)
    )
    return field(language, block, label, element, optional=optional)


def button(
    language: Language,
    action: ids.Action,
    label: str,
    value: str | None = None,
    style: str | None = None,
) -> ButtonElement:
    """A button with a catalogue label; `style` is "primary" or "danger"."""
    return ButtonElement(action_id=action, text=t(label, language), value=value, style=style)


def date_input(
    language: Language,
    block: ids.Block,
    label: str,
    day: str | None = None,
    hint: str = "",
) -> InputBlock:
    """An optional date picker field showing `day` (an ISO date); `hint` is a catalogue key."""
    element = DatePickerElement(action_id=action_for(block), initial_date=day)
    hint_text = t(hint, language) if hint else None
    return field(language, block, label, element, hint=hint_text, optional=True)


def checkbox(
    language: Language, block: ids.Block, label: str, option: Option, *, ticked: bool
) -> InputBlock:
    """One optional checkbox, ticked or not."""
    chosen = [option.value] if ticked else []
    return multi_input(
        language, block, label, [option], chosen=chosen, checkboxes=True, optional=True
    )


def context(text: str, block: ids.Block | None = None) -> ContextBlock:
    """A small grey line of mrkdwn."""
    return ContextBlock(block_id=block, elements=[MarkdownTextObject(text=text)])


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
    return info_modal(language, title="modal.loading_title", blocks=[SectionBlock(text=text)])


def info_modal(
    language: Language,
    *,
    title: str,
    blocks: list[Block],
    callback: ids.Callback = ids.Callback.NOTICE,
    metadata: Metadata | None = None,
) -> View:
    """A modal to read, with only a close button (title is a catalogue key)."""
    return View(
        type="modal",
        callback_id=callback,
        title=t(title, language),
        close=t("button.close", language),
        private_metadata=metadata.dump() if metadata else None,
        blocks=blocks,
    )


def text_input(
    language: Language,
    block: ids.Block,
    label: str,
    *,
    hint: str = "",
    optional: bool | None = False,
    max_length: int = 3000,
    initial: str | None = None,
    multiline: bool = True,
) -> InputBlock:
    """A text field with a label and an optional hint (catalogue keys; the hint may use
    `{limit}`, the field's maximum length)."""
    element = PlainTextInputElement(
        action_id=action_for(block),
        multiline=multiline or None,
        max_length=max_length,
        initial_value=initial,
    )
    hint_text = t(hint, language, limit=max_length) if hint else None
    return field(language, block, label, element, hint=hint_text, optional=optional)


@dataclass(frozen=True)
class ModalForm:
    """A form modal's frame, declared once beside its builder: the callback id and the
    catalogue keys of its title and submit button."""

    callback: ids.Callback
    title: str
    submit: str = "modal.submit"

    def view(self, language: Language, metadata: Metadata | str, blocks: list[Block]) -> View:
        """The modal around these blocks."""
        return form_modal(
            language,
            callback=self.callback,
            title=self.title,
            submit=self.submit,
            metadata=metadata,
            blocks=blocks,
        )


def form_modal(
    language: Language,
    *,
    callback: ids.Callback,
    title: str,
    metadata: Metadata | str,
    blocks: list[Block],
    submit: str = "modal.submit",
) -> View:
    """A modal with a title, a submit button and `private_metadata` (catalogue keys)."""
    return View(
        type="modal",
        callback_id=callback,
        title=t(title, language),
        submit=t(submit, language),
        close=t("modal.close", language),
        private_metadata=metadata if isinstance(metadata, str) else metadata.dump(),
        blocks=blocks,
    )
