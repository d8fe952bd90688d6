"""Forgetting a person (GDPR art. 17): their case text is deleted, their Slack id everywhere
replaced by a keyed pseudonym, their memberships and roles removed, and the bot's messages that
carry their case content deleted in Slack.

What stays is metadata others need (a request someone else made keeps its history, with the
forgotten person as a pseudonym). Running it again finds nothing and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.privacy import audit, team_records
from bot.requests.retention import clear_content
from models import (
    ExpertRole,
    HomeRefresh,
    MeetingItem,
    MeetingSettings,
    OutboxMessage,
    PairCheckin,
    PairSkip,
    PairWish,
    Reply,
    RequestEvent,
    RequestRecipient,
    RoundMember,
    RulesProposal,
    RulesVersion,
    SparringRequest,
    Team,
    TeamMember,
)

# Slack answers these when the message is already gone: nothing left to delete.
_ALREADY_GONE = frozenset({"message_not_found", "channel_not_found", "is_archived"})


@dataclass
class Forgotten:
    """What forgetting did (or would do), counted per kind of data."""

    alias: str
    counts: dict[str, int] = field(default_factory=dict)
    slack_messages: list[tuple[str, str]] = field(default_factory=list)
    slack_failed: list[tuple[str, str]] = field(default_factory=list)
    # Their requests whose messages are deleted in Slack (then marked cleaned).
    requests: list[int] = field(default_factory=list)

    def lines(self, *, dry_run: bool) -> list[str]:
        """One line per change, for the operator."""
        out = [f"{name}: {count}" for name, count in self.counts.items() if count]
        if not out and not self.slack_messages:
            return [f"nothing stored about the person (pseudonym {self.alias}); nothing changed"]
        out.append(f"bot messages in Slack to delete: {len(self.slack_messages)}")
        out += [
            f"slack message {c} {ts}: not deleted; `sparring-bot due` reduces it to metadata"
            for c, ts in self.slack_failed
        ]
        head = "would be replaced by" if dry_run else "replaced by"
        return [f"Slack id {head} pseudonym {self.alias}", *out]


def forget_in_database(session: Session, *, user_id: str, alias: str, now: datetime) -> Forgotten:
    """Delete and pseudonymise the person's data in one transaction; Slack is done after."""
    done = Forgotten(alias)
    counts = done.counts
    made = session.scalars(
        select(SparringRequest).where(SparringRequest.requester_id == user_id)
    ).all()
    for request in made:
        if request.content_deleted_at is None or request.slack_cleared_at is None:
            cleared = clear_content(session, request=request, now=now)
            # Their own case's messages go entirely; a failure leaves retention to reduce them.
            if request.channel_id and request.message_ts:
                done.slack_messages.append((request.channel_id, request.message_ts))
            done.slack_messages += cleared.bot_posts
            done.requests.append(request.id)
        request.requester_id = alias
    counts["requests made (case text deleted, pseudonymised)"] = len(made)
    # Answers they posted through the bot in others' threads hold their words.
    posts = session.scalars(
        select(Reply).where(Reply.author_id == user_id, Reply.posted_by_bot.is_(True))
    ).all()
    done.slack_messages += [(r.channel_id, r.ts) for r in posts if r.channel_id]
    counts["answers posted by the bot (deleted)"] = len(posts)
    for reply in posts:
        session.delete(reply)
    for label, column in (
        ("requests accepted", SparringRequest.accepted_by),
        ("requests answered", SparringRequest.answered_by),
        ("requests received", RequestRecipient.user_id),
        ("request events", RequestEvent.actor_id),
        ("replies", Reply.author_id),
        ("buddy round places", RoundMember.user_id),
        ("did-you-meet answers given", PairCheckin.answered_by),
        # Someone else's wish to be kept apart from them stays that person's, under the alias.
        ("not-with wishes naming them", PairWish.other_id),
        ("expert roles assigned to others", ExpertRole.assigned_by),
        ("teams created", Team.created_by),
        # The rules stay (they are the team's); who proposed and decided them is pseudonymised.
        ("rule proposals made", RulesProposal.proposed_by),
        ("rule proposals decided", RulesProposal.decided_by),
        ("rule versions proposed", RulesVersion.proposed_by),
        ("rule versions adopted", RulesVersion.adopted_by),
        ("meeting cases marked", MeetingItem.marked_by),
        ("meeting settings changed", MeetingSettings.updated_by),
    ):
        counts[label] = _replace(session, column, user_id, alias)
    counts["rule proposals supported"] = team_records.unsupport(
        session, user_id=user_id, alias=alias
    )
    counts["team memberships (deleted)"] = _delete(session, TeamMember, TeamMember.user_id, user_id)
    counts["not-with wishes (deleted)"] = _delete(session, PairWish, PairWish.user_id, user_id)
    counts["periods skipped (deleted)"] = _delete(session, PairSkip, PairSkip.user_id, user_id)
    counts["expert roles (deleted)"] = _delete(session, ExpertRole, ExpertRole.user_id, user_id)
    # Only that their App Home was due for a refresh: nothing to keep.
    counts["App Home refreshes (deleted)"] = _delete(
        session, HomeRefresh, HomeRefresh.user_id, user_id
    )
    counts["outbox messages naming them (emptied)"] = _empty_outbox(session, user_id, alias)
    counts["audit entries (pseudonymised)"] = audit.pseudonymise(
        session, user_id=user_id, alias=alias
    )
    return done


