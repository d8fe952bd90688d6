"""HTTP delivery: what Slack sends an app that uses request URLs instead of Socket Mode.

Events go as JSON, slash commands form-encoded, interactivity as a form with one ``payload``
field holding JSON; every request is signed (``X-Slack-Signature`` v0 over
``v0:timestamp:body`` with the signing secret, ``X-Slack-Request-Timestamp``). The HTTP answer
is the app's ack.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class HttpAnswer:
    """The app's answer to one delivery."""

    status: int
    content_type: str
    body: str

    @property
    def ack(self) -> dict[str, Any] | None:
        """The ack's payload as Socket Mode would carry it: None for an empty body."""
        if self.status != 200 or not self.body.strip():
            return None
        if self.content_type.startswith("application/json"):
            return json.loads(self.body)
        return {"text": self.body}


def encode(envelope_type: str, payload: dict[str, Any]) -> tuple[bytes, str]:
    """The request body Slack sends for a Socket Mode envelope type, and its content type."""
    if envelope_type == "events_api":
        return json.dumps(payload).encode(), "application/json"
    if envelope_type == "slash_commands":
        fields = {key: str(value) for key, value in payload.items()}
    else:  # interactive
        fields = {"payload": json.dumps(payload)}
    return urlencode(fields).encode(), "application/x-www-form-urlencoded"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def post_signed(
    url: str,
    envelope_type: str,
    payload: dict[str, Any],
    *,
    secret: str,
    timestamp: float | None = None,
    retry_attempt: int = 0,
    retry_reason: str = "",
    timeout: float = 10,
) -> HttpAnswer:
    """POST one signed request as Slack would (``timestamp`` defaults to now)."""
    body, content_type = encode(envelope_type, payload)
    stamp = str(int(time.time() if timestamp is None else timestamp))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(secret, stamp, body),
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    }
    if retry_attempt:
        headers |= {"X-Slack-Retry-Num": str(retry_attempt), "X-Slack-Retry-Reason": retry_reason}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = response.read().decode("utf-8", errors="replace")
            kind = response.headers.get("Content-Type", "")
            return HttpAnswer(response.status, kind, answer)
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", errors="replace")
        return HttpAnswer(error.code, error.headers.get("Content-Type", ""), text)
