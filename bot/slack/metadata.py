"""`private_metadata`: what a modal carries between opening and submitting, one way for all.

Slack returns it unchanged, but anyone can post a view submission with any metadata: it says
what the modal was about, never who may act on it (listeners check that in the database).
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.core.errors import BadPayload
from bot.core.i18n import Language
from bot.slack.payload import MAX_ID


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
            metadata = cls.model_validate_json(raw)
        except ValidationError:
            raise BadPayload(f"{cls.__name__}: unreadable private_metadata") from None
        if any(_out_of_range(value) for value in metadata.model_dump().values()):
            raise BadPayload(f"{cls.__name__}: a number no row can have")
        return metadata


def _out_of_range(value: object) -> bool:
    """An id (or a list or map of ids) beyond what the database holds: forged."""
    if isinstance(value, dict):
        return any(_out_of_range(item) for pair in value.items() for item in pair)
    if isinstance(value, list | tuple | set | frozenset):
        return any(_out_of_range(item) for item in value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID
