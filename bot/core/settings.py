"""Settings: one validated object, read from the environment and `.env`, built once at start."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_DATABASE_URL = "sqlite:///data/sparring.db"
# The Slack tokens by setting: the prefix each must start with, and what it is called.
_TOKEN_SHAPES = {
    "slack_bot_token": ("xoxb-", "a bot token"),
    "slack_app_token": ("xapp-", "an app-level token"),
}
_DATABASE_URL_EXAMPLES = "sqlite:///data/sparring.db or postgresql+psycopg://user:pw@host/db"
# The drivers this package installs; plain postgresql:// would ask for psycopg2.
_DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def checked_database_url(value: str) -> str:
    """The URL with our driver, or a ValueError saying what is wrong (never echoing it: it can
    hold a password)."""
    try:
        url = make_url(value)
        port = url.port
    except (ArgumentError, ValueError):
        raise ValueError(f"is not a database URL; use {_DATABASE_URL_EXAMPLES}") from None
    driver = _DRIVERS.get(url.drivername)
    if driver is None:
        raise ValueError(
            f"has an unknown driver {url.drivername[:30]!r}; use {_DATABASE_URL_EXAMPLES}"
        )
    if port is not None and not 0 < port < 65536:
        raise ValueError("has a port outside 1-65535")
    if driver.startswith("sqlite") and not url.database:
        raise ValueError("names no SQLite file, e.g. sqlite:///data/sparring.db")
    return url.set(drivername=driver).render_as_string(hide_password=False)


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and never contains its value."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # a blank line copied from .env.example counts as missing
        extra="ignore",
        frozen=True,
    )

    slack_bot_token: SecretStr
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    # HTTP mode (`sparring-bot serve`): where to listen; the command line's --host/--port win.
    host: str = "127.0.0.1"
    port: int = Field(default=3000, ge=1, le=65535)
    database_url: str = DEFAULT_DATABASE_URL
    default_language: Literal["da", "en"] = "da"
    timezone: str = "Europe/Copenhagen"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    worker_threads: int = Field(default=16, ge=1, le=256)
    # Off: this process runs no timed checks (buddy rounds, reminders); `sparring-bot rotate`
    # or another replica does. On in every replica is safe too: the database decides.
    scheduler_enabled: bool = True
    # Fernet keys, comma-separated, newest first: the first encrypts, all decrypt (PRIVACY.md).
    encryption_keys: SecretStr | None = None
    # "off" only on purpose (a test installation): case text is then stored in plain.
    encryption: Literal["on", "off"] = "on"

    @field_validator("log_level", "encryption", mode="before")
    @classmethod
    def _any_case(cls, value: object, info: ValidationInfo) -> object:
        # LOG_LEVEL=info and ENCRYPTION=OFF mean what they say.
        if not isinstance(value, str):
            return value
        return value.upper() if info.field_name == "log_level" else value.lower()

    @field_validator("slack_bot_token", "slack_app_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        prefix, kind = _TOKEN_SHAPES[str(info.field_name)]
        if value is not None and not value.get_secret_value().startswith(prefix):
            raise ValueError(f"must be {kind} starting with {prefix}")
        return value

    @field_validator("encryption_keys")
    @classmethod
    def _keys_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        keys = [key.strip() for key in value.get_secret_value().split(",") if key.strip()]
        if not keys or not all(_is_fernet_key(key) for key in keys):
            raise ValueError(
                "must be Fernet keys separated by commas, newest first; "
                "make one with `sparring-bot keygen`"
            )
        return SecretStr(",".join(keys))

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        # slack_sdk joins method names straight onto the base URL.
        return value if value.endswith("/") else value + "/"

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        return checked_database_url(value)

    @field_validator("timezone")
    @classmethod
    def _timezone_known(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("must be an IANA time zone such as Europe/Copenhagen") from error
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The default time zone for teams."""
        return ZoneInfo(self.timezone)

    def fernet_keys(self) -> list[str]:
        """The encryption keys, newest first ([] when none are set)."""
        if self.encryption_keys is None:
            return []
        return self.encryption_keys.get_secret_value().split(",")

    def require_encryption(self) -> None:
        """A SettingsError saying how to make a key, unless keys are set or encryption is off."""
        if self.encryption == "on" and not self.fernet_keys():
            raise SettingsError(
                "missing setting ENCRYPTION_KEYS: case text is encrypted at rest; make a key "
                "with `sparring-bot keygen` and set ENCRYPTION_KEYS=<key> in the environment "
                "or in .env (or set ENCRYPTION=off on purpose, for a test installation)"
            )

    def require_signing_secret(self) -> SecretStr:
        """The HTTP mode's signing secret, or a SettingsError naming it: without one Bolt
        would accept unsigned requests from anyone."""
        if self.slack_signing_secret is None:
            raise SettingsError(
                "missing setting SLACK_SIGNING_SECRET: HTTP mode verifies every request from "
                "Slack with it (the app's Basic Information → Signing Secret); set it in the "
                "environment or in .env (see .env.example)"
            )
        return self.slack_signing_secret

    def require_app_token(self) -> SecretStr:
        """The Socket Mode token, or a SettingsError naming it."""
        if self.slack_app_token is None:
            raise SettingsError(_missing_line(["SLACK_APP_TOKEN"]))
        return self.slack_app_token


def _is_fernet_key(key: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
    except (ValueError, binascii.Error):
        return False


class DatabaseSettings(BaseSettings):
    """Only the database URL, for the `alembic` command line that needs no Slack tokens."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL


def _missing_line(names: list[str]) -> str:
    label = "setting" if len(names) == 1 else "settings"
    return (
        f"missing {label} {', '.join(names)}: set it in the environment or in .env "
        "(see .env.example)"
        + (
            "; to try the bot without Slack: sparring-bot playground"
            if "SLACK_BOT_TOKEN" in names
            else ""
        )
    )


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read and validate the settings, or raise SettingsError with one line naming the problem."""
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as error:
        missing: list[str] = []
        invalid: list[str] = []
        for problem in error.errors(include_input=False, include_url=False):
            name = str(problem["loc"][0]).upper() if problem["loc"] else "?"
            if problem["type"] == "missing":
                missing.append(name)
            else:
                # Our wording or pydantic's; include_input=False keeps the value out.
                reason = str(problem["msg"]).removeprefix("Value error, ")
                invalid.append(f"{name} ({reason})")
        if missing:
            raise SettingsError(_missing_line(missing)) from None
        raise SettingsError(
            f"invalid setting {'; '.join(invalid)}: fix it in the environment or in .env"
        ) from None
