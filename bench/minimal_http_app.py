"""The floor for the HTTP bench: a bare Bolt app on the same server as `sparring-bot serve`.

Started by `bench/http.py` as `python bench/minimal_http_app.py PORT`: waitress with Bolt's WSGI
adapter and the same thread counts (WORKER_THREADS), one listener that publishes a one-block
Home tab. Reads SLACK_BOT_TOKEN, SLACK_API_URL, SLACK_SIGNING_SECRET; runs until SIGTERM.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress import serve

HOME = {
    "type": "home",
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "bare Bolt app"}}],
}


def create_app(threads: int) -> App:
    """A Bolt app with one listener: publish the Home tab (Bolt acks the event first)."""
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        listener_executor=ThreadPoolExecutor(threads),
    )

    @app.event("app_home_opened")
    def publish_home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(user_id=event["user"], view=HOME)

    return app


def make_wsgi() -> Any:
    """The WSGI app (also for other servers, e.g. `gunicorn 'minimal_http_app:make_wsgi()'`)."""
    slack = SlackRequestHandler(create_app(int(os.environ.get("WORKER_THREADS", "16"))))

    def wsgi(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        return slack(environ, start_response)

    return wsgi


def main() -> int:
    """Serve on the port given until SIGTERM."""
    threads = int(os.environ.get("WORKER_THREADS", "16"))
    wsgi = make_wsgi()

    def stop(_signum: int, _frame: object) -> None:
        print("sparring-bot stopped", file=sys.stderr)  # what bot_process checks for
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    serve(wsgi, host="127.0.0.1", port=int(sys.argv[1]), threads=threads, _quiet=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
