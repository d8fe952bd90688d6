"""What the bot posts in a request's thread for someone: an answer through *Svar*, a thank-you.

The bot posts them (rather than the person typing in the thread) so that retention can delete
them; their notification text is neutral, the words are in the blocks.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.blocks import SectionBlock
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import NotAllowed
from bot.core.i18n import t
from bot.requests.form import RequestRef
from bot.requests.render import queue_refresh, show_request
from bot.requests.service import check_pressed, get_request, record_answer, record_confirmation
from bot.slack import outbox
from bot.slack.client import quick_client
from bot.slack.ids import Block
from bot.slack.mrkdwn import escape, join_people
from bot.slack.posting import post_once
from models import LIVE_STATUSES, OutboxMessage, SparringRequest


def answerable(
    session_factory: sessionmaker[Session], *, ref: RequestRef, user_id: str
) -> SparringRequest:
    """The request the reply modal is about, if this person holds it and it is still live."""
    with session_factory() as session:
        request = check_pressed(session, request_id=ref.request_id, generation=ref.generation)
    if request.status not in LIVE_STATUSES or request.message_ts is None:
        raise NotAllowed(
            f"reply to {request.id} in {request.status}",
            key="msg.already_closed",
            block=Block.ANSWER,
        )
    if user_id not in request.recipient_ids:
        raise NotAllowed(f"{user_id} does not hold {request.id}")
    return request


def post_answer(
    client: WebClient, *, request: SparringRequest, author_id: str, answer: str, key: str
) -> tuple[str, str]:
    """Post the answer in the request's thread, fast and without a second post (the modal waits
    for it, within Slack's 3 seconds); returns (channel, ts). After a 5xx it looks once in the
    thread for `key`, as Slack may have stored it anyway. Raises Slack's errors."""
    posted = post_once(
        quick_client(client),
        channel_id=request.channel_id or "",
        key=key,
        thread_ts=request.message_ts,
        text=t("msg.answer_fallback", request.language, author=author_id),
        blocks=[
            SectionBlock(
                text=t("msg.answer", request.language, author=author_id, text=escape(answer))
            )
        ],
        attempts=1,
    )
    return posted.channel_id, posted.ts


def record_posted_answer(
    client: WebClient,
    session_factory: sessionmaker[Session],
    *,
    request_id: int,
    author_id: str,
    posted: tuple[str, str],
    confirmed: bool = False,
) -> bool:
    """Remember the posted answer, `posted` as (channel, ts) (to delete it later; and, with
    `confirmed`, that its author confirmed it named nobody) and show the request as answered;
    False when Slack did not show it yet (the scheduled catch-up retries)."""
    channel_id, ts = posted
    with session_factory.begin() as session:
        stored = get_request(session, request_id=request_id)
        if confirmed:
            record_confirmation(session, request=stored, actor_id=author_id)
        changed = record_answer(
            session, request=stored, author_id=author_id, ts=ts, posted_in=channel_id
        )
        if changed is not None:
            queue_refresh(session, request=changed)
    return show_request(client=client, session_factory=session_factory, request_id=request_id)


def queue_closed(
    session: Session, *, request: SparringRequest, requester_id: str, thanks: str | None
) -> None:
    """In the closing transaction: the message is due to show it closed, and the thank-you to
    whoever helped is queued, so neither is lost when Slack fails."""
    queue_refresh(session, request=request)
    helpers = [h for h in (request.accepted_by, request.answered_by) if h] or request.recipient_ids
    if not (thanks and helpers and request.channel_id and request.message_ts):
        return
    said = t(
        "msg.thanks",
        request.language,
        requester=requester_id,
        helpers=join_people(request.language, list(dict.fromkeys(helpers))),
        text=escape(thanks),
    )
    # Case-adjacent words: kept only until posted, then the outbox row is emptied and the
    # post is recorded for retention to delete.
    outbox.enqueue(
        session,
        key=_thanks_key(request.id),
        channel_id=request.channel_id,
        thread_ts=request.message_ts,
        text=t("msg.thanks_fallback", request.language, requester=requester_id),
        blocks=[SectionBlock(text=said).to_dict()],
        request_id=request.id,
    )


def _thanks_key(request_id: int) -> str:
    return f"thanks:{request_id}"


def show_closed(
    *,
    client: WebClient,
    session_factory: sessionmaker[Session],
    request: SparringRequest,
    requester_id: str,
) -> None:
    """After closing (see `queue_closed`): show it on the message, post the thank-you, and
    remind the requester privately that what matters for a decision belongs in the case file
    (notatpligt) — and, if Slack failed, that it is saved and Slack follows shortly."""
    shown = show_request(client=client, session_factory=session_factory, request_id=request.id)
    with session_factory() as session:
        thanks_id = session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.key == _thanks_key(request.id))
        )
    if thanks_id is not None:
        refused = outbox.send_one(
            client=client, session_factory=session_factory, message_id=thanks_id
        )
        shown = shown and refused is None
    if request.channel_id is None:
        return
    text = t("msg.closed_reminder", request.language)
    if not shown:
        text = f"{t('msg.saved_pending', request.language)}\n\n{text}"
    client.chat_postEphemeral(
        channel=request.channel_id, user=requester_id, thread_ts=request.message_ts, text=text
    )
