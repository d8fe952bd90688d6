"""Posting each outbox message exactly once, across restarts, crashes and several replicas.

`chat.postMessage` has no idempotency key. The database row's unique key decides *whether* a
message exists; a claim with a short lease, renewed before each Slack call, decides *who* posts
it; the key also travels in the message's metadata, so a sender that takes over a stale claim
(or retries after a 5xx) first looks in the channel for a copy that was posted but not recorded.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.installations import Clients, pick
from bot.slack.posting import METADATA_EVENT as METADATA_EVENT
from bot.slack.posting import ClaimLost, post_once
from models import MessageUpdate, OutboxMessage, Reply, SparringRequest, Team, utcnow

log = logging.getLogger(__name__)

# Long enough for one message's Slack calls (each renews it), short enough that another replica
# takes over a crashed sender's message within a minute.
CLAIM_LEASE = timedelta(seconds=30)

# The rows claimed by one sender at a time: outbox posts and message updates.
Row = TypeVar("Row", OutboxMessage, MessageUpdate)

# Slack's answers that will not change by trying again: the message is dropped.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "account_inactive",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
        "invalid_blocks",
        "msg_too_long",
        # The workspace uninstalled the app (or revoked its token): nothing more is posted
        # there; its teams' data stays until retention or forgetting.
        "not_installed",
    }
)
NOT_INSTALLED = "not_installed"
# Failures that mean the team's own channel is gone for the bot.
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived", "not_in_channel"})


def enqueue(
    session: Session,
    *,
    key: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    channel_id: str | None = None,
    users: list[str] | None = None,
    team_id: int | None = None,
    thread_ts: str | None = None,
    request_id: int | None = None,
    workspace_id: str | None = None,
) -> bool:
    """Add a message unless one with the key exists; True when it was added.

    With `request_id` it is a post in the request's thread that retention must delete: it is
    recorded as the bot's post there once posted, and its text is emptied here. It is posted
    in `workspace_id`, or the workspace of the team or request.
    """
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)):
        return False
    message = OutboxMessage(
        key=key,
        workspace_id=workspace_id or workspace_of(session, team_id=team_id, request_id=request_id),
        team_id=team_id,
        channel_id=channel_id,
        users=",".join(users) if users else None,
        thread_ts=thread_ts,
        request_id=request_id,
        text=text[:3000],
        blocks=blocks,
    )
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        return False
    return True


def workspace_of(
    session: Session, *, team_id: int | None = None, request_id: int | None = None
) -> str | None:
    """The workspace of a team, or of a request's team (None when neither is known)."""
    if team_id is None and request_id is not None:
        team_id = session.scalar(
            select(SparringRequest.team_id).where(SparringRequest.id == request_id)
        )
    if team_id is None:
        return None
    return session.scalar(select(Team.workspace_id).where(Team.id == team_id))


def enqueue_many(session: Session, messages: list[dict[str, Any]]) -> list[str]:
    """Add each message (the arguments of `enqueue`, as a dict) unless one with its key exists,
    in a few statements whatever their number; the keys that were added, in order."""
    keys = [message["key"] for message in messages]
    existing = set(
        session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys)))
        if keys
        else ()
    )
    fresh = [message for message in messages if message["key"] not in existing]
    if not fresh:
        return []
    teams = {message["team_id"] for message in fresh if message.get("team_id") is not None}
    workspaces = (
        dict(session.execute(select(Team.id, Team.workspace_id).where(Team.id.in_(teams))).all())
        if teams
        else {}
    )
    rows = [
        {
            "key": message["key"],
            "workspace_id": message.get("workspace_id") or workspaces.get(message.get("team_id")),
            "team_id": message.get("team_id"),
            "channel_id": message.get("channel_id"),
            "users": ",".join(message["users"]) if message.get("users") else None,
            "thread_ts": message.get("thread_ts"),
            "request_id": message.get("request_id"),
            "text": message["text"][:3000],
            "blocks": message.get("blocks"),
        }
        for message in fresh
    ]
    try:
        with session.begin_nested():
            session.execute(insert(OutboxMessage), rows)
    except IntegrityError:
        # Another sender added some of them meanwhile: one by one, each keeps its own key.
        return [message["key"] for message in fresh if enqueue(session, **message)]
    return [message["key"] for message in fresh]


