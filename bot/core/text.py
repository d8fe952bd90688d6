"""Cleaning free text from Slack before the bot stores, matches or posts it.

Slack passes through what a client sends, and a forged payload can send anything: a NUL byte
that PostgreSQL refuses in a text column (SQLite takes it), control characters that Slack
would not show, decomposed letters that look the same as composed ones but compare unequal.
One function cleans them, so every text is the same on both databases.
"""

from __future__ import annotations

import unicodedata

# Line breaks and tabs are part of what people write; other control characters are not.
_KEPT = frozenset("\n\t")


def clean_text(value: str) -> str:
    """`value` in NFC, with Windows line ends made plain, control characters and lone surrogates
    removed, and leading and trailing whitespace stripped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", "".join(_shown(value)))
    return value.strip()


def _shown(value: str) -> list[str]:
    # Cc: controls, NUL among them; Cs: lone surrogates, which no UTF-8 encoder takes. Unassigned
    # code points stay: they may be letters or emoji newer than this Python's Unicode tables.
    return [c for c in value if c in _KEPT or unicodedata.category(c) not in ("Cc", "Cs")]
