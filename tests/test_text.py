"""Cleaning free text from Slack: what is left is the same on SQLite and PostgreSQL."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.core.text import clean_text
from bot.slack.state import selected_user, text_value


def test_control_characters_go_and_line_breaks_stay() -> None:
    assert clean_text(" Dreng\x00, 9 år\x1b[31m\r\nSkole:\tnej\u0085 \ud800") == (
        "Dreng, 9 år[31m\nSkole:\tnej"
    )
    assert clean_text("Bla\u030abær") == "Blåbær"  # composed, however the keyboard sent it
    assert clean_text("\x00 \x07") == ""


@given(st.text())
def test_cleaned_text_holds_nothing_postgresql_refuses_and_cleans_once(value: str) -> None:
    cleaned = clean_text(value)
    assert "\x00" not in cleaned
    assert all(c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs") for c in cleaned)
    cleaned.encode("utf-8")  # no lone surrogates
    assert clean_text(cleaned) == cleaned


def test_a_text_input_of_only_control_characters_reads_as_empty() -> None:
    state = {"b": {"a": {"type": "plain_text_input", "value": "\x00\x00"}}}
    assert text_value(state, "b", "a") is None


def test_a_users_select_holds_a_slack_user_id_or_nothing() -> None:
    def picked(value: object) -> str | None:
        return selected_user({"b": {"a": {"selected_user": value}}}, "b", "a")

    assert picked("U02AB3CD") == "U02AB3CD"
    assert picked("U2\x00") is None
    assert picked("C1") is None
    assert picked("<@U2>") is None
