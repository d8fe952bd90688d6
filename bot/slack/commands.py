"""One use of the `/sparring` command, as the capabilities that answer it see it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.i18n import Language
from bot.deps import Deps

# With escaping on (see manifest.yml) Slack sends mentions as <@U123|name>.
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class Invocation:
    """Who typed the command, where, in which language, with which words."""

    deps: Deps
    user_id: str
    channel_id: str
    language: Language
    word: str
    args: list[str]

    def target(self) -> tuple[str | None, list[str]]:
        """A person mentioned first in the arguments, and the rest."""
        return mentioned(self.args)


def mentioned(args: list[str]) -> tuple[str | None, list[str]]:
    """A person mentioned first in the arguments, and the rest."""
    if args and (match := _MENTION.match(args[0])):
        return match[1], args[1:]
    return None, args
