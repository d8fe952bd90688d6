"""Web API methods on messages (chat.*), mixed into the workspace."""

from __future__ import annotations

import copy
from typing import Any

from . import blockkit
from .interactions import assign_ids
from .models import ApiError, Channel, truthy


class ChatMethods:
    """chat.postMessage, chat.update, chat.postEphemeral, chat.delete, chat.getPermalink."""

    def _postable(self, channel_id: Any) -> Channel:
        if isinstance(channel_id, str) and channel_id[:1] in "UW" and channel_id in self.users:
            return self.open_im(channel_id)
        ch = self.channel(channel_id)
        if ch.is_archived:
            raise ApiError("is_archived")
        if not (ch.is_im or ch.is_mpim) and self.bot_user_id not in ch.members:
            raise ApiError("channel_not_found" if ch.is_private else "not_in_channel")
        return ch

    @staticmethod
    def _check_message(params: dict[str, Any], *, need_content: bool = True) -> None:
        blocks = params.get("blocks")
        if blocks is not None and not isinstance(blocks, list):
            raise ApiError("invalid_blocks_format", ["[ERROR] blocks must be a JSON array"])
        text = params.get("text")
        if isinstance(text, str) and len(text) > 40000:
            raise ApiError("msg_too_long", blockkit.message_problems(text, None))
        problems = blockkit.message_problems(None, blocks)
        if problems:
            raise ApiError("invalid_blocks", problems)
        if need_content and not (text or blocks or params.get("attachments")):
            raise ApiError("no_text")

    def conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        """conversations.history: newest first; metadata only with include_all_metadata."""
        ch = self.channel(params.get("channel"))
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or "inf")
        limit = int(params.get("limit") or 100)
        with_metadata = truthy(params.get("include_all_metadata"))
        found = [
            msg
            for (channel_id, ts), msg in self.messages.items()
            if channel_id == ch.id and oldest <= float(ts) <= latest and not msg.get("thread_ts")
        ]
        found.sort(key=lambda msg: float(msg["ts"]), reverse=True)
        return _messages_page(found, limit, with_metadata=with_metadata)

    def conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        """conversations.replies: the parent first, then its replies oldest first; metadata
        only with include_all_metadata."""
        ch = self.channel(params.get("channel"))
        parent_ts = str(self._required(params, "ts"))
        parent = self.messages.get((ch.id, parent_ts))
        if parent is None:
            raise ApiError("thread_not_found")
        limit = int(params.get("limit") or 1000)
        with_metadata = truthy(params.get("include_all_metadata"))
        replies = [
            msg
            for (channel_id, ts), msg in self.messages.items()
            if channel_id == ch.id and msg.get("thread_ts") == parent_ts and ts != parent_ts
        ]
        found = [parent, *sorted(replies, key=lambda msg: float(msg["ts"]))]
        return _messages_page(found, limit, with_metadata=with_metadata)

    def chat_post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """chat.postMessage."""
        ch = self._postable(params.get("channel"))
        self._check_message(params)
        extra = {k: params[k] for k in ("attachments", "metadata") if params.get(k) is not None}
        msg = self.store_message(
            ch.id,
            user=self.bot_user_id,
            text=params.get("text") or "",
            blocks=params.get("blocks"),
            thread_ts=params.get("thread_ts") or None,
            extra=extra,
        )
        public = {k: v for k, v in msg.items() if k != "channel" and v is not None}
        return {"ok": True, "channel": ch.id, "ts": msg["ts"], "message": public}

    def _own_message(self, params: dict[str, Any], ts_key: str, error: str) -> dict[str, Any]:
        ch = self.channel(params.get("channel"))
        msg = self.messages.get((ch.id, str(params.get(ts_key) or "")))
        if msg is None:
            raise ApiError("message_not_found")
        if msg["user"] != self.bot_user_id:
            raise ApiError(error)
        return msg

    def chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        """chat.update: replaces text and/or blocks of one of the bot's messages."""
        msg = self._own_message(params, "ts", "cant_update_message")
        self._check_message(params)
        if params.get("text") is not None:
            msg["text"] = params["text"]
        if params.get("blocks") is not None:
            blocks = copy.deepcopy(params["blocks"])
            assign_ids(blocks, self._auto_id)
            msg["blocks"] = blocks
        if params.get("attachments") is not None:
            msg["attachments"] = params["attachments"]
        msg["edited"] = {"user": self.bot_user_id, "ts": self.next_ts()}
        public = {k: v for k, v in msg.items() if k != "channel" and v is not None}
        return {
            "ok": True,
            "channel": msg["channel"],
            "ts": msg["ts"],
            "text": msg["text"],
            "message": public,
        }

    def chat_post_ephemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        """chat.postEphemeral (stored separately, see ``FakeSlack.ephemerals``)."""
        ch = self._postable(params.get("channel"))
        user_id = self._required(params, "user")
        self.user(user_id)
        if ch.members and user_id not in ch.members:
            raise ApiError("user_not_in_channel")
        self._check_message(params)
        ts = self.next_ts()
        blocks = copy.deepcopy(params.get("blocks") or [])
        assign_ids(blocks, self._auto_id)
        self.ephemerals.append(
            {
                "channel": ch.id,
                "user": user_id,
                "ts": ts,
                "text": params.get("text") or "",
                "blocks": blocks,
                "thread_ts": params.get("thread_ts"),
            }
        )
        return {"ok": True, "message_ts": ts}

    def chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        """chat.delete (only the bot's own messages)."""
        msg = self._own_message(params, "ts", "cant_delete_message")
        del self.messages[(msg["channel"], msg["ts"])]
        return {"ok": True, "channel": msg["channel"], "ts": msg["ts"]}

    def chat_get_permalink(self, params: dict[str, Any]) -> dict[str, Any]:
        """chat.getPermalink."""
        ch = self.channel(params.get("channel"))
        ts = str(params.get("message_ts") or "")
        msg = self.messages.get((ch.id, ts))
        if msg is None:
            raise ApiError("message_not_found")
        link = f"https://fake-team.slack.com/archives/{ch.id}/p{ts.replace('.', '')}"
        if msg.get("thread_ts") and msg["thread_ts"] != ts:
            link += f"?thread_ts={msg['thread_ts']}&cid={ch.id}"
        return {"ok": True, "channel": ch.id, "permalink": link}


def _messages_page(
    found: list[dict[str, Any]], limit: int, *, with_metadata: bool
) -> dict[str, Any]:
    """The answer of conversations.history/replies: the first `limit` messages as Slack shows
    them (no channel key, no nulls, metadata only when asked for)."""
    out = []
    for msg in found[:limit]:
        public = {k: v for k, v in msg.items() if k != "channel" and v is not None}
        if not with_metadata:
            public.pop("metadata", None)
        out.append(copy.deepcopy(public))
    return {"ok": True, "messages": out, "has_more": len(found) > limit}
