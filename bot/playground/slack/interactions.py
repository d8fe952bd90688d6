"""Pure helpers that turn "what the user did" into Slack interactivity payload parts."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

# element type -> (state key, initial key, value kind)
STATE_SPEC: dict[str, tuple[str, str | None, str]] = {
    **dict.fromkeys(
        ("plain_text_input", "email_text_input", "url_text_input", "number_input"),
        ("value", "initial_value", "text"),
    ),
    **dict.fromkeys(
        ("static_select", "external_select", "radio_buttons"),
        ("selected_option", "initial_option", "option"),
    ),
    "overflow": ("selected_option", None, "option"),
    **dict.fromkeys(
        ("multi_static_select", "multi_external_select", "checkboxes"),
        ("selected_options", "initial_options", "options"),
    ),
    # users_select, multi_users_select and the same for conversations and channels
    **{
        f"{prefix}{kind}s_select": (f"selected_{kind}{suffix}", f"initial_{kind}{suffix}", value)
        for kind in ("user", "conversation", "channel")
        for prefix, suffix, value in (("", "", "scalar"), ("multi_", "s", "list"))
    },
    "datepicker": ("selected_date", "initial_date", "date"),
    "timepicker": ("selected_time", "initial_time", "scalar"),
    "datetimepicker": ("selected_date_time", "initial_date_time", "scalar"),
    "rich_text_input": ("rich_text_value", "initial_value", "rich"),
    "file_input": ("files", None, "list"),
}
ValuesKey = str | tuple[str, str]


def iter_elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Yield ``(block, element)`` for every interactive element in ``blocks``."""
    for block in blocks:
        kind = block.get("type")
        if kind == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]
        elif kind == "actions":
            for el in block.get("elements") or []:
                if isinstance(el, dict):
                    yield block, el
        elif kind == "section" and isinstance(block.get("accessory"), dict):
            accessory = block["accessory"]
            if accessory.get("type") != "image":
                yield block, accessory


def assign_ids(blocks: list[dict[str, Any]], new_id: Callable[[], str]) -> None:
    """Fill missing ``block_id``/``action_id`` in place, as Slack does when storing blocks."""
    taken = {b.get("block_id") for b in blocks}
    for block in blocks:
        if not block.get("block_id"):
            block_id = new_id()
            while block_id in taken:
                block_id = new_id()
            block["block_id"] = block_id
            taken.add(block_id)
    for _block, el in iter_elements(blocks):
        if not el.get("action_id"):
            el["action_id"] = new_id()


