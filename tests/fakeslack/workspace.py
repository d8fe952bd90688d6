"""In-memory Slack workspace state and the Web API methods acting on it.

Nothing in here does I/O or locking: :class:`~tests.fakeslack.server.FakeSlack` calls
into a :class:`Workspace` while holding its lock.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import datetime as dt
import hashlib
import itertools
import json
import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import blockkit
from .faults import Answer, Faults
from .interactions import assign_ids

TRIGGER_TTL = 3.0
BASE_TS_MICROS = 1_700_000_000_000_000
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})
JSON_FIELDS = ("blocks", "view", "attachments", "metadata")


class ApiError(Exception):
    """Raised by a method implementation to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, messages: Sequence[str] = ()) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)


@dataclass
class Channel:
    """A conversation: public/private channel, DM (im) or group DM (mpim)."""

    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    user: str | None = None
    is_archived: bool = False
    created: int = 1_700_000_000

    @property
    def kind(self) -> str:
        """``channel_type`` as used in message events."""
        if self.is_im:
            return "im"
        if self.is_mpim:
            return "mpim"
        return "group" if self.is_private else "channel"

    def info(self, bot_user_id: str, *, num_members: bool = False) -> dict[str, Any]:
        """The conversation object returned by conversations.* methods."""
        if self.is_im:
            data: dict[str, Any] = {"id": self.id, "created": self.created, "is_im": True}
            data.update({"is_org_shared": False, "user": self.user, "is_open": True})
            return data
        data = {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "is_channel": not self.is_private and not self.is_mpim,
            "is_group": self.is_private and not self.is_mpim,
            "is_im": False,
            "is_mpim": self.is_mpim,
            "is_private": self.is_private or self.is_mpim,
            "is_archived": self.is_archived,
            "is_general": False,
            "is_member": bot_user_id in self.members,
            "created": self.created,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }
        if num_members:
            data["num_members"] = len(self.members)
        return data


@dataclass
class Trigger:
    """A trigger_id handed out with an interaction."""

    user_id: str
    created: float
    used: bool = False


@dataclass
class ResponseTarget:
    """Where a response_url posts to."""

    channel_id: str
    user_id: str
    message_ts: str | None = None
    ephemeral: bool = False


def truthy(value: Any) -> bool:
    """Interpret a Slack boolean parameter (form bodies send ``"1"``/``"true"``)."""
    return value in (True, 1, "1", "true", "True")


def normalise_params(params: dict[str, Any]) -> dict[str, Any]:
    """Parse JSON-string fields (blocks, view, attachments, metadata) into objects."""
    out = dict(params)
    for key in JSON_FIELDS:
        value = out.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(value)
    if isinstance(out.get("users"), list):
        out["users"] = ",".join(out["users"])
    return out


