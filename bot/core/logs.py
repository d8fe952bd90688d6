"""Logging set-up that keeps tokens and case text out of the logs."""

from __future__ import annotations

import logging
import re
import sys

# Below INFO these libraries log request and response bodies, which carry case text and tokens.
_CHATTY_LIBRARIES = ("slack_sdk", "slack_bolt", "urllib3", "sqlalchemy", "websocket")


# The slack_sdk loggers that test `logger.level <= DEBUG` before formatting a body.
_BODY_LOGGERS = (
    "slack_sdk.web.base_client",
    "slack_sdk.web.slack_response",
    "slack_sdk.webhook.client",
)


class _NoLibraryDebug(logging.Filter):
    """Drop library records below INFO, whatever level the library set on its own loggers
    (Bolt sets one on `slack_bolt.App`, so logger levels alone are not enough)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(_CHATTY_LIBRARIES) and record.levelno < logging.INFO:
            return False
        # Bolt reads SLACK_BOT_TOKEN from the environment by itself and then warns that it
        # uses the client we give it (with our API address and retries): always, harmlessly.
        return not (record.name == "slack_bolt.App" and "`token` will be unused" in record.msg)


# Bolt warns of a failed code exchange with the code in the line: a credential until it is
# used or expires, and the reason the access log leaves /slack/oauth_redirect's query out.
_OAUTH_CODE = re.compile(r"(oauth\.v2\.access result with code: )\S+")


class _NoOAuthCodes(logging.Filter):
    """Cut the OAuth code out of Bolt's warning about a failed exchange (the rest says why)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("slack_bolt") and isinstance(record.msg, str):
            record.msg = _OAUTH_CODE.sub(r"\1[not logged]", record.msg)
        return True


def configure_logging(level: str) -> None:
    """Log to stderr, one line per record."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    handler.addFilter(_NoLibraryDebug())
    handler.addFilter(_NoOAuthCodes())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # slack_sdk decides whether to build a debug line with a call's whole body from its own
    # loggers' levels, not the effective one, and NOTSET passes that test: every Web API call
    # formatted its request and response (case text included) only for the filter to drop it.
    for name in _BODY_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    # SQLAlchemy echoes every statement at INFO; APScheduler logs every run.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
