"""What people read says what happens: labels and notices that once promised something else."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import t
from bot.home.content import sent_line
from bot.requests.blocks import build_request_message, recipients_text
from bot.requests.form import RequestRef
from bot.requests.modals import build_close_modal
from models import RecipientState, RequestRecipient
from tests.test_blocks import a_request


def shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=lambda o: o.to_dict())


@pytest.mark.parametrize(
    ("route", "label"),
    [
        ("expert", "Ikke mig — send videre"),
        ("buddy", "Ikke mig — send tilbage"),
        ("colleague", "Ikke mig — send tilbage"),
    ],
)
def test_not_me_says_where_the_request_goes(route: str, label: str) -> None:
    blocks = shown(build_request_message(a_request(route=route)))
    assert label in blocks
    other = {"Ikke mig — send videre", "Ikke mig — send tilbage"} - {label}
    assert other.pop() not in blocks


def test_the_close_modal_does_not_say_the_request_is_closed_before_it_is() -> None:
    modal = shown(build_close_modal("da", metadata=RequestRef(request_id=1, language="da")))
    assert "er lukket" not in modal
    assert "notatpligt" in modal
    english = shown(build_close_modal("en", metadata=RequestRef(request_id=1, language="en")))
    assert "is closed" not in english


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_team_hello_promises_no_fixed_schedule(language: str) -> None:
    hello = t("team.hello", language)
    assert "mandag" not in hello.lower() and "monday" not in hello.lower()
    assert "kl. 9" not in hello and " at 9" not in hello


def test_a_request_sent_back_is_with_its_requester_not_the_whole_team() -> None:
    sent_back = a_request(route="buddy")
    sent_back.recipients = [RequestRecipient(user_id="U2", state=RecipientState.DECLINED)]
    assert recipients_text("da", sent_back) == "dig selv (sendt tilbage)"
    team = a_request(route="team")
    team.recipients = []
    assert recipients_text("da", team) == "hele teamet"
    # A whole-team request one colleague took and passed back is with its requester again.
    team_back = a_request(route="team", created_at=datetime(2026, 12, 1, 9, tzinfo=UTC))
    team_back.recipients = [RequestRecipient(user_id="U2", state=RecipientState.DECLINED)]
    home = sent_line(team_back, "da", ZoneInfo("Europe/Copenhagen"))
    assert "hele teamet" not in home and "kom tilbage til dig" in home
    assert t("home.next.back", "da") in home


def test_danish_commas_and_labels() -> None:
    assert (
        t("team.pick_channel", "da")
        == "Skriv det i teamets kanal, så jeg ved, hvilket team du mener."
    )
    assert "→ *Min makker*" not in t("pairs.footer", "da")
    assert "næste arbejdsdag" in t("holidays.skip", "da") and "Falder" in t("holidays.skip", "da")
