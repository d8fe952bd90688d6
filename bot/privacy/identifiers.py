"""Probable direct identifiers in case text: names, phone numbers, e-mails, addresses.

Pure functions, no I/O. Unlike a CPR number (always refused), these only warn: a sentence can
look like one without being one, so the person confirms they checked it. Tuned to let everyday
casework through — dates, amounts, times, journal numbers ("2024-1234"), ages ("dreng, 9 år"),
roles ("mor", "plejefamilien") never warn.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from enum import StrEnum


class Identifier(StrEnum):
    """A kind of direct identifier."""

    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# +45 / 0045 with 8 digits in any grouping, or 8 digits grouped 2-2-2-2 / 4-4 / 8, not part of
# a longer number, a date (dd.mm.yyyy), an amount (1.234.567) or a journal number (2024-1234).
_PHONE_PREFIXED = re.compile(r"(?:\+|00)\s?45[\s.-]?(?:\d[\s.-]?){7}\d(?!\d)")
_PHONE_PLAIN = re.compile(
    r"(?<![\d.,/:-])(?:\d{2}[ ]\d{2}[ ]\d{2}[ ]\d{2}|\d{4}[ ]\d{4}|\d{8})(?![\d.,/:-]?\d)"
)
_PHONE_WORD = re.compile(r"\b(?:tlf|telefon|mobil|mob|tel|ring(?:e)?\s+på)\.?:?\s*\d{2}", re.I)
# A street word (ending -vej, -gade, -allé, … or a separate "Vej") with a house number.
_STREET = re.compile(
    r"\b[A-ZÆØÅ][a-zæøåé]+(?:[ -][A-ZÆØÅ][a-zæøåé]+)*"
    r"(?:vej|gade|allé|alle|stræde|torv|plads|boulevard|vænge|park|have|høj|bakke|sti|"
    r"toften|engen|vang|parken|haven|gården|kvarter)\s+\d{1,4}\s?[A-Za-z]?\b"
    r"|\b[A-ZÆØÅ][a-zæøåé]+\s(?:Vej|Gade|Allé|Alle|Plads|Torv|Boulevard|Stræde)\s+\d{1,4}\b"
)
# "8000 Aarhus C", "2400 København NV": four digits, then a capitalised town.
_POSTCODE = re.compile(r"(?<![\d.,/-])[1-9]\d{3}\s+[A-ZÆØÅ][a-zæøå]{2,}(?:\s+[A-ZÆØÅ]{1,2}\b)?")
_WORD = re.compile(r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?")

# Common Danish first names (Danmarks Statistik's most frequent), lower case.
_FIRST_NAMES = """
    anne kirsten mette hanne anna helle susanne lene maria marianne lone camilla pia louise
    charlotte tina gitte bente jette karen sofie ida emma laura julie freja clara ella alma
    karla josefine caroline mathilde signe line maja sara nanna cecilie katrine lærke agnes
    astrid liva olivia nora emilie isabella vigga esther lea amalie frida mille
    peter jens lars michael henrik søren thomas jan niels christian martin anders morten
    jesper mads hans rasmus per kim poul mikkel frederik william oliver noah lucas carl oscar
    victor alfred malthe emil magnus aksel elias august valdemar anton johan karl arthur
    theo liam alexander sebastian mathias jonas simon tobias benjamin daniel kasper nikolaj
    jakob david adam ali mohammed ahmed omar yusuf fatima aisha mustafa
"""
FIRST_NAMES = frozenset(_FIRST_NAMES.split())
# Words that start a sentence or a role, never a first name here even if listed above.
_NOT_SURNAME_WORDS = """
    og eller men har er var som i på til med fra om at den det de der vil skal kan
    mor far bror søster barnet drengen pigen plejefamilien familien skolen sagsbehandler
"""
_NOT_SURNAMES = frozenset(_NOT_SURNAME_WORDS.split())


def find_identifiers(text: str) -> set[Identifier]:
    """The kinds of probable direct identifier in `text` (empty: nothing to warn about)."""
    text = unicodedata.normalize("NFKC", text)
    found: set[Identifier] = set()
    if _EMAIL.search(text):
        found.add(Identifier.EMAIL)
    if _PHONE_PREFIXED.search(text) or _PHONE_WORD.search(text) or _plain_phone(text):
        found.add(Identifier.PHONE)
    if _STREET.search(text) or _POSTCODE.search(text):
        found.add(Identifier.ADDRESS)
    if _full_name(text):
        found.add(Identifier.NAME)
    return found


def _plain_phone(text: str) -> bool:
    for match in _PHONE_PLAIN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        # Danish numbers start with 2-9; an 8-digit date (01012024) or year pair is not one.
        if digits[0] in "23456789" and not _looks_like_date(digits):
            return True
    return False


def _looks_like_date(digits: str) -> bool:
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100


def _full_name(text: str) -> bool:
    """A common first name followed by a capitalised word (a surname), e.g. "Mette Hansen"."""
    words = list(_WORD.finditer(text))
    for first, second in itertools.pairwise(words):
        between = text[first.end() : second.start()]
        if between not in (" ", "\u00a0"):
            continue
        given = first.group().split("-")[0].lower()
        surname = second.group().lower()
        if given in FIRST_NAMES and surname not in _NOT_SURNAMES:
            return True
    return False
