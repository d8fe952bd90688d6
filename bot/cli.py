"""The `sparring-bot` command: run (default, Socket Mode), serve (HTTP mode), migrate, check,
rotate, due, stats (bot/home/commands.py), and the privacy commands keygen, rekey, export,
forget, audit (bot/privacy/commands.py)."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from types import FrameType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import (
    DatabaseProblem,
    database_problem,
    make_engine,
    make_session_factory,
    schema_revisions,
    upgrade,
)
from bot.core.logs import configure_logging
from bot.core.settings import Settings, SettingsError, load_settings
from bot.home import commands as home_commands
from bot.privacy import commands as privacy
from bot.privacy.keys import configure_encryption
from bot.slack.client import make_web_client
from models import utcnow

if TYPE_CHECKING:
    from slack_bolt import App

    from bot.deps import Deps
    from bot.slack.installations import Clients

# Each command imports what only it needs (the app and its listeners, the HTTP server, the
# scheduler, the due work) when it runs, so `check` and `due` start without loading the bot,
# and the bot without loading Alembic when the schema is at head.

log = logging.getLogger("sparring")

EXIT_OK, EXIT_FAILED, EXIT_SETTINGS = 0, 1, 2
AT_EXAMPLE = "2026-12-07T09:05+01:00"


class Refused(Exception):
    """A command line the operator must change; the message is the one line to print."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = argparse.ArgumentParser(
        prog="sparring-bot", description="Sparring: kollegial sparring og feedback i Slack."
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="apply migrations and run the bot in Socket Mode (default)")
    add_serve_parser(commands)
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("check", help="check settings, database and the Slack token")
    rotate_parser = commands.add_parser(
        "rotate", help="run due buddy rotations now and print the pairs"
    )
    rotate_parser.add_argument("--team", metavar="CHANNEL_ID", help="only this team's channel")
    privacy.add_workspace_argument(rotate_parser)
    rotate_parser.add_argument(
        "--dry-run", action="store_true", help="print what would happen and change nothing"
    )
    add_due_parser(commands)
    add_playground_parser(commands)
    privacy.add_parsers(commands)
    home_commands.add_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "playground":
        # Needs no settings: it makes its own simulator, tokens and database. Imported here so
        # the bot itself never loads the simulator and its web server.
        from bot.playground.runner import serve

        configure_logging("WARNING")
        return serve(port=args.port, open_browser=not args.no_open)
    if args.command == "keygen":
        return privacy.keygen()
    try:
        settings = load_settings()
        if args.command in (None, "run"):
            settings.require_app_token()
        if args.command == "serve":
            settings.require_signing_secret()
        if args.command not in ("migrate", "check", "audit", "stats"):
            settings.require_encryption()  # nothing is stored or read unencrypted by accident
    except SettingsError as error:
        print(f"sparring-bot: {error}", file=sys.stderr)
        return EXIT_SETTINGS
    # `check` prints a report; only warnings and errors should interleave with it.
    configure_logging("WARNING" if args.command == "check" else settings.log_level)
    try:
        return _command(args, settings)
    except (SQLAlchemyError, DatabaseProblem) as error:
        print(f"sparring-bot: {database_problem(error)}", file=sys.stderr)
        return EXIT_FAILED


def _clients(settings: Settings, engine: Engine) -> Clients:
    """Who speaks for each workspace (imported only by the commands that talk to Slack)."""
    from bot.slack.installations import make_clients

    return make_clients(settings, engine)


def _command(args: argparse.Namespace, settings: Settings) -> int:
    configure_encryption(settings)  # this process's key ring, before any case text is touched
    if args.command == "migrate":
        return migrate(settings)
    if args.command == "check":
        return check(settings)
    if args.command in privacy.COMMANDS:
        return privacy.run_command(args, settings, at_head=at_head, slack=_clients)
    if args.command == "stats":
        return home_commands.print_stats(
            settings,
            channel_id=args.team,
            workspace=args.workspace,
            as_csv=args.csv,
            at_head=at_head,
        )
    if args.command == "rotate":
        return rotate(
            settings, channel_id=args.team, workspace=args.workspace, dry_run=args.dry_run
        )
    if args.command == "due":
        try:
            at = due_time(args.at, future=args.future, dry_run=args.dry_run, tz=settings.tz)
        except Refused as refused:
            print(f"sparring-bot: {refused}", file=sys.stderr)
            return EXIT_SETTINGS
        return due(settings, at=at, dry_run=args.dry_run)
    if args.command == "serve":
        return serve(settings, host=args.host or settings.host, port=args.port or settings.port)
    return run(settings)


