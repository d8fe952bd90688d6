"""Logging set-up that keeps tokens and case text out of the logs."""

from __future__ import annotations

import logging
import sys

# Below INFO these libraries log request and response bodies, which carry case text and tokens.
_CHATTY_LIBRARIES = ("slack_sdk", "slack_bolt", "urllib3", "sqlalchemy", "websocket")


class _NoLibraryDebug(logging.Filter):
    """Drop library records below INFO, whatever level the library set on its own loggers
    (Bolt sets one on `slack_bolt.App`, so logger levels alone are not enough)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO or not record.name.startswith(_CHATTY_LIBRARIES)


def configure_logging(level: str) -> None:
    """Log to stderr, one line per record."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    handler.addFilter(_NoLibraryDebug())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # SQLAlchemy echoes every statement at INFO; APScheduler logs every run.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
