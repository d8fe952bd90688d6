"""The audit log (no content): who set up a team, changed settings or roles, exported or
forgot a person's data, rotated keys — and when.

A forgotten person is named here only by a keyed pseudonym: the same Slack id always gives the
same pseudonym under the same key, so an auditor can still see that entries belong together,
but the id cannot be recovered without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from models import AuditEntry

OPERATOR = "operator"  # the command line: whoever runs `sparring-bot` on the server


class Action:
    """What an entry records (fixed words; the column holds up to 32 characters)."""

    TEAM_SET_UP = "team_set_up"
    SETTINGS_CHANGED = "settings_changed"
    TOPICS_CHANGED = "topics_changed"
    ROLES_CHANGED = "roles_changed"
    EXCLUDED = "rotation_excluded"
    INCLUDED = "rotation_included"
    EXPORTED = "data_exported"
    FORGOTTEN = "person_forgotten"
    KEYS_ROTATED = "keys_rotated"
    RULES_ADOPTED = "rules_adopted"
    RULES_DECLINED = "rules_declined"
    MEETING_CHANGED = "meeting_changed"
    LEAD_HANDED_OVER = "lead_handed_over"


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str | None = None,
    channel_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Add one entry to the audit log, in the caller's transaction."""
    session.add(
        AuditEntry(
            actor=actor[:64],
            action=action[:32],
            subject=subject[:64] if subject else None,
            channel_id=channel_id,
            detail=detail[:200] if detail else None,
        )
    )


def pseudonym(key: str, user_id: str) -> str:
    """A keyed pseudonym of a Slack id (HMAC-SHA256 under a key derived from `key`)."""
    secret = hmac.new(
        base64.urlsafe_b64decode(key.encode("ascii")), b"sparring audit pseudonym", "sha256"
    ).digest()
    digest = hmac.new(secret, user_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"p:{digest[:20]}"


def pseudonymise(session: Session, *, user_id: str, alias: str) -> int:
    """Replace the person's Slack id by `alias` in every entry; returns how many changed."""
    changed = 0
    for column in (AuditEntry.actor, AuditEntry.subject):
        result = session.execute(
            update(AuditEntry)
            .where(column == user_id)
            .values({column.key: alias})
            .execution_options(synchronize_session=False)
        )
        changed += result.rowcount  # type: ignore[attr-defined]
    return changed


def entries(session: Session, *, since: datetime | None = None) -> list[AuditEntry]:
    """The audit log, oldest first, from `since` on."""
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    return list(session.scalars(query))


def mentions(session: Session, *, user_id: str) -> list[AuditEntry]:
    """Entries in which the person acted or was acted on."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(or_(AuditEntry.actor == user_id, AuditEntry.subject == user_id))
            .order_by(AuditEntry.id)
        )
    )


def describe(entry: AuditEntry) -> str:
    """One line for `sparring-bot audit`."""
    parts = [entry.at.isoformat(timespec="seconds"), entry.actor, entry.action]
    if entry.subject:
        parts.append(f"subject={entry.subject}")
    if entry.channel_id:
        parts.append(f"channel={entry.channel_id}")
    if entry.detail:
        parts.append(f"({entry.detail})")
    return " ".join(parts)
