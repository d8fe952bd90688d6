"""Run the real `sparring-bot` process against the fake Slack; stop it as an operator would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.playground.slack import FakeSlack
from tests.testkeys import TEST_KEY

BOT_COMMAND = str(Path(sys.executable).with_name("sparring-bot"))


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
    log_path = workdir / "bot.log"
    with log_path.open("wb") as log_file:
        # The working directory is empty, so a developer's .env cannot leak into the test.
        process = subprocess.Popen(
            [BOT_COMMAND],
            cwd=workdir,
            env=dict(env or bot_environment(fake, database_url)),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    bot = BotProcess(process=process, log_path=log_path)
    try:
        fake.wait_connected(timeout=60)
        yield bot
    finally:
        code = terminate(process, timeout=30)
        if code is None:
            raise AssertionError("the bot ignored SIGTERM for 30 s\n" + bot.logs())
    assert code == 0, f"the bot exited with {code}\n{bot.logs()}"
    assert "sparring-bot stopped" in bot.logs()
