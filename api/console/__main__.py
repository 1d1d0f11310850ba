"""Officer accounts from the command line.

    python -m api.console create-officer USERNAME [--name "Nguyễn Thị Lan"] [--password-stdin] [--reset] [--supervisor]
    python -m api.console create-token USERNAME [--days 30]     # bearer token for the audit API
    python -m api.console deactivate USERNAME
"""
from __future__ import annotations

import argparse
import getpass
import sys
from datetime import timedelta

from sqlalchemy import select

from api.console.accounts import AccountError, create_officer, deactivate, open_session
from core.db import Database
from core.settings import get_settings
from domain.feedback.models import SUPERVISOR_ROLE
from domain.feedback.roles import set_role
from domain.handoff.models import Officer


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise AccountError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.console", description="Officer accounts")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-officer", help="create an officer (or --reset a password)")
    create.add_argument("username")
    create.add_argument("--name", help="name shown to citizens, e.g. 'Nguyễn Thị Lan'")
    create.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    create.add_argument("--reset", action="store_true", help="change the password of an existing officer")
    create.add_argument("--supervisor", action="store_true",
                        help="a supervisor: exports training data and sees statistics (logged)")
    token = commands.add_parser("create-token", help="print a bearer token for the audit API")
    token.add_argument("username")
    token.add_argument("--days", type=int, default=30)
    off = commands.add_parser("deactivate", help="disable an officer and end their sessions")
    off.add_argument("username")
    args = parser.parse_args(argv)

    db = Database(get_settings().database_url)
    db.migrate()
    try:
        if args.command == "create-officer":
            password = _password(args.password_stdin)
            with db.session() as session:
                officer = create_officer(session, args.username, password, args.name, reset=args.reset)
                if args.supervisor:
                    set_role(session, officer, SUPERVISOR_ROLE)
                print(f"officer {officer.username} ({officer.display_name}) is ready")
        elif args.command == "create-token":
            with db.session() as session:
                officer = session.scalar(select(Officer).where(Officer.username == args.username.lower()))
                if officer is None or not officer.active:
                    raise AccountError(f"no active officer {args.username!r}")
                secret, _ = open_session(session, officer, timedelta(days=args.days), kind="api")
            print(secret)
        else:
            with db.session() as session:
                deactivate(session, args.username)
            print(f"officer {args.username} is deactivated")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
