"""What the bot knows about Slack users: cached `users.info` lookups (locale, bot, deactivated)."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.i18n import Language, language_for_locale

# Slackbot is a bot, but users.info reports it as is_bot=false.
SLACKBOT_ID = "USLACKBOT"


@dataclass(frozen=True)
class SlackUser:
    """The facts about a user that decide whether and how the bot talks to them."""

    id: str
    is_bot: bool
    deleted: bool
    is_admin: bool
    locale: str | None

    @property
    def is_human(self) -> bool:
        """An active person, not a bot or a deactivated account."""
        return not (self.is_bot or self.deleted or self.id == SLACKBOT_ID)


class UserDirectory:
    """A thread-safe, time-limited cache in front of `users.info` (tier 4)."""

    def __init__(
        self,
        client: WebClient,
        *,
        default_language: Language,
        ttl_seconds: float = 3600,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._default_language = default_language
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        # By user id, then by workspace (None: single-token mode, or the base client).
        self._cache: dict[str, dict[str | None, tuple[float, SlackUser | None]]] = {}
        self._workspace: str | None = None

    def using(self, client: WebClient, workspace_id: str) -> UserDirectory:
        """The same cache, asking Slack with `client` (a workspace's bot token, with many
        workspaces) and keeping its answers for `workspace_id`: one person in several
        workspaces of an Enterprise Grid org has one user id, but is an admin (or deactivated)
        in each workspace on its own."""
        other = copy.copy(self)
        other._client = client
        other._workspace = workspace_id
        return other

    def _cached(self, user_id: str) -> tuple[float, SlackUser | None] | None:
        with self._lock:
            return self._cache.get(user_id, {}).get(self._workspace)

    def get(self, user_id: str) -> SlackUser | None:
        """The user, or None when Slack does not know them."""
        now = self._clock()
        cached = self._cached(user_id)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        try:
            response = self._client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            if error.response.get("error") != "user_not_found":
                raise
            user = None
        else:
            data = response["user"]
            user = SlackUser(
                id=data["id"],
                is_bot=bool(data.get("is_bot")) or data["id"] == SLACKBOT_ID,
                deleted=bool(data.get("deleted")),
                is_admin=bool(data.get("is_admin") or data.get("is_owner")),
                locale=data.get("locale"),
            )
        with self._lock:
            self._cache.setdefault(user_id, {})[self._workspace] = (now, user)
        return user

    def language(self, user_id: str) -> Language:
        """The user's language from their Slack locale, looked up if not cached."""
        user = self.get(user_id)
        return language_for_locale(user.locale if user else None, self._default_language)

    def cached_language(self, user_id: str) -> Language:
        """The user's language if already known, without any I/O (for the 3-second path)."""
        cached = self._cached(user_id)
        user = cached[1] if cached else None
        return language_for_locale(user.locale if user else None, self._default_language)

    def is_admin(self, user_id: str) -> bool:
        """Whether the user is a workspace admin or owner (looked up if not cached)."""
        user = self.get(user_id)
        return user is not None and user.is_admin

    def forget(self, user_id: str) -> None:
        """Drop a cached user (in every workspace), e.g. after a `user_change` event."""
        with self._lock:
            self._cache.pop(user_id, None)


def workspace_admins(client: WebClient) -> list[str]:
    """The workspace's admins and owners (people, not bots nor deactivated accounts), from
    `users.list` (tier 2: called only when a team has lost its lead)."""
    found: list[str] = []
    cursor: str | None = None
    while True:
        response = client.users_list(limit=200, cursor=cursor)
        for member in response.get("members") or []:
            person = not (member.get("is_bot") or member.get("deleted"))
            if (
                person
                and member.get("id") != SLACKBOT_ID
                and (member.get("is_admin") or member.get("is_owner"))
            ):
                found.append(str(member["id"]))
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return found
