"""Web API methods on views (views.*) and response_url posts, mixed into the workspace."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from . import blockkit
from .interactions import assign_ids
from .models import TRIGGER_TTL, ApiError, Trigger, truthy


class ViewMethods:
    """views.open, views.push, views.update, views.publish and response_url."""

    def _view_arg(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if not isinstance(view, dict):
            raise ApiError("invalid_arguments", ["[ERROR] missing or malformed view"])
        problems = blockkit.view_problems(view)
        uploaded = {file["id"] for file in self.files}
        problems += [
            f"[ERROR] unknown slack_file id {file_id!r} [json-pointer:/view/blocks]"
            for file_id in blockkit.slack_file_ids(view.get("blocks"))
            if file_id not in uploaded
        ]
        if problems:
            raise ApiError("invalid_arguments", problems)
        external_id = view.get("external_id")
        if external_id:
            for other in self.views.values():
                if other["external_id"] == external_id and other["id"] != params.get("view_id"):
                    raise ApiError("duplicate_external_id")
        return copy.deepcopy(view)

    def _trigger(self, params: dict[str, Any]) -> tuple[str, Trigger]:
        trigger_id = params.get("trigger_id") or params.get("interactivity_pointer")
        if not trigger_id:
            raise ApiError("invalid_arguments", ["[ERROR] missing required field: trigger_id"])
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            raise ApiError("invalid_trigger_id")
        if trigger.used or self.clock() - trigger.created >= TRIGGER_TTL:
            raise ApiError("expired_trigger_id")
        return trigger_id, trigger

    def store_view(
        self,
        view: dict[str, Any],
        *,
        view_id: str | None = None,
        previous: str | None = None,
        root: str | None = None,
    ) -> dict[str, Any]:
        """Store (or replace) a validated view and give it a fresh hash."""
        view_id = view_id or self.new_id("V")
        blocks = view.get("blocks") or []
        assign_ids(blocks, self._auto_id)
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type"),
            "blocks": blocks,
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"{self._ts // 1_000_000}.{uuid.uuid4().hex[:8]}",
            "title": view.get("title"),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": previous,
            "root_view_id": root or view_id,
            "app_id": self.app_id,
            "external_id": view.get("external_id", ""),
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        self.views[view_id] = stored
        return stored

    def views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        """views.open: needs a fresh, unused trigger_id."""
        view = self._view_arg(params)
        if view.get("type") != "modal":
            raise ApiError("invalid_arguments", ["[ERROR] must be modal [json-pointer:/view/type]"])
        trigger_id, trigger = self._trigger(params)
        stored = self.store_view(view)
        trigger.used = True
        self.trigger_views[trigger_id] = stored["id"]
        self.view_stacks[trigger.user_id] = [stored["id"]]
        return {"ok": True, "view": stored}

    def views_push(self, params: dict[str, Any]) -> dict[str, Any]:
        """views.push onto the user's modal stack (max 3)."""
        view = self._view_arg(params)
        trigger_id, trigger = self._trigger(params)
        stack = self.view_stacks.setdefault(trigger.user_id, [])
        if len(stack) >= 3:
            raise ApiError("push_limit_reached")
        root = self.views[stack[0]]["id"] if stack else None
        stored = self.store_view(view, previous=stack[-1] if stack else None, root=root)
        trigger.used = True
        stack.append(stored["id"])
        self.trigger_views[trigger_id] = stored["id"]
        return {"ok": True, "view": stored}

    def find_view(self, view_id: Any = None, external_id: Any = None) -> dict[str, Any]:
        """Find a stored view by id or external_id, else ``not_found``."""
        if view_id:
            if view_id in self.views:
                return self.views[view_id]
        elif external_id:
            for view in self.views.values():
                if view["external_id"] == external_id:
                    return view
        else:
            raise ApiError("invalid_arguments", ["[ERROR] view_id or external_id is required"])
        raise ApiError("not_found")

    def views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        """views.update with optional hash check."""
        current = self.find_view(params.get("view_id"), params.get("external_id"))
        if params.get("hash") and params["hash"] != current["hash"]:
            raise ApiError("hash_conflict")
        view = self._view_arg({**params, "view_id": current["id"]})
        if not view.get("external_id") and current["external_id"]:
            view["external_id"] = current["external_id"]
        stored = self.store_view(
            view,
            view_id=current["id"],
            previous=current["previous_view_id"],
            root=current["root_view_id"],
        )
        return {"ok": True, "view": stored}

    def views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        """views.publish a home tab for ``user_id``."""
        user_id = self._required(params, "user_id")
        self.user(user_id)
        view = self._view_arg(params)
        if view.get("type") != "home":
            raise ApiError("invalid_arguments", ["[ERROR] must be home [json-pointer:/view/type]"])
        current_id = self.home_views.get(user_id)
        if current_id and params.get("hash") and params["hash"] != self.views[current_id]["hash"]:
            raise ApiError("hash_conflict")
        stored = self.store_view(view, view_id=current_id)
        self.home_views[user_id] = stored["id"]
        return {"ok": True, "view": stored}

    # ----------------------------------------------------------- response_url

    def respond(self, rid: str, body: dict[str, Any]) -> tuple[int, str]:
        """Apply a POST to a response_url; returns ``(status, text body)``."""
        target = self.response_targets.get(rid)
        if target is None:
            return 404, "no_active_hooks"
        blocks = body.get("blocks")
        if blocks is not None and (
            not isinstance(blocks, list) or blockkit.message_problems(body.get("text"), blocks)
        ):
            return 400, "invalid_blocks"
        key = (target.channel_id, target.message_ts or "")
        if target.ephemeral:
            ephemeral = next(
                (e for e in self.ephemerals if (e["channel"], e["ts"]) == key),
                None,
            )
            if truthy(body.get("delete_original")):
                if ephemeral is not None:
                    self.ephemerals.remove(ephemeral)
                return 200, "ok"
            if truthy(body.get("replace_original")):
                if ephemeral is None:
                    ephemeral = {"channel": target.channel_id, "user": target.user_id}
                    ephemeral.update({"ts": target.message_ts, "thread_ts": None})
                    self.ephemerals.append(ephemeral)
                ephemeral["text"] = body.get("text") or ""
                ephemeral["blocks"] = copy.deepcopy(blocks or [])
                return 200, "ok"
        if truthy(body.get("delete_original")):
            if self.messages.pop(key, None) is None:
                return 404, "message_not_found"
            return 200, "ok"
        if truthy(body.get("replace_original")) and target.message_ts:
            msg = self.messages.get(key)
            if msg is None:
                return 404, "message_not_found"
            msg["text"] = body.get("text") or ""
            new_blocks = copy.deepcopy(blocks or [])
            assign_ids(new_blocks, self._auto_id)
            msg["blocks"] = new_blocks
            return 200, "ok"
        if body.get("response_type") == "in_channel":
            self.store_message(
                target.channel_id,
                user=self.bot_user_id,
                text=body.get("text") or "",
                blocks=blocks,
                thread_ts=body.get("thread_ts"),
            )
            return 200, "ok"
        self.ephemerals.append(
            {
                "channel": target.channel_id,
                "user": target.user_id,
                "ts": self.next_ts(),
                "text": body.get("text") or "",
                "blocks": copy.deepcopy(blocks or []),
                "thread_ts": body.get("thread_ts"),
            }
        )
        return 200, "ok"
