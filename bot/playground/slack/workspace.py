"""In-memory Slack workspace state and the Web API methods acting on it.

Nothing in here does I/O or locking: :class:`~bot.playground.slack.server.FakeSlack` calls
into a :class:`Workspace` while holding its lock.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import itertools
import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Any

from .chat import ChatMethods
from .faults import Answer, Faults
from .files import FileMethods
from .interactions import assign_ids
from .models import (
    ApiError,
    Channel,
    ResponseTarget,
    Trigger,
    truthy,
)
from .views import ViewMethods

BASE_TS_MICROS = 1_700_000_000_000_000
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})


class Workspace(ChatMethods, ViewMethods, FileMethods):
    """One team with users, conversations, messages, views and the Web API over them."""

    def __init__(
        self,
        bot_token: str,
        app_token: str,
        team_id: str,
        bot_user_id: str,
        clock: Callable[[], float],
        bot_name: str = "sparring",
        bot_id: str = "B0001",
        app_id: str = "A0001",
        team_name: str = "Fake Team",
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
            winter_noon = dt.datetime(2024, 1, 15, 12, tzinfo=zoneinfo.ZoneInfo(rec["tz"]))
            offset, tz_label = winter_noon.utcoffset(), winter_noon.tzname()
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
        digest = (
            hashlib.sha1(",".join(members).encode(), usedforsecurity=False).hexdigest()[:10].upper()
        )
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
