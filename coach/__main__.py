"""The `coach` command: open the app, or run one of the shell commands.

Kept thin and quick to import: Textual and sqlite-utils load only for the command
that needs them. Bad input exits 2 with one line on stderr; runtime trouble exits
1 with one line; a traceback is never shown.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from coach import __version__
from coach.errors import EXIT_TROUBLE, EXIT_USAGE, UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; one line saying what is wrong reads better.
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _date_arg(text: str) -> date:
    from coach.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the diary database file (default: $COACH_DB, else diary.db in your user data folder)",
    )
    common.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=_date_arg,
        default=argparse.SUPPRESS,
        help="pretend today is this date (to review the past, and for tests)",
    )
    parser = _Parser(
        prog="coach",
        description="A calm daily coach for back muscle pain after exercise.",
        epilog="Run without a command to open the app. Your data stays on this machine.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    log = commands.add_parser(
        "log",
        parents=[common],
        help="log how much your back hurts now (0-10)",
        description="Log a pain score: 0 no pain, 10 worst imaginable.",
    )
    log.add_argument("pain", metavar="PAIN", help="a whole number from 0 to 10")
    log.add_argument("--date", metavar="YYYY-MM-DD", type=_date_arg, help="the day it is for")
    log.add_argument("--note", metavar="TEXT", default="", help="a note, up to 2,000 characters")
    log.add_argument("--meds", action="store_true", help="you took pain relief")
    log.add_argument(
        "--symptom",
        metavar="KEY",
        action="append",
        default=[],
        help="a red-flag symptom you have (repeatable); see `coach log --symptom list`",
    )
    return parser


def _today(args: argparse.Namespace) -> date:
    fixed: date | None = getattr(args, "today", None)
    if fixed is not None:
        return fixed
    from coach.dates import local_today

    return local_today()


def _db_path(args: argparse.Namespace) -> Path:
    from coach.paths import resolve_db_path

    return resolve_db_path(getattr(args, "db", None))


def run_app(args: argparse.Namespace) -> int:
    from coach.dbfile import StoreError, prepare_location

    db_path = _db_path(args)
    try:
        # Cheap checks first, so a bad file is reported before the screen is taken.
        prepare_location(db_path)
    except StoreError as error:
        print(f"coach: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    from coach.app import make_app

    app = make_app(db_path=db_path, today=getattr(args, "today", None))
    app.run()
    if app.error_message:
        print(f"coach: {app.error_message}", file=sys.stderr)
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "log":
            from coach.cli import log_command

            return log_command(args, today=_today(args), db_path=_db_path(args))
        return run_app(args)
    except UsageError as error:
        print(f"coach: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last guard: one line, never a traceback
        if os.environ.get("COACH_DEBUG"):
            raise
        from coach.dbfile import StoreError

        if isinstance(error, StoreError):
            print(f"coach: {error}", file=sys.stderr)
        else:
            print(f"coach: unexpected problem: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_TROUBLE


if __name__ == "__main__":
    sys.exit(main())
