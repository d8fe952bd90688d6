"""Posting a message at most once, although Slack sometimes stores a post and answers 5xx.

`chat.postMessage` has no idempotency key, and Slack can store a message and still answer a
5xx or drop the connection. A blind retry then posts a second copy. Every post the bot makes
therefore carries its key in the message metadata; after a failure that may have stored it, the
channel (or the thread) is searched for the key before posting again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

METADATA_EVENT = "sparring_outbox"
POST_ATTEMPTS = 3


class ClaimLost(Exception):
    """Another sender took the message over: this one must not post it."""


@dataclass(frozen=True)
class Posted:
    """Where a message is: its channel and ts."""

    channel_id: str
    ts: str


def post_once(
    client: WebClient,
    *,
    channel_id: str,
    key: str,
    text: str,
    blocks: list[Any] | None = None,
    thread_ts: str | None = None,
    look_first: bool = False,
    attempts: int = POST_ATTEMPTS,
    before_post: Callable[[], bool] | None = None,
) -> Posted:
    """Post a message carrying `key`, unless Slack already has one; raises Slack's last error.

    After a 5xx or a lost connection it looks for the key before posting again (and once more
    after the last attempt). `look_first` when an earlier attempt may have posted it (a claim
    taken over, a retry). `before_post` renews the caller's claim; False raises `ClaimLost`.
    """
    failure: Exception | None = None
    for _ in range(attempts):
        if look_first:
            found = find_posted(client, channel_id=channel_id, key=key, thread_ts=thread_ts)
            if found is not None:
                return found
        if before_post is not None and not before_post():
            raise ClaimLost(key)
        try:
            response = client.chat_postMessage(
                channel=channel_id,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
                unfurl_links=False,
            )
        except SlackApiError as error:
            if error.response.status_code < 500:
                raise
            failure = error
        except OSError as error:  # a timeout or a dropped connection: maybe stored, maybe not
            failure = error
        else:
            return Posted(str(response["channel"]), str(response["ts"]))
        log.info("post %s failed (%s); looking before posting again", key, _brief(failure))
        look_first = True
    try:
        found = find_posted(client, channel_id=channel_id, key=key, thread_ts=thread_ts)
    except (SlackApiError, OSError):
        found = None
    if found is not None:
        return found
    assert failure is not None
    raise failure


def _brief(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return f"HTTP {error.response.status_code}"
    return type(error).__name__


def find_posted(
    client: WebClient, *, channel_id: str, key: str, thread_ts: str | None = None
) -> Posted | None:
    """The message carrying `key` among the channel's recent messages, or in the thread
    (conversations.history lists top-level messages only)."""
    if thread_ts:
        found = client.conversations_replies(
            channel=channel_id, ts=thread_ts, limit=200, include_all_metadata=True
        )
    else:
        found = client.conversations_history(
            channel=channel_id, limit=100, include_all_metadata=True
        )
    for item in found.get("messages") or []:
        metadata = item.get("metadata") or {}
        if (
            metadata.get("event_type") == METADATA_EVENT
            and (metadata.get("event_payload") or {}).get("key") == key
        ):
            return Posted(channel_id, str(item["ts"]))
    return None
