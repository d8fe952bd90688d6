"""Start and stop the playground: the simulator, the real bot connected to it, the web page.

The bot runs as a child process, `python -m bot.cli run`, exactly as in production: its own
settings from the environment (SLACK_API_URL pointing at the simulator, tokens the simulator
accepts), migrations at start, Socket Mode, signal handling in its own main thread, and a clean
stop on SIGTERM. In-process it would share the playground's signal handlers and logging, and
a crash of one would take the other down.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import webbrowser
from datetime import datetime
from pathlib import Path
from types import FrameType

from pydantic import SecretStr
from sqlalchemy import Engine, select

from bot.core.db import make_engine, make_session_factory
from bot.core.settings import Settings
from bot.pairing.announce import run_due
from bot.playground import demo
from bot.playground.clock import Clock
from bot.playground.slack import FakeSlack
from bot.playground.web import WebPage
from bot.privacy.keys import configure_encryption, new_key
from bot.slack.client import make_web_client
from models import PairingRound, Team

BOT_START_TIMEOUT = 60.0


class PlaygroundError(Exception):
    """The playground could not start; the message is one line for the person starting it."""


class Playground:
    """The simulator, the bot process and the page, with a fresh database in a temporary folder."""

    def __init__(self, *, port: int = 8765, host: str = "127.0.0.1") -> None:
        self.port = port
        self.host = host
        self.folder = Path(tempfile.mkdtemp(prefix="sparring-playground-"))
        self.database_url = f"sqlite:///{self.folder / 'sparring.db'}"
        self.fake = FakeSlack(bot_name=demo.BOT_NAME)
        self.bot: subprocess.Popen[bytes] | None = None
        self.engine: Engine | None = None
        self.clock: Clock | None = None
        self.page: WebPage | None = None

    @property
    def url(self) -> str:
        """Where the page is served."""
        assert self.page is not None
        return self.page.url

    @property
    def log_path(self) -> Path:
        """The bot's log file."""
        return self.folder / "bot.log"

    def start(self) -> Playground:
        """Start everything and seed the demo team; PlaygroundError if the bot does not come up."""
        self.fake.start()
        demo.add_people(self.fake)
        settings = Settings(
            slack_bot_token=SecretStr(self.fake.bot_token),
            slack_app_token=SecretStr(self.fake.app_token),
            slack_api_url=self.fake.api_url,
            database_url=self.database_url,
            scheduler_enabled=False,
            # A key of its own each run: the demo's case text is encrypted as in production.
            encryption_keys=SecretStr(new_key()),
        )
        configure_encryption(settings)  # the clock runs the due work in this process
        self._start_bot(settings)
        self.engine = make_engine(self.database_url)
        self.clock = Clock(
            settings=settings,
            client=make_web_client(settings),
            session_factory=make_session_factory(self.engine),
            now=datetime.now(settings.tz),
        )
        demo.seed(self.fake, first_round=self._first_round)
        self.page = WebPage(fake=self.fake, clock=self.clock, host=self.host, port=self.port)
        self.page.start()
        return self

    def _start_bot(self, settings: Settings) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_"))}
        env |= {
            "SLACK_BOT_TOKEN": self.fake.bot_token,
            "SLACK_APP_TOKEN": self.fake.app_token,
            "SLACK_API_URL": settings.slack_api_url,
            "DATABASE_URL": self.database_url,
            "ENCRYPTION_KEYS": settings.encryption_keys.get_secret_value()
            if settings.encryption_keys
            else "",
            # Time moves only with the page's clock, so nothing falls due behind its back.
            "SCHEDULER_ENABLED": "false",
            "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
        }
        with self.log_path.open("wb") as log:
            # The temporary folder as working directory: a .env with real tokens is not read.
            self.bot = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"],
                cwd=self.folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self.fake.wait_connected(timeout=BOT_START_TIMEOUT)
        except AssertionError:
            raise PlaygroundError(
                f"the bot did not connect to the simulator; its log: {self.log_path}"
            ) from None

    def _first_round(self) -> None:
        # The timed checks as at now give this week's pairs when the announcement time has
        # passed; before it (Monday morning) the team gets its round now, as `rotate` does.
        assert self.clock is not None and self.engine is not None
        self.clock.run_due()
        with self.clock.session_factory() as session:
            has_round = session.scalar(
                select(PairingRound.id)
                .join(Team, Team.id == PairingRound.team_id)
                .where(Team.channel_id == demo.TEAM_CHANNEL)
                .limit(1)
            )
        if has_round is None:
            run_due(
                client=self.clock.client,
                session_factory=self.clock.session_factory,
                now=self.clock.now,
                channel_id=demo.TEAM_CHANNEL,
                force=True,
            )

    def stop(self) -> None:
        """Stop the page, the bot (SIGTERM, as an operator would) and the simulator; tidy up."""
        if self.page is not None:
            self.page.stop()
        if self.bot is not None and self.bot.poll() is None:
            self.bot.send_signal(signal.SIGTERM)
            try:
                self.bot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.bot.kill()
                self.bot.wait()
        if self.engine is not None:
            self.engine.dispose()
        self.fake.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Playground:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve(*, port: int, open_browser: bool) -> int:
    """`sparring-bot playground`: start, say where, open the browser, run until Ctrl-C."""
    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    print("sparring-bot playground: starter simulator, bot og demo-team …", flush=True)
    playground = Playground(port=port)
    try:
        playground.start()
    except PlaygroundError as error:
        playground.stop()
        print(f"sparring-bot: playground: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        playground.stop()
        print(f"sparring-bot: playground: port {port} is taken ({error.strerror})", file=sys.stderr)
        return 1
    print(
        f"Sparring-legepladsen kører på {playground.url} — en lokal simulation, ikke Slack; "
        "intet sendes nogen steder. Stop med Ctrl-C.",
        flush=True,
    )
    if open_browser:
        webbrowser.open(playground.url)
    try:
        stop.wait()
    finally:
        playground.stop()
    return 0