def add_serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `serve` command's arguments."""
    parser = commands.add_parser(
        "serve", help="apply migrations and answer Slack over HTTP (Events API) at /slack/events"
    )
    parser.add_argument("--host", help="address to listen on (default HOST, or 127.0.0.1)")
    parser.add_argument("--port", type=_port, help="port to listen on (default PORT, or 3000)")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a port (1-65535)")
    return int(text)


def add_due_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `due` command's arguments."""
    parser = commands.add_parser(
        "due", help="run every scheduled check once, as at a time (default now), and print it"
    )
    parser.add_argument("--at", metavar="TIME", help=f"ISO 8601 with offset, e.g. {AT_EXAMPLE}")
    parser.add_argument(
        "--future", action="store_true", help="allow a TIME later than now to act for real"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would happen and change nothing"
    )


def add_playground_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `playground` command's arguments."""
    parser = commands.add_parser(
        "playground", help="try the bot in the browser against a local Slack simulator"
    )
    parser.add_argument("--port", type=int, default=8765, help="the page's port (default 8765)")
    parser.add_argument("--no-open", action="store_true", help="do not open a browser")


def migrate(settings: Settings) -> int:
    """Apply all migrations."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        current, _head = schema_revisions(engine)
    finally:
        engine.dispose()
    print(f"database at revision {current}")
    return EXIT_OK


def check(settings: Settings) -> int:
    """Report whether settings, database and Slack token are good; exit 1 if anything is not."""
    ok = True
    print("settings: ok")
    if settings.encryption == "off":
        print("encryption: OFF (ENCRYPTION=off) — case text is stored in plain; do not use this")
        print("  with real cases: set ENCRYPTION_KEYS (`sparring-bot keygen`) and remove it")
    elif not settings.fernet_keys():
        ok = False
        print("encryption: no ENCRYPTION_KEYS; make a key with `sparring-bot keygen`")
    else:
        print(f"encryption: on ({len(settings.fernet_keys())} key(s))")
    try:
        engine = make_engine(settings.database_url)
        try:
            current, head = schema_revisions(engine)
        finally:
            engine.dispose()
        at_head = current == head
        ok &= at_head
        state = "at head" if at_head else "not at head; run `sparring-bot migrate`"
        print(f"database: reachable, revision {current or 'none'} ({state})")
    except (SQLAlchemyError, DatabaseProblem) as error:
        ok = False
        print(f"database: {database_problem(error)}")
    if settings.oauth:
        # Many workspaces: no token of its own; each installation's is used as it comes.
        print("slack: many workspaces through OAuth (SLACK_CLIENT_ID); install at /slack/install")
        return EXIT_OK if ok else EXIT_FAILED
    try:
        auth = make_web_client(settings).auth_test()
        print(f"slack: auth.test ok (team {auth.get('team_id')}, bot user {auth.get('user_id')})")
    except SlackApiError as error:
        ok = False
        print(f"slack: auth.test failed ({error.response.get('error')})")
    except (SlackClientError, OSError) as error:
        ok = False
        print(f"slack: not reachable at {settings.slack_api_url} ({type(error).__name__})")
    return EXIT_OK if ok else EXIT_FAILED


def rotate(
    settings: Settings, *, channel_id: str | None, workspace: str | None, dry_run: bool
) -> int:
    """Give every pairing team (or one) its round for the current period now, and announce it.
    A channel is looked up in `workspace`, which must be named when several are installed.

    Safe beside a running bot on the same database: both claim the same rows.
    """
    from bot.core.workspaces import workspace_sessions
    from bot.pairing.announce import describe_round, run_due
    from bot.slack.installations import WorkspaceNeeded, choose_workspace

    engine = make_engine(settings.database_url)
    try:
        if not at_head(engine):
            return EXIT_FAILED
        clients = _clients(settings, engine)
        factory = make_session_factory(engine)
        if channel_id is not None or workspace is not None:
            try:
                workspace = choose_workspace(clients, workspace)
            except WorkspaceNeeded as needed:
                print(f"sparring-bot: {needed}", file=sys.stderr)
                return EXIT_SETTINGS
            if workspace is not None and settings.oauth:
                factory = workspace_sessions(factory, workspace)
        reports = run_due(
            client=None if dry_run else clients,
            session_factory=factory,
            now=utcnow(),
            channel_id=channel_id,
            force=True,
            dry_run=dry_run,
        )
    finally:
        engine.dispose()
    if not reports:
        print("no team with buddy pairs" + (f" in {channel_id}" if channel_id else ""))
        return EXIT_FAILED if channel_id else EXIT_OK
    for report in reports:
        print("\n".join(describe_round(report, dry_run=dry_run)))
    return EXIT_FAILED if any(report.failed for report in reports) else EXIT_OK


def due_time(text: str | None, *, future: bool, dry_run: bool, tz: ZoneInfo) -> datetime:
    """The time `due` acts as; Refused when it has no offset, or is later than now and
    neither `--future` nor `--dry-run` says the operator means it."""
    now = datetime.now(tz)
    if text is None:
        if future:
            raise Refused("--future goes with --at TIME")
        return now
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(f"--at {text}: not an ISO 8601 time, e.g. {AT_EXAMPLE}") from None
    if at.utcoffset() is None:
        raise Refused(f"--at {text} needs an offset, e.g. {AT_EXAMPLE}")
    if at - now > timedelta(minutes=1) and not (future or dry_run):
        raise Refused(
            f"--at {text} is in the future; acting then for real runs work early (it would "
            "delete case text before its time): add --future if you mean it, or --dry-run"
        )
    return at


def due(settings: Settings, *, at: datetime, dry_run: bool) -> int:
    """Run every scheduled check once as at `at` and print what it did (or would do).

    Safe beside a running bot, and twice: the database decides what happens once.
    """
    from bot.due import run_due_work

    engine = make_engine(settings.database_url)
    try:
        if not at_head(engine):
            return EXIT_FAILED
        report = run_due_work(
            now=at,
            client=None if dry_run else _clients(settings, engine),
            session_factory=make_session_factory(engine),
            settings=settings,
            dry_run=dry_run,
        )
    finally:
        engine.dispose()
    print(f"as at {at.isoformat(timespec='minutes')}" + (" (dry run)" if dry_run else ""))
    print("\n".join(report.lines() or ["nothing due"]))
    return EXIT_OK if report.ok else EXIT_FAILED


def at_head(engine: Engine) -> bool:
    """True when the database is migrated; else say so on stderr."""
    current, head = schema_revisions(engine)
    if current != head:
        print("sparring-bot: database not at head; run `sparring-bot migrate`", file=sys.stderr)
        return False
    return True


def start_app(
    settings: Settings,
    *,
    session_factory: sessionmaker[Session],
    listener_executor: ThreadPoolExecutor | None = None,
) -> tuple[App, Deps] | None:
    """The Bolt app and its deps, or None after saying in one line why Slack refused it."""
    from slack_bolt.error import BoltError

    from bot.app import create_app

    try:
        app, deps = create_app(
            settings, session_factory=session_factory, listener_executor=listener_executor
        )
    except (BoltError, SlackApiError):
        # Bolt wraps auth.test's refusal (invalid_auth, account_inactive …) in a BoltError.
        print("sparring-bot: Slack refused SLACK_BOT_TOKEN (auth.test failed)", file=sys.stderr)
        return None
    except (SlackClientError, OSError) as error:
        print(
            f"sparring-bot: Slack not reachable at SLACK_API_URL {settings.slack_api_url} "
            f"({type(error).__name__})",
            file=sys.stderr,
        )
        return None
    return app, deps


def stop_on_signals() -> threading.Event:
    """An event set by the first SIGTERM or SIGINT."""
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, shutting down", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    return stop


def freeze_startup() -> None:
    """Keep what starting built (modules, mappers, Bolt's listeners) out of the garbage
    collector's full passes: each of those stops every thread, and over a started bot's
    objects one took 50-90 ms under load, which people saw as late acks; after this it scans
    only what requests made since (about 13 ms; bench/RESULTS.md)."""
    gc.collect()
    gc.freeze()


def serve(settings: Settings, *, host: str, port: int) -> int:
    """Migrate, then answer Slack over HTTP until SIGTERM or SIGINT; on the signal, finish the
    requests already received and the work they started after their ack."""
    from bot.scheduler import create_scheduler
    from bot.serve import serve_until_stopped, verifies_signatures

    engine = make_engine(settings.database_url)
    upgrade(engine)
    session_factory = make_session_factory(engine)
    executor = ThreadPoolExecutor(settings.worker_threads, thread_name_prefix="listener")
    started = start_app(settings, session_factory=session_factory, listener_executor=executor)
    if started is None:
        return EXIT_FAILED
    app, deps = started
    if not verifies_signatures(app):
        # Refuse rather than accept unsigned requests from anyone (a changed create_app).
        print("sparring-bot: the app does not verify Slack's signatures", file=sys.stderr)
        return EXIT_FAILED
    stop = stop_on_signals()
    scheduler = create_scheduler(settings, client=deps.clients, session_factory=session_factory)
    if settings.scheduler_enabled:
        scheduler.start()

    def listening(address: tuple[str, int]) -> None:
        freeze_startup()
        log.info("sparring-bot listening on http://%s:%d/slack/events", *address)

    try:
        serve_until_stopped(
            app,
            engine=engine,
            listener_executor=executor,
            host=host,
            port=port,
            # Server threads wait for the ack only; the work after it runs on the executor.
            threads=settings.worker_threads,
            stop=stop,
            on_listening=listening,
        )
    except OSError as error:
        print(f"sparring-bot: cannot listen on {host}:{port} ({error.strerror})", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)
        engine.dispose()
    log.info("sparring-bot stopped")
    return EXIT_OK


def run(settings: Settings) -> int:
    """Migrate, connect in Socket Mode, and serve until SIGTERM or SIGINT."""
    from bot.scheduler import create_scheduler
    from bot.slack.socket_mode import GuardedSocketModeHandler

    engine = make_engine(settings.database_url)
    upgrade(engine)
    session_factory = make_session_factory(engine)
    started = start_app(settings, session_factory=session_factory)
    if started is None:
        return EXIT_FAILED
    app, deps = started
    stop = stop_on_signals()
    scheduler = create_scheduler(settings, client=deps.clients, session_factory=session_factory)
    # A refused first connection is said in one line below, not also by the library's logger.
    # The name keeps it under the filter that drops library DEBUG output (payloads).
    socket_log = logging.getLogger("slack_bolt.socket_mode")
    socket_log.setLevel(logging.CRITICAL)
    handler = GuardedSocketModeHandler(
        app,
        app_token=settings.require_app_token().get_secret_value(),
        logger=socket_log,
        concurrency=settings.worker_threads,
    )
    try:
        handler.connect()
    except SlackApiError as error:
        print(
            f"sparring-bot: Slack refused SLACK_APP_TOKEN ({error.response.get('error')})",
            file=sys.stderr,
        )
        return EXIT_FAILED
    except (SlackClientError, OSError) as error:
        print(
            f"sparring-bot: Socket Mode not reachable at SLACK_API_URL ({type(error).__name__})",
            file=sys.stderr,
        )
        return EXIT_FAILED
    socket_log.setLevel(logging.NOTSET)  # reconnects after this are logged as usual
    if settings.scheduler_enabled:
        scheduler.start()
    freeze_startup()
    log.info("sparring-bot connected in Socket Mode")
    stop.wait()
    handler.close()
    if scheduler.running:
        scheduler.shutdown(wait=True)
    engine.dispose()
    log.info("sparring-bot stopped")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