class Workspace:
    """One team with users, conversations, messages, views and the Web API over them."""

    def __init__(
        self,
        *,
        bot_token: str,
        app_token: str,
        team_id: str,
        bot_user_id: str,
        bot_name: str = "sparring",
        bot_id: str = "B0001",
        app_id: str = "A0001",
        team_name: str = "Fake Team",
        clock: Callable[[], float],
    ) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.clock = clock
        self.http_base = ""  # "http://127.0.0.1:PORT", set when the server starts
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, str] = {}
        self.view_stacks: dict[str, list[str]] = {}
        self.triggers: dict[str, Trigger] = {}
        self.trigger_views: dict[str, str] = {}
        self.response_targets: dict[str, ResponseTarget] = {}
        self.tickets: set[str] = set()
        # files.upload_v2: upload URLs handed out, the bytes posted to them, completed files.
        self.uploads: dict[str, dict[str, Any]] = {}
        self.files: list[dict[str, Any]] = []
        self.faults = Faults()
        self._seq = itertools.count(1)
        self._ts = BASE_TS_MICROS
        self.methods: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "auth.test": self.auth_test,
            "apps.connections.open": self.apps_connections_open,
            "users.info": self.users_info,
            "users.list": self.users_list,
            "users.conversations": self.users_conversations,
            "conversations.members": self.conversations_members,
            "conversations.info": self.conversations_info,
            "conversations.list": self.conversations_list,
            "conversations.open": self.conversations_open,
            "conversations.history": self.conversations_history,
            "conversations.replies": self.conversations_replies,
            "chat.postMessage": self.chat_post_message,
            "chat.update": self.chat_update,
            "chat.postEphemeral": self.chat_post_ephemeral,
            "chat.delete": self.chat_delete,
            "chat.getPermalink": self.chat_get_permalink,
            "files.getUploadURLExternal": self.files_get_upload_url_external,
            "files.completeUploadExternal": self.files_complete_upload_external,
            "views.open": self.views_open,
            "views.update": self.views_update,
            "views.push": self.views_push,
            "views.publish": self.views_publish,
        }
        self.add_user(bot_user_id, bot_name, is_bot=True, locale="en-US")

    # ----------------------------------------------------------------- helpers

    def new_id(self, prefix: str) -> str:
        """A fresh Slack-looking id such as ``V00000007``."""
        return f"{prefix}{next(self._seq):08X}"

    def next_ts(self) -> str:
        """A strictly increasing message timestamp string."""
        self._ts += 100
        return f"{self._ts // 1_000_000}.{self._ts % 1_000_000:06d}"

    def _auto_id(self) -> str:
        return base64.b32encode(next(self._seq).to_bytes(3, "big")).decode().rstrip("=")[:5]

    def new_trigger(self, user_id: str) -> str:
        """Register and return a fresh single-use trigger_id."""
        n = next(self._seq)
        trigger_id = f"{n}.738474920.{uuid.uuid4().hex[:20]}"
        self.triggers[trigger_id] = Trigger(user_id=user_id, created=self.clock())
        return trigger_id

    def new_response_url(self, target: ResponseTarget) -> str:
        """Register a response_url served by the fake at ``/response/<id>``."""
        rid = uuid.uuid4().hex
        self.response_targets[rid] = target
        return f"{self.http_base}/response/{rid}"

    def channel(self, channel_id: Any) -> Channel:
        """Look a conversation up or raise ``channel_not_found``."""
        if not channel_id or channel_id not in self.channels:
            raise ApiError("channel_not_found")
        return self.channels[channel_id]

    def user(self, user_id: Any) -> dict[str, Any]:
        """Look a user record up or raise ``user_not_found``."""
        if not user_id or user_id not in self.users:
            raise ApiError("user_not_found")
        return self.users[user_id]

    @staticmethod
    def _required(params: dict[str, Any], key: str, error: str = "invalid_arguments") -> Any:
        value = params.get(key)
        if value in (None, ""):
            raise ApiError(error, [f"[ERROR] missing required field: {key}"])
        return value

    @staticmethod
    def _paginate(items: list[Any], params: dict[str, Any]) -> tuple[list[Any], str]:
        try:
            limit = int(params.get("limit") or 100)
        except (TypeError, ValueError) as exc:
            raise ApiError("invalid_limit") from exc
        limit = min(max(limit, 1), 1000)
        cursor = params.get("cursor") or ""
        offset = 0
        if cursor:
            try:
                kind, _, number = base64.urlsafe_b64decode(cursor).decode().partition(":")
                offset = int(number)
                if kind != "offset":
                    raise ValueError(kind)
            except ValueError as exc:
                raise ApiError("invalid_cursor") from exc
        page = items[offset : offset + limit]
        end = offset + limit
        next_cursor = ""
        if end < len(items):
            next_cursor = base64.urlsafe_b64encode(f"offset:{end}".encode()).decode()
        return page, next_cursor

    # ------------------------------------------------------------ test setup

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        locale: str = "da-DK",
        is_bot: bool = False,
        deleted: bool = False,
        is_admin: bool = False,
        is_owner: bool = False,
        tz: str = "Europe/Copenhagen",
        real_name: str | None = None,
        email: str | None = None,
    ) -> None:
        """Create or replace a user record."""
        self.users[user_id] = {
            "id": user_id,
            "name": name,
            "real_name": real_name or name,
            "locale": locale,
            "is_bot": is_bot,
            "deleted": deleted,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "tz": tz,
            "email": email,
        }

    def set_user(self, user_id: str, **changes: Any) -> None:
        """Change fields of an existing user record."""
        record = self.users[user_id]
        unknown = set(changes) - set(record)
        if unknown:
            raise TypeError(f"unknown user fields: {sorted(unknown)}")
        record.update(changes)

    def user_object(self, user_id: str, *, include_locale: bool = False) -> dict[str, Any]:
        """The user object as returned by users.info / users.list."""
        rec = self.users[user_id]
        try:
            offset = zoneinfo.ZoneInfo(rec["tz"]).utcoffset(dt.datetime(2024, 1, 15, 12))
            tz_label = zoneinfo.ZoneInfo(rec["tz"]).tzname(dt.datetime(2024, 1, 15, 12))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            offset, tz_label = dt.timedelta(0), rec["tz"]
        profile: dict[str, Any] = {
            "real_name": rec["real_name"],
            "real_name_normalized": rec["real_name"],
            "display_name": rec["name"],
            "display_name_normalized": rec["name"],
            "team": self.team_id,
        }
        if rec["email"]:
            profile["email"] = rec["email"]
        if rec["is_bot"]:
            profile["bot_id"] = self.bot_id if user_id == self.bot_user_id else None
            profile["api_app_id"] = self.app_id if user_id == self.bot_user_id else None
        obj: dict[str, Any] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": rec["name"],
            "deleted": rec["deleted"],
            "real_name": rec["real_name"],
            "tz": rec["tz"],
            "tz_label": tz_label,
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "profile": profile,
            "is_admin": rec["is_admin"],
            "is_owner": rec["is_owner"],
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": rec["is_bot"],
            "is_app_user": False,
            "updated": 1_700_000_000,
        }
        if include_locale:
            obj["locale"] = rec["locale"]
        return obj

    def add_channel(
        self, channel_id: str, name: str, members: Sequence[str] = (), *, is_private: bool = False
    ) -> Channel:
        """Create a public (or private) channel."""
        ch = Channel(id=channel_id, name=name, members=list(members), is_private=is_private)
        self.channels[channel_id] = ch
        return ch

    def open_im(self, user_id: str) -> Channel:
        """Find or create the DM between ``user_id`` and the bot."""
        for ch in self.channels.values():
            if ch.is_im and ch.user == user_id:
                return ch
        channel_id = "D" + (user_id[1:] if user_id[:1] in "UW" else user_id)
        while channel_id in self.channels:
            channel_id += "X"
        ch = Channel(id=channel_id, name=channel_id, members=[user_id, self.bot_user_id])
        ch.is_im, ch.is_private, ch.user = True, True, user_id
        self.channels[channel_id] = ch
        return ch

    def open_mpim(self, user_ids: Sequence[str]) -> Channel:
        """Find or create the group DM for a set of users plus the bot (stable id)."""
        members = sorted({*user_ids, self.bot_user_id})
        digest = hashlib.sha1(",".join(members).encode()).hexdigest()[:10].upper()
        channel_id = f"G{digest}"
        if channel_id not in self.channels:
            names = "--".join(self.users[u]["name"] for u in members)
            ch = Channel(id=channel_id, name=f"mpdm-{names}-1", members=members)
            ch.is_mpim, ch.is_private = True, True
            self.channels[channel_id] = ch
        return self.channels[channel_id]

    def store_message(
        self,
        channel_id: str,
        *,
        user: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store a message and return the stored dict."""
        blocks = copy.deepcopy(blocks or [])
        assign_ids(blocks, self._auto_id)
        msg: dict[str, Any] = {
            "type": "message",
            "channel": channel_id,
            "ts": self.next_ts(),
            "text": text or "",
            "blocks": blocks,
            "thread_ts": thread_ts,
            "user": user,
            "team": self.team_id,
        }
        if user == self.bot_user_id:
            msg.update({"bot_id": self.bot_id, "app_id": self.app_id})
        msg.update(copy.deepcopy(extra or {}))
        self.messages[(channel_id, msg["ts"])] = msg
        return msg

    def message_list(self, channel: str | None = None, *, bots_only: bool = True) -> list[dict]:
        """Stored messages ordered by ts (deep copies)."""
        out = [
            copy.deepcopy(m)
            for (ch, _ts), m in self.messages.items()
            if (channel is None or ch == channel)
            and (not bots_only or m["user"] == self.bot_user_id)
        ]
        return sorted(out, key=lambda m: float(m["ts"]))

    # --------------------------------------------------------------- dispatch

    def handle(self, method: str, params: dict[str, Any], token: str) -> Answer:
        """Run one Web API call; returns ``(http status, body, extra headers)``."""
        injected = self.faults.take(method, params)
        if injected is not None and not injected.store:
            return injected.answer()
        answer = self._perform(method, params, token)
        # "stored, then failed": the call took effect, the app only hears of a failure
        return injected.answer() if injected is not None else answer

    def _perform(self, method: str, params: dict[str, Any], token: str) -> Answer:
        impl = self.methods.get(method)
        if impl is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        if not token:
            return 200, {"ok": False, "error": "not_authed"}, {}
        if method in APP_TOKEN_METHODS:
            if token != self.app_token:
                return 200, {"ok": False, "error": "not_allowed_token_type"}, {}
        elif token != self.bot_token:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        try:
            body = impl(params)
        except ApiError as exc:
            body = {"ok": False, "error": exc.error}
            if exc.messages:
                body["response_metadata"] = {"messages": exc.messages}
        return 200, copy.deepcopy(body), {}

    # ------------------------------------------------------------ auth / apps

    def auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        """auth.test for the bot token."""
        return {
            "ok": True,
            "url": "https://fake-team.slack.com/",
            "team": self.team_name,
            "user": self.users[self.bot_user_id]["name"],
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        """Issue a single-use websocket ticket."""
        ticket = uuid.uuid4().hex
        self.tickets.add(ticket)
        ws_base = self.http_base.replace("http://", "ws://", 1)
        return {"ok": True, "url": f"{ws_base}/link/?ticket={ticket}&app_id={self.app_id}"}

    # ------------------------------------------------------------------ users

    def users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        """users.info (``locale`` only with include_locale)."""
        self.user(params.get("user"))
        obj = self.user_object(params["user"], include_locale=truthy(params.get("include_locale")))
        return {"ok": True, "user": obj}

    def users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """users.list with cursor pagination."""
        page, cursor = self._paginate(sorted(self.users), params)
        locale = truthy(params.get("include_locale"))
        members = [self.user_object(u, include_locale=locale) for u in page]
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": cursor}}

    def users_conversations(self, params: dict[str, Any]) -> dict[str, Any]:
        """Conversations a user (default: the bot) is a member of."""
        user_id = params.get("user") or self.bot_user_id
        self.user(user_id)
        channels = [
            ch
            for ch in self._filtered_channels(params)
            if user_id in ch.members or (ch.is_im and ch.user == user_id)
        ]
        page, cursor = self._paginate(channels, params)
        return {
            "ok": True,
            "channels": [ch.info(self.bot_user_id) for ch in page],
            "response_metadata": {"next_cursor": cursor},
        }

    # ---------------------------------------------------------- conversations

    def _filtered_channels(self, params: dict[str, Any]) -> list[Channel]:
        types = set(str(params.get("types") or "public_channel").split(","))
        kinds = {
            "channel": "public_channel",
            "group": "private_channel",
            "im": "im",
            "mpim": "mpim",
        }
        out = [ch for ch in self.channels.values() if kinds[ch.kind] in types]
        if truthy(params.get("exclude_archived")):
            out = [ch for ch in out if not ch.is_archived]
        return sorted(out, key=lambda ch: ch.id)

    def conversations_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """conversations.list with type filter and pagination."""
        page, cursor = self._paginate(self._filtered_channels(params), params)
        return {
            "ok": True,
            "channels": [ch.info(self.bot_user_id) for ch in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        """conversations.members with cursor pagination honouring ``limit``."""
        ch = self.channel(params.get("channel"))
        page, cursor = self._paginate(list(ch.members), params)
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}

    def conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        """conversations.info."""
        ch = self.channel(params.get("channel"))
        info = ch.info(self.bot_user_id, num_members=truthy(params.get("include_num_members")))
        return {"ok": True, "channel": info}

    def conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        """Open a DM (one user) or group DM (several users), or re-open ``channel``."""
        if params.get("channel"):
            ch = self.channel(params["channel"])
            return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": ch.id}}
        users = [u.strip() for u in str(params.get("users") or "").split(",") if u.strip()]
        if not users:
            raise ApiError("users_list_not_supplied")
        if len(users) > 8:
            raise ApiError("too_many_users")
        for user_id in users:
            if self.user(user_id)["deleted"]:
                raise ApiError("user_disabled")
        others = [u for u in users if u != self.bot_user_id]
        existed = set(self.channels)
        ch = self.open_im(others[0]) if len(others) == 1 else self.open_mpim(others)
        body: dict[str, Any] = {"ok": True, "channel": {"id": ch.id}}
        if ch.id in existed:
            body.update({"no_op": True, "already_open": True})
        if truthy(params.get("return_im")):
            body["channel"] = ch.info(self.bot_user_id)
        return body

    # ------------------------------------------------------------------- chat

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
        out = []
        for msg in found[:limit]:
            public = {k: v for k, v in msg.items() if k != "channel" and v is not None}
            if not with_metadata:
                public.pop("metadata", None)
            out.append(copy.deepcopy(public))
        return {"ok": True, "messages": out, "has_more": len(found) > limit}

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
        out = []
        for msg in found[:limit]:
            public = {k: v for k, v in msg.items() if k != "channel" and v is not None}
            if not with_metadata:
                public.pop("metadata", None)
            out.append(copy.deepcopy(public))
        return {"ok": True, "messages": out, "has_more": len(found) > limit}

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

    def files_get_upload_url_external(self, params: dict[str, Any]) -> dict[str, Any]:
        """files.getUploadURLExternal: the first step of files.upload_v2."""
        filename = self._required(params, "filename")
        length = int(self._required(params, "length"))
        file_id = self.new_id("F")
        self.uploads[file_id] = {"filename": filename, "length": length, "content": None}
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.http_base}/upload/{file_id}"}

    def receive_upload(self, file_id: str, content: bytes) -> bool:
        """The bytes POSTed to an upload URL (the second step); False for an unknown URL."""
        upload = self.uploads.get(file_id)
        if upload is None:
            return False
        upload["content"] = content
        return True

    def files_complete_upload_external(self, params: dict[str, Any]) -> dict[str, Any]:
        """files.completeUploadExternal: shares the uploaded files in a channel (or DM)."""
        files = params.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        if not isinstance(files, list) or not files:
            raise ApiError("invalid_arguments")
        channel_id = params.get("channel_id")
        if channel_id is not None:
            self._postable(channel_id)
        done = []
        for item in files:
            upload = self.uploads.get(str(item.get("id")))
            if upload is None or upload["content"] is None:
                raise ApiError("file_not_found")
            if len(upload["content"]) != upload["length"]:
                raise ApiError("file_upload_size_mismatch")
            record = {
                "id": item["id"],
                "title": item.get("title") or upload["filename"],
                "filename": upload["filename"],
                "content": upload["content"],
                "channel": channel_id,
                "initial_comment": params.get("initial_comment"),
            }
            self.files.append(record)
            done.append({"id": record["id"], "title": record["title"]})
        return {"ok": True, "files": done}

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

    # ------------------------------------------------------------------ views

    def _view_arg(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if not isinstance(view, dict):
            raise ApiError("invalid_arguments", ["[ERROR] missing or malformed view"])
        problems = blockkit.view_problems(view)
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
