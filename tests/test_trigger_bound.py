"""A call bound to a 3-second trigger retries only while the trigger still lives, then the
person is asked to try again in a moment (never an unexpected error)."""

from __future__ import annotations

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from tests.inprocess import InProcess


def test_a_short_rate_limit_is_waited_out_within_the_trigger(
    fake: FakeSlack, inproc: InProcess
) -> None:
    fake.fail_next("views.open", status=429, retry_after=1)

    inproc.command("U1", channel_id="C1")

    assert [call.status for call in fake.calls_to("views.open")] == [429, 200]
    assert fake.modal_stack("U1")  # the form is open
    assert not fake.ephemerals(user="U1")


def test_a_rate_limit_longer_than_the_trigger_asks_to_try_again(
    fake: FakeSlack, inproc: InProcess
) -> None:
    fake.fail_next("views.open", status=429, retry_after=5)

    inproc.command("U1", channel_id="C1")

    assert len(fake.calls_to("views.open")) == 1  # no sleep past the trigger's life
    assert not fake.modal_stack("U1")
    [told] = fake.ephemerals(user="U1")
    assert told["text"] == t("error.slack_busy", "da")


def test_slack_failing_on_a_button_modal_asks_to_try_again(
    fake: FakeSlack, inproc: InProcess
) -> None:
    fake.fail_next("views.open", status=500, error="internal_error", times=5)
    dm = fake.open_im("U2")

    inproc.click("U2", "request_reply", value="7:1", channel_id=dm)

    [told] = fake.ephemerals(user="U2")
    assert told["text"] == t("error.slack_busy", "da")