def find_element(
    blocks: list[dict[str, Any]], action_id: str, block_id: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Find the first element with ``action_id`` (optionally inside ``block_id``)."""
    for block, el in iter_elements(blocks):
        if el.get("action_id") == action_id and block_id in (None, block.get("block_id")):
            return block, el
    return None


def _options(element: Mapping[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _pick_option(element: Mapping[str, Any], value: Any) -> dict[str, Any]:
    if element.get("type") in ("external_select", "multi_external_select"):
        return {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
    for opt in _options(element):
        if opt.get("value") == value:
            return copy.deepcopy(opt)
    known = [o.get("value") for o in _options(element)]
    raise AssertionError(
        f"no option with value {value!r} in {element.get('action_id')!r}; options: {known}"
    )


def empty_state(element: Mapping[str, Any]) -> dict[str, Any]:
    """The state Slack reports for an untouched element without initial value."""
    kind = element.get("type", "")
    key, _initial, value_kind = STATE_SPEC.get(kind, ("value", None, "text"))
    return {"type": kind, key: [] if value_kind in ("options", "list") else None}


def initial_state(element: Mapping[str, Any]) -> dict[str, Any]:
    """The state of an element the user did not touch (its ``initial_*`` value, if any)."""
    state = empty_state(element)
    kind = element.get("type", "")
    if kind in STATE_SPEC:
        key, initial_key, _value_kind = STATE_SPEC[kind]
        if initial_key and element.get(initial_key) is not None:
            state[key] = copy.deepcopy(element[initial_key])
    return state


def state_for(element: Mapping[str, Any], value: Any) -> dict[str, Any]:
    """Build the state entry for ``element`` after the user entered ``value``."""
    kind = element.get("type", "")
    if kind not in STATE_SPEC:
        raise AssertionError(f"element type {kind!r} ({element.get('action_id')!r}) has no state")
    key, _initial, value_kind = STATE_SPEC[kind]
    state: dict[str, Any] = {"type": kind}
    if value is None:
        return empty_state(element)
    if value_kind == "text":
        state[key] = str(value)
    elif value_kind == "option":
        state[key] = _pick_option(element, value)
    elif value_kind == "options":
        items = [value] if isinstance(value, str) else list(value)
        state[key] = [_pick_option(element, v) for v in items]
    elif value_kind == "list":
        state[key] = [value] if isinstance(value, str) else list(value)
    elif value_kind == "date":
        state[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
    elif value_kind == "rich" and isinstance(value, str):
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": value}]}
        state[key] = {"type": "rich_text", "elements": [section]}
    else:
        state[key] = value
    return state


def _is_empty(state: Mapping[str, Any]) -> bool:
    return all(v in (None, [], "") for k, v in state.items() if k != "type")


def _client_check(
    block: Mapping[str, Any], el: Mapping[str, Any], state: Mapping[str, Any]
) -> None:
    """Raise if the Slack client itself would refuse to submit this input."""
    label = block.get("label", {}).get("text", block.get("block_id"))
    if _is_empty(state):
        if not block.get("optional"):
            raise AssertionError(f"required input {label!r} is empty; Slack would not submit")
        return
    value = state.get("value")
    if el.get("type") == "plain_text_input" and isinstance(value, str):
        if el.get("max_length") is not None and len(value) > el["max_length"]:
            raise AssertionError(f"input {label!r} longer than max_length {el['max_length']}")
        if el.get("min_length") is not None and len(value) < el["min_length"]:
            raise AssertionError(f"input {label!r} shorter than min_length {el['min_length']}")


def build_state(
    blocks: list[dict[str, Any]],
    values: Mapping[ValuesKey, Any],
    *,
    use_initial: bool = True,
    client_checks: bool = False,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Build ``view.state.values`` for ``blocks``.

    ``values`` maps an ``action_id`` (or a ``(block_id, action_id)`` tuple when action ids
    repeat across blocks) to what the user entered. Every input block gets a state entry;
    elements in actions/section blocks only when mentioned.
    """
    matches: dict[ValuesKey, int] = dict.fromkeys(values, 0)
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for block, el in iter_elements(blocks):
        block_id, action_id = block.get("block_id", ""), el.get("action_id", "")
        keys = [k for k in ((block_id, action_id), action_id) if k in values]
        if keys:
            for k in keys:
                matches[k] += 1
            state = state_for(el, values[keys[0]])
        elif block.get("type") == "input":
            state = initial_state(el) if use_initial else empty_state(el)
        else:
            continue
        if client_checks and block.get("type") == "input":
            _client_check(block, el, state)
        result.setdefault(block_id, {})[action_id] = state
    known = sorted({el.get("action_id", "") for _b, el in iter_elements(blocks)})
    for key, count in matches.items():
        if count == 0:
            raise AssertionError(f"no element {key!r} in the blocks; known action_ids: {known}")
        if count > 1:
            raise AssertionError(f"action_id {key!r} is ambiguous; use (block_id, action_id)")
    return result


def action_payload(
    block: Mapping[str, Any], element: Mapping[str, Any], value: Any, action_ts: str
) -> dict[str, Any]:
    """One entry of ``actions`` in a ``block_actions`` payload."""
    kind = element.get("type", "")
    action: dict[str, Any] = {
        "type": kind,
        "action_id": element.get("action_id"),
        "block_id": block.get("block_id"),
        "action_ts": action_ts,
    }
    if kind in ("button", "workflow_button"):
        action["text"] = copy.deepcopy(element.get("text"))
        chosen = value if value is not None else element.get("value")
        if chosen is not None:
            action["value"] = chosen
        if element.get("style"):
            action["style"] = element["style"]
    elif kind in STATE_SPEC:
        action.update(state_for(element, value) if value is not None else initial_state(element))
    return action
