"""Encryption keys: making one, setting this process's key ring, and re-encrypting every row.

The key ring lives in models/sealed.py (one per process, set here from the settings at start;
tests set and reset it). `rekey` walks each encrypted column in batches by primary key, each
batch its own short transaction, and writes a row only if it still holds what was read: safe
beside a running bot, and resumable (a second run finds nothing left to change).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import ColumnElement, Table, Text, literal, select, type_coerce, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from models import OutboxMessage, SparringRequest
from models.sealed import KeyRing, key_ring, use_key_ring

BATCH = 200

# Every column that holds case content, encrypted at rest.
SEALED_COLUMNS: tuple[tuple[Table, str], ...] = (
    (SparringRequest.__table__, "child_text"),  # type: ignore[arg-type]
    (SparringRequest.__table__, "parenting_text"),  # type: ignore[arg-type]
    (SparringRequest.__table__, "family_text"),  # type: ignore[arg-type]
    (SparringRequest.__table__, "question_text"),  # type: ignore[arg-type]
    (OutboxMessage.__table__, "text"),  # type: ignore[arg-type]
    (OutboxMessage.__table__, "blocks"),  # type: ignore[arg-type]
)


def new_key() -> str:
    """A fresh Fernet key (32 random bytes, URL-safe base64)."""
    return Fernet.generate_key().decode("ascii")


def ring_from_settings(settings: Settings) -> KeyRing:
    """The key ring the settings describe (no keys and ENCRYPTION=off: store in plain)."""
    keys = settings.fernet_keys()
    if not keys:
        return KeyRing(None)
    fernets = [Fernet(key.encode("ascii")) for key in keys]
    return KeyRing(MultiFernet(fernets), newest=fernets[0])


def configure_encryption(settings: Settings) -> None:
    """Set this process's key ring from the settings; call once at start."""
    use_key_ring(ring_from_settings(settings))


@dataclass
class RekeyReport:
    """What `rekey` changed, per table and column."""

    resealed: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """One line per column with something to say."""
        out = [f"{name}: {count} re-encrypted" for name, count in self.resealed.items() if count]
        out += [
            f"{name}: {count} not readable with any key (left as they are)"
            for name, count in self.unreadable.items()
            if count
        ]
        return out


def rekey(session_factory: sessionmaker[Session], *, batch: int = BATCH) -> RekeyReport:
    """Re-encrypt every case column with the newest key, plain rows included."""
    ring = key_ring()
    report = RekeyReport()
    for table, name in SEALED_COLUMNS:
        label = f"{table.name}.{name}"
        report.resealed[label] = report.unreadable[label] = 0
        raw = type_coerce(table.c[name], Text())
        for rows in _batches(session_factory, table, raw, batch=batch):
            with session_factory.begin() as session:
                for row_id, stored in rows:
                    resealed = ring.reseal(stored)
                    if resealed is None:
                        report.unreadable[label] += 1
                    elif resealed != stored:
                        # Only if nobody changed the row meanwhile (the running bot may have).
                        changed = session.execute(
                            update(table)
                            .where(table.c.id == row_id, raw == stored)
                            .values({name: literal(resealed, Text())})
                            .execution_options(synchronize_session=False)
                        )
                        report.resealed[label] += changed.rowcount  # type: ignore[attr-defined]
    return report


def _batches(
    session_factory: sessionmaker[Session], table: Table, raw: ColumnElement[str], *, batch: int
) -> Iterator[list[tuple[int, str]]]:
    """The stored values of a column as they are (not decrypted), in batches by id."""
    last = 0
    while True:
        with session_factory() as session:
            rows = [
                (int(row_id), str(value))
                for row_id, value in session.execute(
                    select(table.c.id, raw)
                    .where(table.c.id > last, raw.is_not(None))
                    .order_by(table.c.id)
                    .limit(batch)
                )
            ]
        if not rows:
            return
        yield rows
        last = rows[-1][0]
