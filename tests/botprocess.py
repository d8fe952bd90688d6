"""Run the real `sparring-bot` process against the fake Slack; stop it as an operator would."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.playground.slack import FakeSlack
from tests.testkeys import TEST_KEY

BOT_COMMAND = str(Path(sys.executable).with_name("sparring-bot"))
SIGNING_SECRET = "test-signing-secret"  # the fake Slack signs its requests with it


def bot_environment(fake: FakeSlack, database_url: str, **extra: str) -> dict[str, str]:
    """The environment an operator would set, pointed at the fake Slack."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DATABASE_URL", "TEST_DATABASE_URL", "ENCRYPTION"))
    }
    env |= {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_APP_TOKEN": fake.app_token,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        # DEBUG on purpose: even then no case text may reach the log.
        "LOG_LEVEL": "DEBUG",
        "WORKER_THREADS": "8",
        "ENCRYPTION_KEYS": TEST_KEY,
    }
    return env | extra


@dataclass
class BotProcess:
    """A running bot and its log file."""

    process: subprocess.Popen[bytes]
    log_path: Path

    def logs(self) -> str:
        """Everything the bot has logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def terminate(process: subprocess.Popen[bytes], *, timeout: float) -> int | None:
    """Stop a process as systemd would (SIGTERM); its exit code, or None when it did not stop
    within `timeout` seconds and was killed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return None


@contextmanager
def running_bot(
    fake: FakeSlack, database_url: str, workdir: Path, env: Mapping[str, str] | None = None
) -> Iterator[BotProcess]:
    """Run `sparring-bot` until the block ends, then SIGTERM it and require a clean exit."""
    with bot_process([BOT_COMMAND], workdir, env or bot_environment(fake, database_url)) as bot:
        fake.wait_connected(timeout=60)
        yield bot


def free_port() -> int:
    """A port nobody listens on now (the OS's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_get(url: str) -> tuple[int, str]:
    """Status and text of a GET; (0, reason) when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


def wait_until_answers(url: str, bot: BotProcess, timeout: float = 60) -> None:
    """Wait until `url` answers 200, checking every 50 ms; fail early if the bot exits."""
    deadline = time.monotonic() + timeout
    while http_get(url)[0] != 200:
        if bot.process.poll() is not None:
            raise AssertionError(f"the bot exited with {bot.process.returncode}\n{bot.logs()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer within {timeout} s\n{bot.logs()}")
        threading.Event().wait(0.05)


@contextmanager
def serving_bot(
    fake: FakeSlack,
    database_url: str,
    workdir: Path,
    env: Mapping[str, str] | None = None,
    *,
    deliver: bool = True,
) -> Iterator[HttpBot]:
    """Run `sparring-bot serve` on a free port until the block ends (then SIGTERM, clean exit
    required); with `deliver`, the fake Slack sends its requests there, signed."""
    with serving_bots(fake, database_url, [workdir], env) as [bot]:
        if deliver:
            fake.deliver_over_http(bot.base_url + "/slack/events", bot.signing_secret)
        yield bot


@contextmanager
def serving_bots(
    fake: FakeSlack,
    database_url: str,
    workdirs: list[Path],
    env: Mapping[str, str] | None = None,
) -> Iterator[list[HttpBot]]:
    """Start one `sparring-bot serve` per working directory at once, each on a free port; yield
    them once all answer /readyz; SIGTERM them at the end and require clean exits."""
    environment = dict(env or bot_environment(fake, database_url))
    environment.setdefault("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    with ExitStack() as stack:
        bots = []
        for workdir in workdirs:
            port = free_port()
            command = [BOT_COMMAND, "serve", "--host", "127.0.0.1", "--port", str(port)]
            bot = stack.enter_context(bot_process(command, workdir, environment))
            bots.append(
                HttpBot(
                    process=bot.process,
                    log_path=bot.log_path,
                    base_url=f"http://127.0.0.1:{port}",
                    signing_secret=environment["SLACK_SIGNING_SECRET"],
                )
            )
        for bot in bots:
            wait_until_answers(bot.base_url + "/readyz", bot)
        yield bots


@dataclass
class HttpBot(BotProcess):
    """A bot in HTTP mode, and where it listens."""

    base_url: str = ""
    signing_secret: str = ""


@contextmanager
def bot_process(command: list[str], workdir: Path, env: Mapping[str, str]) -> Iterator[BotProcess]:
    """Run a bot command until the block ends, then SIGTERM it and require a clean exit."""
    log_path = workdir / f"bot-{len(list(workdir.glob('bot*.log')))}.log"
    with log_path.open("wb") as log_file:
        # The working directory is empty, so a developer's .env cannot leak into the test.
        process = subprocess.Popen(
            command, cwd=workdir, env=dict(env), stdout=log_file, stderr=subprocess.STDOUT
        )
    bot = BotProcess(process=process, log_path=log_path)
    try:
        yield bot
    finally:
        code = terminate(process, timeout=30)
        if code is None:
            raise AssertionError("the bot ignored SIGTERM for 30 s\n" + bot.logs())
    assert code == 0, f"the bot exited with {code}\n{bot.logs()}"
    assert "sparring-bot stopped" in bot.logs()
