"""Users, conversations, messages and views of the simulated workspace, for FakeSlack."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, Unpack

from .models import Channel, UserFields

Predicate = Callable[[dict[str, Any]], bool]


class WorkspaceAccess:
    """Thread-safe reads and changes of the workspace state."""

    _cond: threading.Condition

    def add_user(self, user_id: str, name: str, **fields: Unpack[UserFields]) -> None:
        """Add (or replace) a user; ``fields`` (locale, is_bot, tz, ...) as for
        :meth:`Workspace.add_user`."""
        with self._cond:
            self.workspace.add_user(user_id, name, **fields)

    def set_user(self, user_id: str, **changes: Any) -> None:
        """Change user fields, e.g. ``set_user("U1", deleted=True)``."""
        with self._cond:
            self.workspace.set_user(user_id, **changes)

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: list[str] | None = None,
        *,
        is_private: bool = False,
    ) -> None:
        """Add a public (or private) channel with the given members."""
        with self._cond:
            self.workspace.add_channel(channel_id, name, members or [], is_private=is_private)

    def open_im(self, user_id: str) -> str:
        """The DM channel id between ``user_id`` and the bot (created if needed)."""
        with self._cond:
            return self.workspace.open_im(user_id).id

    def open_mpim(self, user_ids: list[str]) -> str:
        """The group DM id for ``user_ids`` plus the bot (created if needed)."""
        with self._cond:
            return self.workspace.open_mpim(user_ids).id

    def _channel(self, channel_id: str) -> Channel:
        if channel_id not in self.workspace.channels:
            raise KeyError(f"unknown channel {channel_id}")
        return self.workspace.channels[channel_id]

    def channel_members(self, channel_id: str) -> list[str]:
        """Current member ids of a conversation."""
        with self._cond:
            return list(self._channel(channel_id).members)

    def add_member(self, channel_id: str, user_id: str) -> None:
        """Add a member to a conversation."""
        with self._cond:
            members = self._channel(channel_id).members
            if user_id not in members:
                members.append(user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        """Remove a member from a conversation."""
        with self._cond:
            members = self._channel(channel_id).members
            if user_id in members:
                members.remove(user_id)

    def messages(self, channel: str | None = None, *, include_users: bool = False) -> list[dict]:
        """The bot's stored messages (after updates/deletes), ordered by ts.

        With ``include_users=True`` also messages sent via :meth:`user_message`.
        """
        with self._cond:
            return self.workspace.message_list(channel, bots_only=not include_users)

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[dict]:
        """Ephemeral messages (chat.postEphemeral and ephemeral response_url posts)."""
        with self._cond:
            return [
                copy.deepcopy(e)
                for e in self.workspace.ephemerals
                if channel in (None, e["channel"]) and user in (None, e["user"])
            ]

    def new_trigger(self, user_id: str) -> str:
        """Register a fresh trigger_id (single use, valid 3 s on the fake's clock)."""
        with self._cond:
            return self.workspace.new_trigger(user_id)

    def view(self, view_id: str) -> dict[str, Any]:
        """Current state of a stored view (copy)."""
        with self._cond:
            if view_id not in self.workspace.views:
                raise AssertionError(f"unknown view {view_id}")
            return copy.deepcopy(self.workspace.views[view_id])

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The home tab last published for ``user_id``."""
        with self._cond:
            view_id = self.workspace.home_views.get(user_id)
            return copy.deepcopy(self.workspace.views[view_id]) if view_id else None

    def modal_stack(self, user_id: str) -> list[str]:
        """Ids of the modals currently open for ``user_id`` (root first)."""
        with self._cond:
            return list(self.workspace.view_stacks.get(user_id, []))

    def open_view_for(self, trigger_id: str, timeout: float = 10) -> dict[str, Any]:
        """Wait until views.open/push used ``trigger_id``; return that view's current state."""
        with self._cond:
            if not self._cond.wait_for(lambda: trigger_id in self.workspace.trigger_views, timeout):
                raise AssertionError(
                    f"no view opened with trigger {trigger_id} within {timeout}s.\n"
                    + self._summary()
                )
            return self.view(self.workspace.trigger_views[trigger_id])

    def close_view(self, user_id: str, view_id: str) -> None:
        """The user closes a modal: back to the one beneath it (all gone if it clears on close)."""
        with self._cond:
            stack = self.workspace.view_stacks.get(user_id, [])
            view = self.workspace.views.get(view_id, {})
            if view.get("clear_on_close"):
                stack.clear()
            elif view_id in stack:
                stack.remove(view_id)
            self._cond.notify_all()

    def conversations_of(self, user_id: str) -> list[dict[str, Any]]:
        """The conversations ``user_id`` is in, as the sidebar lists them."""
        with self._cond:
            return [
                {
                    "id": ch.id,
                    "name": ch.name,
                    "kind": ch.kind,
                    "members": list(ch.members),
                }
                for ch in self.workspace.channels.values()
                if user_id in ch.members and not ch.is_archived
            ]

    def add_ephemeral(
        self, channel_id: str, user_id: str, text: str, blocks: list[dict[str, Any]] | None = None
    ) -> None:
        """Show ``user_id`` a message only they see (e.g. the answer in a command's ack)."""
        with self._cond:
            self.workspace.ephemerals.append(
                {
                    "channel": channel_id,
                    "user": user_id,
                    "ts": self.workspace.next_ts(),
                    "text": text,
                    "blocks": copy.deepcopy(blocks or []),
                    "thread_ts": None,
                }
            )
            self._cond.notify_all()

    def user_names(self) -> dict[str, str]:
        """Every user's display name by id (real name where there is one)."""
        with self._cond:
            return {
                uid: str(rec.get("real_name") or rec.get("name") or uid)
                for uid, rec in self.workspace.users.items()
            }
