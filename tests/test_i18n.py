"""The catalogue: every key in both languages, placeholders alike, locales mapped."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bot.core.i18n import CATALOGUE, language_for_locale, t
from bot.requests.choices import FeedbackMode, Form, HelpKind, RequestKind, Route

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_danish_and_english_with_the_same_placeholders(key: str) -> None:
    danish, english = CATALOGUE[key]
    assert danish.strip()
    assert english.strip()

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert names(danish) == names(english)


@pytest.mark.parametrize(
    ("prefix", "choices"),
    [
        ("kind", RequestKind),
        ("help_kind", HelpKind),
        ("form", Form),
        ("feedback", FeedbackMode),
        ("route", Route),
    ],
)
def test_every_choice_has_a_label_within_slacks_option_limit(prefix: str, choices: type) -> None:
    for choice in choices:
        for language in ("da", "en"):
            assert 0 < len(t(f"{prefix}.{choice}", language)) <= 75


def test_every_key_used_in_the_code_exists() -> None:
    # Found from this file, not the working directory, and through every package under bot/.
    sources = [path for folder in ("bot", "handlers") for path in (ROOT / folder).rglob("*.py")]
    assert len(sources) > 20  # an empty glob would make this test pass without looking
    used: set[str] = set()
    for path in sources:
        used |= set(re.findall(r"""["']((?:[a-z_]+\.)+[a-z_]+)["']""", path.read_text()))
    catalogue_like = {
        key for key in used if key.split(".")[0] in {k.split(".")[0] for k in CATALOGUE}
    }
    assert catalogue_like - set(CATALOGUE) == set()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("da-DK", "da"), ("en-US", "en"), ("en-GB", "en"), ("de-DE", "da"), (None, "da"), ("", "da")],
)
def test_locale_maps_to_language_with_danish_default(locale: str | None, expected: str) -> None:
    assert language_for_locale(locale, "da") == expected


def test_placeholders_are_filled() -> None:
    assert t("error.too_long", "da", limit=10, length=12) == "Højst 10 tegn — du har skrevet 12."
    assert t("error.too_long", "en", limit=10, length=12).startswith("At most 10")
