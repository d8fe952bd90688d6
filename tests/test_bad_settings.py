"""A bad setting stops every command with one line that names it and says what is wrong: no
stack trace, no secret, and a read-only database is not called unreachable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.playground.slack import FakeSlack
from tests.botprocess import BOT_COMMAND, bot_environment

pytestmark = pytest.mark.e2e


def run_bot(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BOT_COMMAND, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The only line on stderr (logging is set to WARNING, so nothing else may be there)."""
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("database_url", "says"),
    [
        ("postgresql+psycopg://sparring@db.example:abc/sparring", "not a database URL"),
        ("mysql://sparring@db.example/sparring", "unknown driver 'mysql'"),
        ("dette er ikke en adresse", "not a database URL"),
        ("postgresql+psycopg://sparring:hemmeligt@db.example:99999/sparring", "port"),
    ],
)
@pytest.mark.parametrize("command", [[], ["check"], ["rotate"], ["due"]])
def test_a_malformed_database_url_is_named_in_one_line(
    fake: FakeSlack, tmp_path: Path, database_url: str, says: str, command: list[str]
) -> None:
    env = bot_environment(fake, database_url, LOG_LEVEL="WARNING")
    result = run_bot(env, tmp_path, *command)
    assert result.returncode == 2
    line = one_line(result)
    assert "DATABASE_URL" in line and says in line
    assert "hemmeligt" not in result.stderr


def test_a_sqlite_file_under_a_file_names_the_folder(fake: FakeSlack, tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    url = f"sqlite:///{tmp_path / 'data' / 'sparring.db'}"
    for command in ([], ["migrate"], ["rotate"], ["due"]):
        result = run_bot(bot_environment(fake, url, LOG_LEVEL="WARNING"), tmp_path, *command)
        assert result.returncode == 1
        line = one_line(result)
        assert "DATABASE_URL" in line and "folder" in line and "file stands in its way" in line


def test_a_read_only_database_is_called_read_only(fake: FakeSlack, tmp_path: Path) -> None:
    database = tmp_path / "sparring.db"
    database.touch()
    url = f"sqlite:///file:{database}?mode=ro&uri=true"
    result = run_bot(bot_environment(fake, url, LOG_LEVEL="WARNING"), tmp_path, "migrate")
    assert result.returncode == 1
    line = one_line(result)
    assert "DATABASE_URL" in line and "read-only" in line and "not reachable" not in line


def test_a_database_server_that_is_down_is_one_line(fake: FakeSlack, tmp_path: Path) -> None:
    # Port 1 on this machine: nothing listens, the connection is refused at once.
    url = "postgresql+psycopg://postgres:hemmeligt@127.0.0.1:1/test"
    for command in (["rotate"], ["due"], ["migrate"], []):
        result = run_bot(bot_environment(fake, url, LOG_LEVEL="WARNING"), tmp_path, *command)
        assert result.returncode == 1
        line = one_line(result)
        assert (
            line
            == "sparring-bot: DATABASE_URL: the database server is not reachable (is it running?)"
        )
        assert "hemmeligt" not in result.stderr
    check = run_bot(bot_environment(fake, url, LOG_LEVEL="WARNING"), tmp_path, "check")
    assert "database: DATABASE_URL: the database server is not reachable" in check.stdout
    assert "Traceback" not in check.stderr


def test_a_wrong_app_token_is_named_in_one_line(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    env = bot_environment(fake, database_url, LOG_LEVEL="WARNING", SLACK_APP_TOKEN="xapp-revoked")
    result = run_bot(env, tmp_path)
    assert result.returncode == 1
    assert one_line(result).startswith("sparring-bot: Slack refused SLACK_APP_TOKEN (")
    assert "xapp-revoked" not in result.stderr
