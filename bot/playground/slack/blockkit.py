"""Small Block Kit validator mirroring the limits Slack enforces server side.

Every check returns a list of problems formatted like Slack's own
``response_metadata.messages``: ``"[ERROR] <reason> [json-pointer:<path>]"``.
An empty list means the payload is acceptable.
"""

from __future__ import annotations

import re
from typing import Any

BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "table",
        "video",
    }
)
INPUT_ELEMENTS = frozenset(
    {
        "channels_select",
        "checkboxes",
        "conversations_select",
        "datepicker",
        "datetimepicker",
        "email_text_input",
        "external_select",
        "file_input",
        "multi_channels_select",
        "multi_conversations_select",
        "multi_external_select",
        "multi_static_select",
        "multi_users_select",
        "number_input",
        "plain_text_input",
        "radio_buttons",
        "rich_text_input",
        "static_select",
        "timepicker",
        "url_text_input",
        "users_select",
    }
)
ELEMENTS = INPUT_ELEMENTS | {"button", "image", "overflow", "workflow_button"}
_OPTION_LIMITS = {
    "static_select": 100,
    "multi_static_select": 100,
    "overflow": 5,
    "radio_buttons": 10,
    "checkboxes": 10,
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _err(problems: list[str], path: str, reason: str) -> None:
    problems.append(f"[ERROR] {reason} [json-pointer:{path}]")


def _check_str(problems: list[str], value: Any, path: str, max_len: int) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        _err(problems, path, "must be a string")
    elif len(value) > max_len:
        _err(problems, path, f"must be at most {max_len} characters (got {len(value)})")


def _check_text(
    problems: list[str],
    obj: Any,
    path: str,
    max_len: int,
    *,
    plain_only: bool = False,
    required: bool = True,
) -> None:
    """Validate a composition text object."""
    if obj is None:
        if required:
            _err(problems, path, "must provide a text object")
        return
    if not isinstance(obj, dict):
        _err(problems, path, "must be a text object")
        return
    kind = obj.get("type")
    if kind not in ("plain_text", "mrkdwn"):
        _err(problems, f"{path}/type", f"unknown text type {kind!r}")
    elif plain_only and kind != "plain_text":
        _err(problems, f"{path}/type", "must be plain_text")
    text = obj.get("text")
    if not isinstance(text, str):
        _err(problems, f"{path}/text", "must be a string")
    elif not text:
        _err(problems, f"{path}/text", "must be at least 1 character")
    else:
        _check_str(problems, text, f"{path}/text", max_len)


def _check_option(problems: list[str], opt: Any, path: str, *, plain_only: bool) -> None:
    if not isinstance(opt, dict):
        _err(problems, path, "must be an option object")
        return
    _check_text(problems, opt.get("text"), f"{path}/text", 75, plain_only=plain_only)
    value = opt.get("value")
    if value is not None:
        _check_str(problems, value, f"{path}/value", 150)
    _check_text(problems, opt.get("description"), f"{path}/description", 75, required=False)


def _all_options(element: dict[str, Any]) -> list[Any]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        if isinstance(group, dict):
            options.extend(group.get("options") or [])
    return options


def _check_options(problems: list[str], el: dict[str, Any], path: str, kind: str) -> None:
    plain_only = kind not in ("radio_buttons", "checkboxes")
    options = el.get("options")
    groups = el.get("option_groups")
    limit = _OPTION_LIMITS.get(kind)
    if options is not None:
        if not isinstance(options, list):
            _err(problems, f"{path}/options", "must be an array")
            return
        if limit is not None and len(options) > limit:
            _err(problems, f"{path}/options", f"must have at most {limit} items")
        for i, opt in enumerate(options):
            _check_option(problems, opt, f"{path}/options/{i}", plain_only=plain_only)
    if isinstance(groups, list):
        for g, group in enumerate(groups):
            gpath = f"{path}/option_groups/{g}"
            if not isinstance(group, dict):
                _err(problems, gpath, "must be an option group")
                continue
            _check_text(problems, group.get("label"), f"{gpath}/label", 75, plain_only=True)
            for i, opt in enumerate(group.get("options") or []):
                _check_option(problems, opt, f"{gpath}/options/{i}", plain_only=True)
    if kind in ("static_select", "multi_static_select", "overflow", "radio_buttons", "checkboxes"):
        if options is None and groups is None:
            _err(problems, path, "must provide options")
        values = {o.get("value") for o in _all_options(el) if isinstance(o, dict)}
        initial = [el["initial_option"]] if isinstance(el.get("initial_option"), dict) else []
        initial += [o for o in el.get("initial_options") or [] if isinstance(o, dict)]
        for opt in initial:
            if opt.get("value") not in values:
                _err(problems, f"{path}/initial_option", "must match one of the provided options")


def _check_element(problems: list[str], el: Any, path: str, *, in_input: bool = False) -> None:
    """Validate one interactive or context element."""
    if not isinstance(el, dict):
        _err(problems, path, "must be an element object")
        return
    kind = el.get("type")
    allowed = INPUT_ELEMENTS if in_input else ELEMENTS
    if kind not in allowed:
        _err(problems, f"{path}/type", f"unsupported element type {kind!r}")
        return
    _check_str(problems, el.get("action_id"), f"{path}/action_id", 255)
    _check_text(
        problems, el.get("placeholder"), f"{path}/placeholder", 150, plain_only=True, required=False
    )
    if kind == "button":
        _check_text(problems, el.get("text"), f"{path}/text", 75, plain_only=True)
        _check_str(problems, el.get("value"), f"{path}/value", 2000)
        _check_str(problems, el.get("url"), f"{path}/url", 3000)
        if el.get("style") not in (None, "primary", "danger"):
            _err(problems, f"{path}/style", "must be primary or danger")
    elif kind in _OPTION_LIMITS or kind == "external_select":
        _check_options(problems, el, path, kind)
    elif kind == "plain_text_input":
        max_length = el.get("max_length")
        min_length = el.get("min_length")
        for key, val in (("max_length", max_length), ("min_length", min_length)):
            if val is not None and (not isinstance(val, int) or not 0 <= val <= 3000):
                _err(problems, f"{path}/{key}", "must be an integer between 0 and 3000")
        if isinstance(max_length, int) and max_length < 1:
            _err(problems, f"{path}/max_length", "must be at least 1")
        if isinstance(max_length, int) and isinstance(min_length, int) and min_length > max_length:
            _err(problems, f"{path}/min_length", "must not exceed max_length")
        initial = el.get("initial_value")
        _check_str(problems, initial, f"{path}/initial_value", max_length or 3000)
    elif kind == "datepicker":
        initial = el.get("initial_date")
        if initial is not None and not (isinstance(initial, str) and _DATE_RE.match(initial)):
            _err(problems, f"{path}/initial_date", "must be formatted YYYY-MM-DD")
    elif kind == "image":
        _check_str(problems, el.get("alt_text"), f"{path}/alt_text", 2000)
        if not el.get("image_url") and not el.get("slack_file"):
            _err(problems, path, "must provide image_url or slack_file")


def _check_image_source(problems: list[str], image: dict[str, Any], path: str) -> None:
    """An image needs exactly one source: an `image_url`, or a `slack_file` naming an
    uploaded file by `id` or by `url`."""
    url, slack_file = image.get("image_url"), image.get("slack_file")
    if (url is None) == (slack_file is None):
        _err(problems, path, "must provide exactly one of image_url or slack_file")
    elif slack_file is not None and not (
        isinstance(slack_file, dict)
        and len(slack_file) == 1
        and isinstance(slack_file.get("id") or slack_file.get("url"), str)
    ):
        _err(problems, f"{path}/slack_file", "must be an object with either id or url")


def slack_file_ids(blocks: Any) -> list[str]:
    """The file ids that image blocks and elements refer to (`slack_file: {"id": ...}`)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            file = value.get("slack_file") if value.get("type") == "image" else None
            if isinstance(file, dict) and isinstance(file.get("id"), str):
                found.append(file["id"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(blocks)
    return found


def _check_block(problems: list[str], block: Any, path: str) -> None:
    if not isinstance(block, dict):
        _err(problems, path, "must be a block object")
        return
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        _err(problems, f"{path}/type", f"unknown block type {kind!r}")
        return
    _check_str(problems, block.get("block_id"), f"{path}/block_id", 255)
    if kind == "section":
        fields = block.get("fields")
        if block.get("text") is None and not fields:
            _err(problems, path, "must provide text or fields")
        _check_text(problems, block.get("text"), f"{path}/text", 3000, required=False)
        if fields is not None:
            if not isinstance(fields, list) or len(fields) > 10:
                _err(problems, f"{path}/fields", "must be an array of at most 10 items")
            else:
                for i, field in enumerate(fields):
                    _check_text(problems, field, f"{path}/fields/{i}", 2000)
        if block.get("accessory") is not None:
            _check_element(problems, block["accessory"], f"{path}/accessory")
    elif kind == "header":
        _check_text(problems, block.get("text"), f"{path}/text", 150, plain_only=True)
    elif kind == "actions":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
            _err(problems, f"{path}/elements", "must be an array of 1 to 25 elements")
            return
        seen: set[str] = set()
        for i, el in enumerate(elements):
            _check_element(problems, el, f"{path}/elements/{i}")
            action_id = el.get("action_id") if isinstance(el, dict) else None
            if action_id is not None and action_id in seen:
                _err(
                    problems, f"{path}/elements/{i}/action_id", f"duplicate action_id {action_id!r}"
                )
            if isinstance(action_id, str):
                seen.add(action_id)
    elif kind == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
            _err(problems, f"{path}/elements", "must be an array of 1 to 10 elements")
            return
        for i, el in enumerate(elements):
            epath = f"{path}/elements/{i}"
            if isinstance(el, dict) and el.get("type") in ("plain_text", "mrkdwn"):
                _check_text(problems, el, epath, 3000)
            else:
                _check_element(problems, el, epath)
    elif kind == "input":
        _check_text(problems, block.get("label"), f"{path}/label", 2000, plain_only=True)
        _check_text(
            problems, block.get("hint"), f"{path}/hint", 2000, plain_only=True, required=False
        )
        if block.get("element") is None:
            _err(problems, f"{path}/element", "must provide an element")
        else:
            _check_element(problems, block["element"], f"{path}/element", in_input=True)
    elif kind == "image":
        _check_str(problems, block.get("alt_text"), f"{path}/alt_text", 2000)
        _check_text(
            problems, block.get("title"), f"{path}/title", 2000, plain_only=True, required=False
        )
        _check_image_source(problems, block, path)
    elif kind == "markdown":
        _check_str(problems, block.get("text"), f"{path}/text", 12000)


def blocks_problems(blocks: Any, *, max_blocks: int, path: str = "/blocks") -> list[str]:
    """Check a list of blocks (limits shared by messages and views)."""
    problems: list[str] = []
    if not isinstance(blocks, list):
        _err(problems, path, "must be an array")
        return problems
    if len(blocks) > max_blocks:
        _err(problems, path, f"must have at most {max_blocks} blocks (got {len(blocks)})")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        _check_block(problems, block, f"{path}/{i}")
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if isinstance(block_id, str):
            if block_id in seen:
                _err(problems, f"{path}/{i}/block_id", f"duplicate block_id {block_id!r}")
            seen.add(block_id)
    return problems


def message_problems(text: Any, blocks: Any) -> list[str]:
    """Check the text and blocks of a chat message."""
    problems: list[str] = []
    _check_str(problems, text, "/text", 40000)
    if blocks is not None:
        problems += blocks_problems(blocks, max_blocks=50)
    return problems


def view_problems(view: Any) -> list[str]:
    """Check a modal or home tab view object."""
    problems: list[str] = []
    if not isinstance(view, dict):
        _err(problems, "/view", "must be a view object")
        return problems
    kind = view.get("type")
    if kind not in ("modal", "home"):
        _err(problems, "/view/type", "must be modal or home")
    if kind == "modal" or view.get("title") is not None:
        _check_text(problems, view.get("title"), "/view/title", 24, plain_only=True)
    for key in ("submit", "close"):
        _check_text(problems, view.get(key), f"/view/{key}", 24, plain_only=True, required=False)
    _check_str(problems, view.get("private_metadata"), "/view/private_metadata", 3000)
    _check_str(problems, view.get("callback_id"), "/view/callback_id", 255)
    _check_str(problems, view.get("external_id"), "/view/external_id", 255)
    blocks = view.get("blocks")
    problems += blocks_problems(blocks, max_blocks=100, path="/view/blocks")
    has_input = isinstance(blocks, list) and any(
        isinstance(b, dict) and b.get("type") == "input" for b in blocks
    )
    if kind == "modal" and has_input and view.get("submit") is None:
        _err(problems, "/view/submit", "must provide submit when the modal has input blocks")
    return problems