def claim_row(
    session: Session, model: type[Row], row_id: int, *still_due: Any, now: datetime
) -> Row | None:
    """Claim the row for this sender at `now` (counting the attempt), unless it is done (not
    `still_due`) or another sender holds it; the row, freshly loaded, or None."""
    result = session.execute(
        update(model)
        .where(
            model.id == row_id,
            *still_due,
            or_(model.claimed_at.is_(None), model.claimed_at < now - CLAIM_LEASE),
        )
        .values(claimed_at=now, attempts=model.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return session.get(model, row_id, populate_existing=True)


def _claim(session: Session, *, message_id: int, now: datetime) -> OutboxMessage | None:
    """Claim the message for this sender at `now`, unless it is posted or someone holds it."""
    return claim_row(
        session,
        OutboxMessage,
        message_id,
        OutboxMessage.posted_at.is_(None),
        OutboxMessage.abandoned_at.is_(None),
        now=now,
    )


def renew_claim(
    session_factory: sessionmaker[Session], *, message_id: int, claimed: datetime, now: datetime
) -> bool:
    """Extend this sender's claim (made at `claimed`) to `now`; False when another sender took
    it over meanwhile, and this one must not post."""
    with session_factory.begin() as session:
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.claimed_at == claimed,
                OutboxMessage.posted_at.is_(None),
            )
            .values(claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined,no-any-return]


def pending_ids(session: Session, *, team_id: int | None = None) -> list[int]:
    """Messages not yet posted nor given up, oldest first."""
    query = select(OutboxMessage.id).where(
        OutboxMessage.posted_at.is_(None), OutboxMessage.abandoned_at.is_(None)
    )
    if team_id is not None:
        query = query.where(OutboxMessage.team_id == team_id)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def send_pending(
    *,
    client: WebClient | Clients,
    session_factory: sessionmaker[Session],
    team_id: int | None = None,
    now: datetime | None = None,
) -> list[OutboxMessage]:
    """Post every pending message this process can claim; returns those Slack refused (for good
    when `abandoned_at` is set, else they are tried again on the next run)."""
    with session_factory() as session:
        ids = pending_ids(session, team_id=team_id)
    failed: list[OutboxMessage] = []
    for message_id in ids:
        outcome = send_one(
            client=client, session_factory=session_factory, message_id=message_id, now=now
        )
        if outcome is not None:
            failed.append(outcome)
    return failed


def send_one(
    *,
    client: WebClient | Clients,
    session_factory: sessionmaker[Session],
    message_id: int,
    now: datetime | None = None,
) -> OutboxMessage | None:
    """Post one message if this process wins its claim, with its workspace's bot token;
    returns it when Slack refused (or its workspace uninstalled the app)."""
    started, began = now or utcnow(), time.monotonic()
    claim = started
    with session_factory.begin() as session:
        message = _claim(session, message_id=message_id, now=claim)
        if message is None:
            return None
        # On any retry: the earlier attempt may have posted and died (or timed out) before
        # recording it.
        taking_over = message.attempts > 1
        workspace_id = message.workspace_id or workspace_of(
            session, team_id=message.team_id, request_id=message.request_id
        )
    speaker = pick(client, workspace_id)
    if speaker is None:
        return _give_up(session_factory, message_id=message_id, code=NOT_INSTALLED)

    def still_mine() -> bool:
        nonlocal claim
        renewed = started + timedelta(seconds=time.monotonic() - began)
        if not renew_claim(session_factory, message_id=message_id, claimed=claim, now=renewed):
            return False
        claim = renewed
        return True

    try:
        channel_id = (
            message.channel_id or speaker.conversations_open(users=message.users)["channel"]["id"]
        )
        posted = post_once(
            speaker,
            channel_id=channel_id,
            key=message.key,
            text=message.text,
            blocks=message.blocks,
            thread_ts=message.thread_ts,
            look_first=taking_over,
            before_post=still_mine,
        )
    except ClaimLost:
        log.info("outbox %s (%s) taken over by another sender", message_id, message.key)
        return None
    except (SlackApiError, SlackClientError, OSError) as error:
        code = (
            str(error.response.get("error"))
            if isinstance(error, SlackApiError)
            else type(error).__name__
        )
        log.warning("outbox %s (%s) not posted: %s", message_id, message.key, code)
        return _give_up(session_factory, message_id=message_id, code=code)
    with session_factory.begin() as session:
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None
        stored.posted_at = utcnow()
        stored.posted_channel_id = posted.channel_id
        stored.ts = posted.ts
        stored.last_error = None
        if stored.request_id is not None:
            # A post in a request's thread (a thank-you): retention deletes it from Slack, and
            # its words are not kept here.
            _record_thread_post(session, message=stored)
    return None


def _give_up(
    session_factory: sessionmaker[Session], *, message_id: int, code: str
) -> OutboxMessage:
    """Record a failed attempt: dropped for good when Slack's answer will not change."""
    with session_factory.begin() as session:
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None
        stored.last_error = code[:64]
        stored.claimed_at = None
        if code in PERMANENT_ERRORS:
            stored.abandoned_at = utcnow()
    return stored


def _record_thread_post(session: Session, *, message: OutboxMessage) -> None:
    request = session.get(SparringRequest, message.request_id)
    if request is not None and message.ts is not None:
        request.replies.append(
            Reply(
                author_id=request.requester_id,
                ts=message.ts,
                channel_id=message.posted_channel_id,
                posted_by_bot=True,
            )
        )
        if request.content_deleted_at is not None:
            request.slack_cleared_at = None  # posted after retention ran: it deletes this too
    message.text, message.blocks = "", None


def send_key(
    *, client: WebClient | Clients, session_factory: sessionmaker[Session], key: str
) -> OutboxMessage | None:
    """Post the message queued under `key` now, if it is still due; returns it when Slack
    refused (the scheduled catch-up retries what was not posted)."""
    with session_factory() as session:
        message_id = session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key))
    if message_id is None:
        return None
    return send_one(client=client, session_factory=session_factory, message_id=message_id)
