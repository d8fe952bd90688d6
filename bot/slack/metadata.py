"""`private_metadata`: what a modal carries between opening and submitting, one way for all.

Slack returns it unchanged, but anyone can post a view submission with any metadata: it says
what the modal was about, never who may act on it (listeners check that in the database).
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.core.errors import BadPayload
from bot.core.i18n import Language


class Metadata(BaseModel):
    """Base of every modal's metadata: frozen, strict about unknown fields, JSON both ways."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Language

    def dump(self) -> str:
        """Serialise for Slack (well under the 3,000-character limit)."""
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def load(cls, view: object) -> Self:
        """Read the metadata of a submitted view; a forged or broken one is a BadPayload."""
        raw = view.get("private_metadata") if isinstance(view, dict) else None
        if not isinstance(raw, str):
            raise BadPayload(f"{cls.__name__}: no private_metadata")
        try:
            return cls.model_validate_json(raw)
        except ValidationError:
            raise BadPayload(f"{cls.__name__}: unreadable private_metadata") from None
