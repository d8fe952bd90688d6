"""Identifier warnings (level 1): everyday Danish identifiers warn, everyday casework does not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy.cpr import contains_cpr
from bot.privacy.identifiers import FIRST_NAMES, Identifier, find_identifiers

N, P, E, A = Identifier.NAME, Identifier.PHONE, Identifier.EMAIL, Identifier.ADDRESS

MUST_WARN: list[tuple[str, Identifier]] = [
    ("Mor hedder Mette Hansen og er enlig", N),
    ("Drengen bor hos Jens Nielsen i weekenden", N),
    ("Sofie Jensen har fået en ny skole", N),
    ("Kontakt til Lars Pedersen fra skolen", N),
    ("Far (Peter Andersen) vil ikke samarbejde", N),
    ("Pigen, Ida Larsen, græder meget", N),
    ("Plejemor Anne Christensen er bekymret", N),
    ("Onkel Mohammed Ali henter ham", N),
    ("Sagen om Emma Sørensen er hastende", N),
    ("Anne-Marie Holm ringede i går", N),
    ("Ring til mor på 22 33 44 55", P),
    ("Far har nummeret 23456789", P),
    ("tlf. 40 12 34 56 efter kl. 16", P),
    ("Mobil: 2012 3456", P),
    ("Skolen: +45 33 12 34 56", P),
    ("Ring +4520123456 hvis noget sker", P),
    ("0045 28 11 22 33 er morfars nummer", P),
    ("Telefon 88 77 66 55", P),
    ("Mor skriver fra mette.hansen@gmail.com", E),
    ("Lærerens mail er lh@skolen.dk", E),
    ("far_1980@hotmail.com sendte et billede", E),
    ("Kontakt: familie.jensen+sag@outlook.dk", E),
    ("Skriv til sfo-leder@kk.dk", E),
    ("Familien bor på Nørrebrogade 12, 3. tv.", A),
    ("Barnet bor på Vesterbrogade 45", A),
    ("Adressen er Skolevej 7", A),
    ("De er flyttet til Langelinie Allé 3", A),
    ("Mor bor i 8000 Aarhus C", A),
    ("Far er flyttet til 2400 København NV", A),
    ("Bedsteforældrene i 5000 Odense har plads", A),
    ("Hun går i skole ved Ryesgade 20", A),
    ("Møde hos Jens Hansen på Bakkevej 4", N),
]

MUST_NOT_WARN: list[str] = [
    "Dreng, 9 år, med ADHD",
    "Pige, 14 år, skolevægring siden efteråret",
    "Mor er bekymret for søvnen",
    "Far har ikke set barnet i tre måneder",
    "Plejefamilien oplever udadreagerende adfærd",
    "Barnet har været anbragt siden 2019",
    "Møde d. 12.03.2024 kl. 10:30",
    "Underretning modtaget 01.02.2024",
    "Sagsnummer 2024-1234 er oprettet",
    "Journalnr. 2023-98765",
    "Mor modtager 12.345 kr. om måneden",
    "Huslejen er 8.500 kr.",
    "Familien skylder 25.000 kr.",
    "Skolen har 450 elever",
    "Han sover kl. 23:30 og står op kl. 07",
    "Børnesamtale planlagt uge 12",
    "§ 50-undersøgelse afsluttet",
    "Efter § 52, stk. 3, nr. 7",
    "Mor og far er skilt",
    "Storebror på 17 år passer ham",
    "Bedstemor henter ofte",
    "Barnet er i SFO til kl. 17",
    "Familien har fire børn på 2, 5, 8 og 11 år",
    "Hvordan taler vi med en 6-årig om vold?",
    "Skal vi lave en børnefaglig undersøgelse?",
    "Kontaktpersonen mødes med drengen hver tirsdag",
    "Mor har misbrug af alkohol, far er ukendt",
    "Sagen blev overdraget fra Aarhus Kommune",
    "Pigen går i 4. klasse",
    "Han har 20 % fravær",
    "Mødet varede 45 minutter",
    "Familiebehandling 2 timer om ugen",
    "Vi har haft 3 netværksmøder",
    "Ressourcer: stabil skolegang, gode venner",
    "Risiko: vold i hjemmet, mors psykiske sårbarhed",
    "Plejefamilien i Jylland har plads fra januar",
    "Mor ønsker aflastning hver anden weekend",
    "Statsforvaltningen har afgjort samvær",
    "Barnet er født for tidligt og har været syg meget",
    "Far har fået en dom på 6 måneder",
    "Hvilke tilbud har vi til unge over 15?",
    "Den unge er 17 år og vil flytte hjemmefra",
    "Lærer og pædagog beskriver et trist barn",
    "Sundhedsplejersken har lavet en underretning",
    "Søskende bor hos faster",
    "Børnehuset har lavet en samtale",
    "Mor er 24 år og alene",
    "Moster og morfar støtter familien",
    "Ydelsen er 2.450 kr. pr. uge",
    "Tidsfrist 4 måneder fra 15.01.2024",
    "Skolen i Vest har en AKT-lærer",
    "Mandag kl. 9.00 er der møde på Rådhuset",
    "Han spiller fodbold i klubben to gange om ugen",
    "Anbringelsesstedet har 12 pladser",
    "Sagen har været i Børn og Unge-udvalget",
]


def test_the_tables_are_large_enough() -> None:
    assert len(MUST_WARN) >= 30 and len(MUST_NOT_WARN) >= 50


@pytest.mark.parametrize(("text", "kind"), MUST_WARN)
def test_everyday_identifiers_warn(text: str, kind: Identifier) -> None:
    assert kind in find_identifiers(text)


@pytest.mark.parametrize("text", MUST_NOT_WARN)
def test_everyday_casework_does_not_warn(text: str) -> None:
    assert find_identifiers(text) == set()


def test_a_cpr_glued_to_letters_is_still_refused() -> None:
    assert contains_cpr("cpr:0101901234x")
    assert contains_cpr("CPR 010190-1234abc")
    assert contains_cpr("cpr:010190-1234")
    assert contains_cpr("cpr0101901234")


@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(1990, 2030),
    amount=st.integers(0, 999_999),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    age=st.integers(0, 25),
    case_no=st.integers(1, 99999),
)
def test_dates_amounts_times_ages_and_journal_numbers_never_warn(
    day: int, month: int, year: int, amount: int, hour: int, minute: int, age: int, case_no: int
) -> None:
    text = (
        f"Møde {day:02d}.{month:02d}.{year} kl. {hour:02d}:{minute:02d}, {amount:,} kr.".replace(
            ",", "."
        )
        + f", dreng, {age} år, sag {year}-{case_no}, født {day:02d}{month:02d}{year}"
    )
    assert find_identifiers(text) == set()


@given(
    first=st.sampled_from(sorted(FIRST_NAMES)),
    surname=st.sampled_from(["Hansen", "Jensen", "Nielsen", "Østergaard", "Ali", "Holm"]),
    before=st.sampled_from(["", "Mor hedder ", "Kontakt ", "(", "Om "]),
)
def test_a_common_first_name_and_a_surname_always_warn(
    first: str, surname: str, before: str
) -> None:
    assert Identifier.NAME in find_identifiers(f"{before}{first.capitalize()} {surname} er her")


@given(st.text(max_size=300))
def test_never_crashes_and_only_names_known_kinds(text: str) -> None:
    assert find_identifiers(text) <= set(Identifier)
