"""What a user's action makes Slack send to the app, and what the app's ack does to the views.

These builders are the one source of Socket Mode payloads: :class:`~bot.playground.slack.server.
FakeSlack` sends them over the websocket, the in-process harness (``tests/inprocess.py``)
dispatches them straight into Bolt. Each builder registers what real Slack would register at
that moment (a fresh trigger_id, a response_url, the submitted view state), so the fake's
state is the same whichever way the payload travels. No I/O or locking: the caller holds the
fake's lock.
"""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Mapping
from typing import Any

from . import blockkit
from .interactions import ValuesKey, action_payload, build_state, find_element
from .models import ResponseTarget
from .workspace import Workspace

VERIFICATION_TOKEN = "fake-verification-token"  # noqa: S105 - the simulator's own, not a secret


def user_ref(ws: Workspace, user_id: str) -> dict[str, Any]:
    """The ``user`` object of an interactivity payload."""
    name = ws.users.get(user_id, {}).get("name", user_id)
    return {"id": user_id, "username": name, "name": name, "team_id": ws.team_id}


def team_ref(ws: Workspace) -> dict[str, Any]:
    """The ``team`` object of an interactivity payload."""
    return {"id": ws.team_id, "domain": "fake-team"}


def stored_view(ws: Workspace, view_id: str) -> dict[str, Any]:
    """A copy of a stored view, or an AssertionError naming the unknown id."""
    if view_id not in ws.views:
        raise AssertionError(f"unknown view {view_id}")
    return copy.deepcopy(ws.views[view_id])