def _replace(session: Session, column: object, user_id: str, alias: str) -> int:
    result = session.execute(
        update(column.class_)  # type: ignore[attr-defined]
        .where(column == user_id)
        .values({column.key: alias})  # type: ignore[attr-defined]
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _delete(session: Session, model: type, column: object, user_id: str) -> int:
    result = session.execute(
        delete(model).where(column == user_id).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _empty_outbox(session: Session, user_id: str, alias: str) -> int:
    """Outbox rows that mention the person (pair announcements, group messages) or are sent to
    them (a meeting case's place in the queue): their text is emptied and their recipients
    pseudonymised; an unsent one is not sent any more."""
    mention = re.compile(rf"\b{re.escape(user_id)}\b")
    changed = 0
    rows = session.scalars(
        select(OutboxMessage).where(
            or_(
                OutboxMessage.users.contains(user_id),
                OutboxMessage.channel_id == user_id,
                OutboxMessage.text.is_not(None),
            )
        )
    )
    for message in rows:
        named = mention.search(message.text or "") or mention.search(str(message.blocks or ""))
        to_them = message.channel_id == user_id or mention.search(message.users or "")
        if not (named or to_them):
            continue
        message.text, message.blocks = "", None
        if message.users:
            message.users = mention.sub(alias, message.users)
        if message.channel_id == user_id:
            message.channel_id = alias
        if message.posted_at is None and message.abandoned_at is None:
            message.abandoned_at, message.last_error = message.created_at, "person_forgotten"
        changed += 1
    return changed


def delete_in_slack(client: WebClient, done: Forgotten) -> None:
    """Delete the bot's messages that carried the person's case content or words."""
    for channel_id, ts in dict.fromkeys(done.slack_messages):
        try:
            client.chat_delete(channel=channel_id, ts=ts)
        except SlackApiError as error:
            if error.response.get("error") not in _ALREADY_GONE:
                done.slack_failed.append((channel_id, ts))
        except (SlackClientError, OSError):
            done.slack_failed.append((channel_id, ts))


def forget(
    *,
    session_factory: sessionmaker[Session],
    client: WebClient | None,
    user_id: str,
    alias: str,
    now: datetime,
    dry_run: bool,
) -> Forgotten:
    """Forget the person: the database in one transaction (rolled back on a dry run), then
    Slack. Noted in the audit log under the pseudonym only."""
    with session_factory() as session:
        done = forget_in_database(session, user_id=user_id, alias=alias, now=now)
        if dry_run:
            session.rollback()
            return done
        audit.record(session, actor=audit.OPERATOR, action=audit.Action.FORGOTTEN, subject=alias)
        session.commit()
    if client is None or not done.slack_messages:
        return done
    delete_in_slack(client, done)
    if not done.slack_failed:
        # Else retention's Slack step (run by `due`) reduces what is left to metadata.
        with session_factory.begin() as session:
            session.execute(
                update(SparringRequest)
                .where(SparringRequest.id.in_(done.requests))
                .values(slack_cleared_at=now)
                .execution_options(synchronize_session=False)
            )
    return done
