"""The audit log: who did what to the bot's set-up and data, and when; never case content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    """One administrative act: team set-up, settings, roles, rules, exports, deletions, keys.

    `actor` and `subject` are Slack ids, "operator" for the command line, or — once the person
    was forgotten — a keyed pseudonym ("p:…"). `detail` is a short fixed phrase or a list of
    setting names, never text anyone typed about a case.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(String(64), index=True)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(200))