def slash_command_payload(
    ws: Workspace,
    user_id: str,
    text: str,
    *,
    channel_id: str = "D0USER",
    command: str = "/sparring",
) -> dict[str, Any]:
    """A ``slash_commands`` payload with a fresh trigger_id and response_url."""
    trigger_id = ws.new_trigger(user_id)
    response_url = ws.new_response_url(ResponseTarget(channel_id, user_id))
    ch = ws.channels.get(channel_id)
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        "team_domain": "fake-team",
        "channel_id": channel_id,
        "channel_name": ch.name if ch and not ch.is_im else "directmessage",
        "user_id": user_id,
        "user_name": user_ref(ws, user_id)["name"],
        "command": command,
        "text": text,
        "api_app_id": ws.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def view_submission_payload(
    ws: Workspace,
    user_id: str,
    view_id: str,
    values: Mapping[ValuesKey, Any],
    *,
    use_initial: bool = True,
    client_checks: bool = False,
) -> dict[str, Any]:
    """A ``view_submission`` of the CURRENT version of a modal; stores the submitted state."""
    view = stored_view(ws, view_id)
    state = build_state(
        view["blocks"], values, use_initial=use_initial, client_checks=client_checks
    )
    view["state"] = {"values": state}
    ws.views[view_id]["state"] = copy.deepcopy(view["state"])
    return {
        "type": "view_submission",
        "team": team_ref(ws),
        "user": user_ref(ws, user_id),
        "api_app_id": ws.app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": ws.new_trigger(user_id),
        "view": view,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def apply_view_ack(ws: Workspace, user_id: str, view: dict[str, Any], ack: dict[str, Any]) -> None:
    """Apply a view_submission ack (update/push/clear/errors or plain close) to the views."""
    stack = ws.view_stacks.setdefault(user_id, [])
    action = ack.get("response_action")
    if action in ("update", "push"):
        new_view = ack.get("view")
        problems = blockkit.view_problems(new_view)
        if problems:
            raise AssertionError(f"response_action={action} with invalid view: {problems}")
        assert isinstance(new_view, dict)
        if action == "update":
            ws.store_view(
                copy.deepcopy(new_view),
                view_id=view["id"],
                previous=view["previous_view_id"],
                root=view["root_view_id"],
            )
        elif len(stack) >= 3:
            raise AssertionError("response_action=push but 3 modals are already stacked")
        else:
            pushed = ws.store_view(
                copy.deepcopy(new_view), previous=view["id"], root=view["root_view_id"]
            )
            stack.append(pushed["id"])
    elif action == "errors":
        errors = ack.get("errors") or {}
        input_ids = {b.get("block_id") for b in view["blocks"] if b.get("type") == "input"}
        unknown = sorted(set(errors) - input_ids)
        if unknown:
            raise AssertionError(
                f"response_action=errors names unknown input block_ids {unknown}; "
                f"input blocks are {sorted(input_ids)}"
            )
    elif action == "clear":
        stack.clear()
    elif view["id"] in stack:
        stack.remove(view["id"])


def block_action_payload(
    ws: Workspace,
    user_id: str,
    action_id: str,
    *,
    value: Any = None,
    message: dict[str, Any] | None = None,
    channel_id: str | None = None,
    view_id: str | None = None,
    block_id: str | None = None,
    values: Mapping[ValuesKey, Any] | None = None,
) -> dict[str, Any]:
    """A ``block_actions`` payload for ``user_id`` using element ``action_id``.

    ``values``: what the user has entered in the view's other inputs so far (as for
    :func:`view_submission_payload`), carried in ``state`` like Slack does.

    The element is looked up in the view (``view_id``) or the stored message (``message``);
    with only ``channel_id`` it is a click on a message the fake does not know.
    """
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": user_ref(ws, user_id),
        "api_app_id": ws.app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": ws.new_trigger(user_id),
        "team": team_ref(ws),
        "enterprise": None,
        "is_enterprise_install": False,
    }
    blocks: list[dict[str, Any]] = []
    view: dict[str, Any] | None = None
    if view_id is not None:
        view = stored_view(ws, view_id)
        blocks = view["blocks"]
        payload["container"] = {"type": "view", "view_id": view_id}
    elif message is not None:
        channel_id = message["channel"]
        key = (message["channel"], message["ts"])
        ephemeral = next((e for e in ws.ephemerals if (e["channel"], e["ts"]) == key), None)
        is_ephemeral = key not in ws.messages and ephemeral is not None
        message = copy.deepcopy(ws.messages.get(key) or ephemeral or message)
        blocks = message.get("blocks") or []
        payload["container"] = {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel_id,
            "is_ephemeral": is_ephemeral,
        }
    elif channel_id is not None:
        # a click on a message the fake does not know (e.g. built by hand): treat it
        # like an ephemeral message, which is the only kind Slack does not store
        payload["container"] = {
            "type": "message",
            "message_ts": ws.next_ts(),
            "channel_id": channel_id,
            "is_ephemeral": True,
        }
    found = find_element(blocks, action_id, block_id)
    if found is None and (view is not None or message is not None):
        raise AssertionError(f"no element with action_id {action_id!r} in the blocks")
    block, element = found or (
        {"block_id": block_id or ""},
        {"type": "button", "action_id": action_id, "text": None},
    )
    payload["actions"] = [action_payload(block, element, value, f"{time.time():.6f}")]
    stateful: dict[ValuesKey, Any] = dict(values or {})
    if value is not None and element.get("type") != "button":
        stateful[(block.get("block_id", ""), action_id)] = value
    state = {"values": build_state(blocks, stateful)}
    payload["state"] = state
    if view is not None:
        view["state"] = state
        payload["view"] = view
        return payload
    if channel_id is not None:
        ch = ws.channels.get(channel_id)
        payload["channel"] = {"id": channel_id, "name": ch.name if ch else channel_id}
        container = payload["container"]
        target = ResponseTarget(
            channel_id, user_id, container["message_ts"], container["is_ephemeral"]
        )
        payload["response_url"] = ws.new_response_url(target)
    if message is not None and not payload["container"]["is_ephemeral"]:
        payload["message"] = {k: v for k, v in message.items() if k != "channel"}
    return payload


def event_payload(ws: Workspace, event: dict[str, Any], *, event_id: str) -> dict[str, Any]:
    """An ``events_api`` payload (``event_callback``) wrapping ``event``."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": ws.team_id,
        "api_app_id": ws.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.team_id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def user_message_event(
    ws: Workspace, user_id: str, channel_id: str, text: str, *, thread_ts: str | None = None
) -> dict[str, Any]:
    """Store a human message and return the ``message`` event Slack would deliver for it."""
    ch = ws.channels.get(channel_id)
    if ch is not None:
        channel_type = ch.kind
    elif channel_id.startswith("D"):
        channel_type = "im"
    elif channel_id.startswith("G"):
        channel_type = "mpim"
    else:
        channel_type = "channel"
    msg = ws.store_message(channel_id, user=user_id, text=text, thread_ts=thread_ts)
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    event: dict[str, Any] = {
        "type": "message",
        "channel": channel_id,
        "user": user_id,
        "text": text,
        "ts": msg["ts"],
        "event_ts": msg["ts"],
        "channel_type": channel_type,
        "team": ws.team_id,
        "client_msg_id": str(uuid.uuid4()),
        "blocks": [{"type": "rich_text", "block_id": msg["ts"][-5:], "elements": [section]}],
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
        parent = ws.messages.get((channel_id, thread_ts))
        if parent is not None:
            event["parent_user_id"] = parent["user"]
    return event
