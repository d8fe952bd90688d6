"""The container files stay in step with the command line and the Socket Mode manifest: the
image is not built in CI (no registry here), so these read the files instead."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = (ROOT / "compose.yaml").read_text(encoding="utf-8")


def subcommands(capsys: pytest.CaptureFixture[str]) -> set[str]:
    """The subcommands `sparring-bot --help` lists."""
    with pytest.raises(SystemExit):
        main(["--help"])
    usage = capsys.readouterr().out
    match = re.search(r"\{([a-z,-]+)\}", usage)
    assert match is not None, usage
    return set(match.group(1).split(","))


def instruction(name: str) -> list[str]:
    """The JSON (exec) form of a Dockerfile instruction."""
    [line] = [line for line in DOCKERFILE.splitlines() if line.startswith(name + " ")]
    return json.loads(line.removeprefix(name + " "))


def test_the_image_migrates_then_runs_a_command_the_cli_has(
    capsys: pytest.CaptureFixture[str],
) -> None:
    known = subcommands(capsys)
    assert {"serve", "run", "migrate"} <= known
    entrypoint = instruction("ENTRYPOINT")
    script = entrypoint[2]
    assert re.findall(r"sparring-bot (\w+)", script) == ["migrate"]
    assert 'exec sparring-bot "$@"' in script
    [command] = instruction("CMD")
    assert command in known
    compose_commands = re.findall(r'command: \["(\w+)"\]', COMPOSE)
    assert compose_commands and set(compose_commands) <= known


def test_the_image_is_slim_locked_and_not_root() -> None:
    assert DOCKERFILE.count("\nFROM ") == 1 and "\nFROM python:3.11-slim\n" in DOCKERFILE
    assert "uv sync --frozen --no-dev" in DOCKERFILE
    users = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    # Every package the wheel ships is copied into the image.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    packages = re.search(r"packages = \[([^\]]+)\]", pyproject)
    assert packages is not None
    for package in re.findall(r'"(\w+)"', packages.group(1)):
        assert f"COPY {package} {package}" in DOCKERFILE


def _settings_lines(text: str) -> list[str]:
    return [
        line
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#") and "example.invalid" not in line
    ]


def test_the_http_manifest_is_the_socket_manifest_with_request_urls() -> None:
    socket = (ROOT / "manifest.yml").read_text(encoding="utf-8")
    http = (ROOT / "manifest.http.yml").read_text(encoding="utf-8")
    expected = [
        line.replace("socket_mode_enabled: true", "socket_mode_enabled: false")
        for line in _settings_lines(socket)
    ]
    # The OAuth redirect list is the only key the HTTP variant adds.
    assert [line for line in _settings_lines(http) if line != "  redirect_urls:"] == expected
    urls = re.findall(r"https://example\.invalid(\S+)", http)
    assert sorted(urls) == ["/slack/events"] * 3 + ["/slack/oauth_redirect"]
