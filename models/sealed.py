"""Column types that encrypt case content at rest (Fernet), and the key ring they use.

The key ring is per process: `bot.privacy.keys.configure_encryption` sets it once from the
settings when the app or a CLI command starts (nothing happens at import time), and tests set
and reset it in a fixture. A column type cannot take it as an argument: SQLAlchemy builds the
types when the models are imported, before any settings exist.

Stored form: ``fernet:<token>``. A value without the prefix was stored in plain before
encryption existed (or with ``ENCRYPTION=off``); it is read as it is, and `sparring-bot rekey`
encrypts it. A token no key opens (a lost key) reads as None: that case text is gone, the
metadata around it stays.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

PREFIX = "fernet:"


class EncryptionNotConfigured(RuntimeError):
    """Case content was about to be written or read before the key ring was set."""


@dataclass(frozen=True)
class KeyRing:
    """The keys in use: the first encrypts, all of them decrypt. None: encryption is off."""

    fernet: MultiFernet | None
    newest: Fernet | None = None

    def seal(self, plain: str) -> str:
        """`plain` as stored: encrypted with the newest key, or as it is when encryption is off."""
        if self.fernet is None:
            return plain
        return PREFIX + self.fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def open(self, stored: str) -> str | None:
        """What `seal` stored, or None when no key opens it (a lost key)."""
        if not stored.startswith(PREFIX):
            return stored  # stored in plain (before this release, or with ENCRYPTION=off)
        if self.fernet is None:
            return None
        try:
            return self.fernet.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
        except InvalidToken:
            # Never the value: only that one could not be read.
            log.warning("a stored case text could not be decrypted with any configured key")
            return None

    def reseal(self, stored: str) -> str | None:
        """`stored` encrypted with the newest key (plain rows too), `stored` itself when it
        already is; None if no key opens it."""
        if self.fernet is None:
            return stored
        if not stored.startswith(PREFIX):
            return self.seal(stored)
        if self.newest is not None:
            try:
                self.newest.decrypt(stored[len(PREFIX) :].encode("ascii"))
                return stored
            except InvalidToken:
                pass
        try:
            token = self.fernet.rotate(stored[len(PREFIX) :].encode("ascii"))
        except InvalidToken:
            return None
        return PREFIX + token.decode("ascii")


_ring: list[KeyRing] = []


def use_key_ring(ring: KeyRing | None) -> None:
    """Set (or with None, forget) this process's key ring."""
    _ring.clear()
    if ring is not None:
        _ring.append(ring)


def key_ring() -> KeyRing:
    """This process's key ring; raises when none was set, so nothing is stored unprotected
    by accident."""
    if not _ring:
        raise EncryptionNotConfigured(
            "the encryption key ring is not configured; call configure_encryption(settings)"
        )
    return _ring[0]


class SealedText(TypeDecorator[str]):
    """Free text tied to a case, encrypted at rest."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else key_ring().seal(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else key_ring().open(value)


class SealedJSON(TypeDecorator[Any]):
    """JSON (Block Kit blocks) that can hold case text, encrypted at rest."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return key_ring().seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        opened = key_ring().open(value)
        return None if opened is None else json.loads(opened)
