"""Every Slack id is declared once: no two names in an id enum share a value."""

from __future__ import annotations

from enum import StrEnum

import pytest

from bot.slack.ids import Action, Block, Callback


@pytest.mark.parametrize("ids", [Callback, Block, Action])
def test_no_two_ids_share_a_value(ids: type[StrEnum]) -> None:
    # __members__ includes aliases, which iterating the enum would silently skip.
    values = [member.value for member in ids.__members__.values()]
    assert len(set(values)) == len(values)
