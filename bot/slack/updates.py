"""Showing a bot message's current state in Slack until Slack has it (chat.update).

A change marks the message as wanting a new render (`want_update`, in the change's own
transaction). A sender then claims the row, renders its owner — a request, a pair's "did you
meet?" — as it is *then* (the owner's `Render`) and calls chat.update; a failure leaves the mark
for the scheduled catch-up. chat.update is idempotent, so the latest render wins and retrying is
always safe; the claim makes the senders of one message take turns, so an older render never
lands after a newer one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from bot.slack.installations import Clients, pick
from bot.slack.outbox import NOT_INSTALLED, PERMANENT_ERRORS, claim_row
from models import MessageUpdate, utcnow

log = logging.getLogger(__name__)

# Slack's answers after which no render will ever show: the message is given up.
GIVE_UP = PERMANENT_ERRORS | {"message_not_found", "cant_update_message", "edit_window_closed"}
# A change that lands while its message is being sent is sent again at once, this many times.
_ROUNDS = 3


@dataclass(frozen=True)
class Rendered:
    """What one message shows now, and the workspace whose bot token updates it."""

    text: str
    blocks: Sequence[Any]
    workspace_id: str | None


# Renders a claimed row's owner as it is now; None when there is nothing to show any more.
Render = Callable[[Session, MessageUpdate], Rendered | None]


def want_update(
    session: Session,
    *,
    channel_id: str,
    ts: str,
    request_id: int | None = None,
    checkin_id: int | None = None,
) -> None:
    """Mark one message of its owner (a request or a check-in) as due for a render."""
    owner = {"request_id": request_id} if request_id is not None else {"checkin_id": checkin_id}
    bump = (
        update(MessageUpdate)
        .where(MessageUpdate.channel_id == channel_id, MessageUpdate.ts == ts)
        .values(wanted=MessageUpdate.wanted + 1, **owner)
        .execution_options(synchronize_session=False)
    )
    if session.execute(bump).rowcount:  # type: ignore[attr-defined]
        return
    try:
        with session.begin_nested():
            session.add(MessageUpdate(channel_id=channel_id, ts=ts, **owner))
    except IntegrityError:  # another transaction added it first
        session.execute(bump)


def show_due(
    *,
    client: WebClient | Clients,
    session_factory: sessionmaker[Session],
    owner: InstrumentedAttribute[int | None],
    owner_id: int | None,
    render: Render,
    now: datetime | None = None,
) -> int:
    """Send every message of these owners (`owner` is the row's owner column; `owner_id` one
    of them, or None for all) that is still due; how many Slack did not take (still due)."""
    started, began = now or utcnow(), time.monotonic()
    failed: set[int] = set()
    for _ in range(_ROUNDS):
        with session_factory() as session:
            query = select(MessageUpdate.id).where(
                MessageUpdate.shown < MessageUpdate.wanted,
                owner.is_not(None) if owner_id is None else owner == owner_id,
            )
            due = [i for i in session.scalars(query.order_by(MessageUpdate.id)) if i not in failed]
        if not due:
            break
        for update_id in due:
            at = started + timedelta(seconds=time.monotonic() - began)
            if not _show_one(client, session_factory, update_id=update_id, render=render, now=at):
                failed.add(update_id)
    return len(failed)


@dataclass(frozen=True)
class Updates:
    """The message updates of one kind of owner (a request, a pair's check-in): its column on
    message_updates and how it renders."""

    owner: InstrumentedAttribute[int | None]
    render: Render

    def due(
        self,
        client: WebClient | Clients,
        session_factory: sessionmaker[Session],
        owner_id: int | None = None,
        *,
        now: datetime | None = None,
    ) -> int:
        """Send what is due of one owner's messages (None: of every owner of this kind, the
        scheduled catch-up); how many Slack did not take (they stay due)."""
        return show_due(
            client=client,
            session_factory=session_factory,
            owner=self.owner,
            owner_id=owner_id,
            render=self.render,
            now=now,
        )


def _show_one(
    client: WebClient | Clients,
    session_factory: sessionmaker[Session],
    *,
    update_id: int,
    render: Render,
    now: datetime,
) -> bool:
    """Render and send one message; False when Slack failed and it stays due."""
    with session_factory.begin() as session:
        claimed = claim_row(
            session, MessageUpdate, update_id, MessageUpdate.shown < MessageUpdate.wanted, now=now
        )
        if claimed is None:
            return True  # shown already, or another sender is on it and will re-check
        shown = render(session, claimed)
        channel_id, ts, wanted = claimed.channel_id, claimed.ts, claimed.wanted
        if shown is None:  # its owner has nothing to show any more
            claimed.claimed_at, claimed.shown = None, wanted
            return True
    speaker = pick(client, shown.workspace_id)
    try:
        if speaker is not None:
            speaker.chat_update(channel=channel_id, ts=ts, text=shown.text, blocks=shown.blocks)
    except (SlackApiError, SlackClientError, OSError) as error:
        code = (
            str(error.response.get("error") or f"http_{error.response.status_code}")
            if isinstance(error, SlackApiError)
            else type(error).__name__
        )
    else:
        # No client: the workspace uninstalled the app, its messages stay as they are.
        code = None if speaker is not None else NOT_INSTALLED
    with session_factory.begin() as session:
        stored = session.get(MessageUpdate, update_id)
        assert stored is not None
        stored.claimed_at, stored.last_error = None, None if code is None else code[:64]
        if code is None:
            stored.shown = max(stored.shown, wanted)
        elif code in GIVE_UP:  # no render will ever show, nor any change marked meanwhile
            stored.shown = stored.wanted
    if code is not None:
        log.warning("message update %s not taken by Slack: %s", update_id, code)
    return code is None or code in GIVE_UP
