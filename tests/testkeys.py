"""One encryption key per test run, shared by the in-process app, the bot process and the
fixtures that read and write case text directly."""

from __future__ import annotations

from cryptography.fernet import Fernet, MultiFernet

from models.sealed import KeyRing

TEST_KEY = Fernet.generate_key().decode("ascii")


def ring(*keys: str) -> KeyRing:
    """A key ring of `keys` (newest first), or of the run's key."""
    fernets = [Fernet(key.encode("ascii")) for key in (keys or (TEST_KEY,))]
    return KeyRing(MultiFernet(fernets), newest=fernets[0])
