"""The privacy commands of `sparring-bot`: keygen, rekey, export, forget, audit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import make_engine, make_session_factory
from bot.core.settings import Settings
from bot.core.workspaces import workspace_sessions
from bot.privacy import audit
from bot.privacy.keys import configure_encryption, new_key, rekey
from bot.slack.installations import Clients, WorkspaceNeeded, choose_workspace
from models import utcnow

EXIT_OK, EXIT_FAILED, EXIT_SETTINGS = 0, 1, 2
COMMANDS = ("keygen", "rekey", "export", "forget", "audit")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The privacy commands' arguments."""
    commands.add_parser("keygen", help="print a new encryption key for ENCRYPTION_KEYS")
    commands.add_parser(
        "rekey", help="re-encrypt every case text with the newest key (and encrypt plain rows)"
    )
    export = commands.add_parser(
        "export", help="write everything stored about a person to JSON and text files"
    )
    export.add_argument("user_id", metavar="USER_ID")
    add_workspace_argument(export)
    export.add_argument("--out", default=".", help="folder for the files (default: here)")
    forget_parser = commands.add_parser(
        "forget", help="delete or pseudonymise everything stored about a person"
    )
    forget_parser.add_argument("user_id", metavar="USER_ID")
    add_workspace_argument(forget_parser)
    forget_parser.add_argument(
        "--dry-run", action="store_true", help="print what would happen and change nothing"
    )
    audit_parser = commands.add_parser("audit", help="print the audit log")
    audit_parser.add_argument("--since", metavar="DATE", help="from this date (YYYY-MM-DD) on")


def add_workspace_argument(parser: argparse.ArgumentParser) -> None:
    """`--workspace T…`: which workspace a person or channel id belongs to."""
    parser.add_argument(
        "--workspace",
        metavar="TEAM_ID",
        help="the Slack workspace (T…); required when more than one is installed",
    )


def keygen() -> int:
    """Print a new key (needs no settings)."""
    print(new_key())
    return EXIT_OK


def run_command(
    args: argparse.Namespace,
    settings: Settings,
    *,
    at_head: Callable[[Engine], bool],
    slack: Callable[[Settings, Engine], Clients],
) -> int:
    """Run a privacy command on the database; `at_head` says whether it is migrated. Export
    and forget see the named workspace's teams only, and forget deletes in Slack with its
    token (bot/slack/installations.py)."""
    configure_encryption(settings)
    if args.command == "audit":
        try:
            since = _since(args.since)
        except ValueError:
            print(f"sparring-bot: --since {args.since}: use YYYY-MM-DD", file=sys.stderr)
            return EXIT_SETTINGS
    engine = make_engine(settings.database_url)
    try:
        if not at_head(engine):
            return EXIT_FAILED
        factory = make_session_factory(engine)
        if args.command == "rekey":
            return _rekey(factory, settings)
        if args.command in ("export", "forget"):
            clients = slack(settings, engine)
            try:
                workspace = choose_workspace(clients, args.workspace)
            except WorkspaceNeeded as needed:
                print(f"sparring-bot: {needed}", file=sys.stderr)
                return EXIT_SETTINGS
            if workspace is not None and settings.oauth:
                factory = workspace_sessions(factory, workspace)
            if args.command == "export":
                return _export(factory, user_id=args.user_id, out=Path(args.out))
            client = None if args.dry_run else clients.client_for(workspace)
            return _forget(factory, settings, args=args, client=client)
        with factory() as session:
            for entry in audit.entries(session, since=since):
                print(audit.describe(entry))
        return EXIT_OK
    finally:
        engine.dispose()


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _rekey(factory: sessionmaker[Session], settings: Settings) -> int:
    if settings.encryption == "off" or not settings.fernet_keys():
        print("sparring-bot: rekey needs ENCRYPTION_KEYS (make one with `sparring-bot keygen`)")
        return EXIT_SETTINGS
    report = rekey(factory)
    print("\n".join(report.lines() or ["every case text is encrypted with the newest key"]))
    with factory.begin() as session:
        total = sum(report.resealed.values())
        audit.record(
            session,
            actor=audit.OPERATOR,
            action=audit.Action.KEYS_ROTATED,
            detail=f"{total} value(s) re-encrypted, {len(settings.fernet_keys())} key(s) in use",
        )
    return EXIT_FAILED if any(report.unreadable.values()) else EXIT_OK


def _export(factory: sessionmaker[Session], *, user_id: str, out: Path) -> int:
    from bot.privacy.delivery import export_files  # only this command needs it

    json_text, plain_text = export_files(factory, user_id=user_id)
    out.mkdir(parents=True, exist_ok=True)
    for suffix, content in (("json", json_text), ("txt", plain_text)):
        path = out / f"sparring-{user_id}.{suffix}"
        path.write_text(content, encoding="utf-8")
        path.chmod(0o600)  # personal data: the operator's eyes only
        print(f"wrote {path}")
    with factory.begin() as session:
        audit.record(session, actor=audit.OPERATOR, action=audit.Action.EXPORTED, subject=user_id)
    return EXIT_OK


def _forget(
    factory: sessionmaker[Session],
    settings: Settings,
    *,
    args: argparse.Namespace,
    client: WebClient | None,
) -> int:
    from bot.privacy.forget import forget  # only this command needs it

    keys = settings.fernet_keys()
    if not keys:
        print("sparring-bot: forget needs ENCRYPTION_KEYS (the pseudonym is keyed)")
        return EXIT_SETTINGS
    done = forget(
        session_factory=factory,
        client=None if args.dry_run else client,
        user_id=args.user_id,
        alias=audit.pseudonym(keys[-1], args.user_id),
        now=utcnow(),
        dry_run=args.dry_run,
    )
    print("\n".join(done.lines(dry_run=args.dry_run)))
    return EXIT_FAILED if done.slack_failed else EXIT_OK
