"""Logging set-up that keeps tokens and case text out of the logs."""

from __future__ import annotations

import logging
import sys

# At DEBUG these libraries log request and response bodies, which carry case text and tokens.
_CHATTY_LIBRARIES = ("slack_sdk", "slack_bolt", "urllib3")


def configure_logging(level: str) -> None:
    """Log to stderr in one line per record; the libraries above never below INFO."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    floor = max(logging.getLevelName(level), logging.INFO)
    for name in _CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(floor)
    # SQLAlchemy echoes every statement at INFO.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    # APScheduler logs every run at INFO; a weekly job is not news.
    logging.getLogger("apscheduler").setLevel(max(floor, logging.WARNING))
