"""The playground in a real browser (Debian's Chromium through Playwright): Anna asks Bo for
sparring, Bo answers with *Svar*, Anna closes with thanks; the lead jumps the clock to the next
buddy announcement. One screenshot per step (also into $SPARRING_SCREENSHOTS when set; the
README's pictures in docs/ come from there)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from bot.playground import demo
from bot.playground.runner import Playground
from bot.slack.ids import Action, Callback

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)",
    ),
    pytest.mark.skipif(
        bool(os.environ.get("TEST_DATABASE_URL")),
        reason="the playground always runs on its own SQLite file; it runs in the SQLite pass",
    ),
]

QUESTION = "Har du erfaring med at få en dreng på 9 tilbage i skole efter langt fravær?"
CHILD = "Dreng, 9 år. Glad for fodbold, men stort skolefravær siden efterårsferien."
FAMILY = "Mor alene med tre børn; netværket er mormor, som bor tæt på."
ANSWER = "Ja — start med korte skoledage og en fast voksen ved mødet om morgenen."
THANKS = "Tak, Bo! Det giver mig et godt sted at starte."


@pytest.fixture(scope="module")
def playground() -> Iterator[Playground]:
    with Playground(port=0) as running:
        yield running


@pytest.fixture
def page(playground: Playground) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="da-DK")
        page = context.new_page()
        page.set_default_timeout(20_000)
        yield page
        browser.close()


class Steps:
    """Saves one screenshot per step of a journey."""

    def __init__(self, page: Page, folder: Path) -> None:
        self.page = page
        self.folders = [folder]
        if extra := os.environ.get("SPARRING_SCREENSHOTS"):
            self.folders.append(Path(extra))
        for f in self.folders:
            f.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str) -> None:
        for folder in self.folders:
            self.page.screenshot(path=str(folder / f"{name}.png"))


def act_as(page: Page, user_id: str) -> None:
    page.select_option("#who", user_id)
    page.wait_for_selector(f"#who option[value={user_id}]:checked", state="attached")


def open_conversation(page: Page, name: str) -> None:
    page.click(f'nav button:has-text("{name}")')
    page.wait_for_selector(f'#title:text-is("{name}")')


def choose(page: Page, modal: str, action_id: str, value: str) -> None:
    """Pick an option in a radio group or a select of the open modal."""
    field = f'{modal} [data-action-id="{action_id}"]'
    tag = page.eval_on_selector(field, "node => node.tagName")
    if tag == "SELECT":
        page.select_option(field, value)
    else:
        page.check(f'{field} input[value="{value}"]')


def test_anna_asks_bo_who_answers_and_the_lead_sees_the_next_buddy_announcement(
    playground: Playground, page: Page, tmp_path: Path
) -> None:
    p = page
    steps = Steps(p, tmp_path / "screens")
    p.goto(playground.url + "?user=UANNA")
    p.wait_for_selector('nav button[data-conv="C0NORD"].active')
    p.wait_for_selector('.message:has-text("Makkerpar")')
    assert "Lokal simulation — ikke Slack" in p.inner_text(".banner")
    steps.shot("01-team-channel")

    # Anna types /sparring and fills in the request form, choosing Bo as the colleague.
    p.fill("#composer", "/sparring")
    p.press("#composer", "Enter")
    modal = f'.modal[data-callback-id="{Callback.REQUEST}"]'
    p.wait_for_selector(f'{modal} [data-action-id="{Action.ROUTE}"]')
    choose(p, modal, Action.ROUTE, "colleague")
    p.wait_for_selector(f'{modal} [data-action-id="{Action.COLLEAGUE}"]')
    p.fill(f'{modal} [data-action-id="{Action.CHILD}"]', CHILD)
    p.fill(f'{modal} [data-action-id="{Action.FAMILY}"]', FAMILY)
    p.fill(f'{modal} [data-action-id="{Action.QUESTION}"]', QUESTION)
    choose(p, modal, Action.HELP_KIND, "experience")
    choose(p, modal, Action.FORM, "written")
    choose(p, modal, Action.FEEDBACK, "recognition")
    choose(p, modal, Action.COLLEAGUE, "UANNA")
    steps.shot("02-request-modal")

    # Sending it to herself is refused inline, under the field; Bo it is.
    p.click(f"{modal} button.submit")
    error = p.wait_for_selector(f'{modal} [data-block-id="colleague"] .error:not([hidden])')
    assert "dig selv" in error.inner_text()
    steps.shot("03-inline-error")
    choose(p, modal, Action.COLLEAGUE, "UBO")
    p.click(f"{modal} button.submit")
    p.wait_for_selector("#overlay", state="hidden")

    # The request arrives in the group conversation of Anna and Bo.
    open_conversation(p, "Bo Nielsen, Sparring")
    p.wait_for_selector(f'#messages .message:has-text("{QUESTION}")')
    assert CHILD in p.inner_text("#messages")
    steps.shot("04-request-delivered")

    # Bo answers through *Svar*: the bot posts the answer in the thread.
    act_as(p, "UBO")
    open_conversation(p, "Anna Holm, Sparring")
    request = f'#messages .message:has-text("{QUESTION}")'
    p.click(f'{request} button[data-action-id="{Action.REPLY}"]')
    reply = f'.modal[data-callback-id="{Callback.REPLY}"]'
    p.fill(f'{reply} [data-action-id="{Action.ANSWER}"]', ANSWER)
    steps.shot("05-reply-modal")
    p.click(f"{reply} button.submit")
    p.wait_for_selector("#overlay", state="hidden")
    p.click(f"{request} button.replies")
    p.wait_for_selector(f'#thread-messages .message:has-text("{ANSWER}")')
    steps.shot("06-answer-in-thread")

    # Anna closes the request with a thank-you.
    act_as(p, "UANNA")
    open_conversation(p, "Bo Nielsen, Sparring")
    p.click(f'{request} button[data-action-id="{Action.CLOSE_REQUEST}"]')
    close = f'.modal[data-callback-id="{Callback.CLOSE}"]'
    p.fill(f'{close} [data-action-id="{Action.THANKS}"]', THANKS)
    p.click(f"{close} button.submit")
    p.wait_for_selector("#overlay", state="hidden")
    p.wait_for_selector(f'{request} [data-action-id="{Action.CLOSE_REQUEST}"]', state="detached")
    p.click(f"{request} button.replies")
    p.wait_for_selector(f'#thread-messages .message:has-text("{THANKS}")')
    steps.shot("07-closed-with-thanks")

    # The lead jumps the clock to the next buddy announcement, and it appears in the channel.
    act_as(p, demo.LEAD.user_id)
    assert "(leder)" in p.inner_text("#who option:checked")
    open_conversation(p, "# " + demo.TEAM_CHANNEL_NAME)
    announcements = '#messages .message:has-text("Makkerpar")'
    p.wait_for_selector(announcements)
    before = p.locator(announcements).count()
    p.click('[data-jump="announcement"]')
    p.wait_for_selector(f"{announcements} >> nth={before}")
    assert "new round" in p.inner_text("#clock-report")
    steps.shot("08-weekly-announcement")
