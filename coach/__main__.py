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
from coach.dates import DAY_WORDS_HELP
from coach.errors import EXIT_TROUBLE, EXIT_USAGE, UsageError


def emergency_signs_help() -> str:
    """The emergency signs of content/red_flags.toml, for `coach --help`."""
    from coach.content import red_flags

    signs = "\n".join(f"  - {flag.text}" for flag in red_flags() if flag.level == "emergency")
    return (
        "coach is a self-care coach, not a diagnosis. Call your local emergency number "
        "(999 in the UK, 911 in the US, 112 in the EU) or go to an emergency department "
        f"if you have back pain with any of these:\n{signs}"
    )


# The subcommands, as typed.
COMMANDS = ("log", "warnings", "today", "export", "import", "sources", "checkin", "report")


class _Parser(argparse.ArgumentParser):
    def format_help(self) -> str:
        text = super().format_help()
        if self.prog == "coach":
            # Read only when help is asked for, so every other command stays quick.
            text = f"{text}\n{emergency_signs_help()}\n"
        return text

    # The words given, so that an error the top parser raises about a command's
    # arguments (`coach today --jsn`) points to that command's help.
    words: Sequence[str] = ()

    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage block; one line saying what is wrong reads better.
        # Every error line starts with "coach:", whichever subcommand raised it.
        prog = self.prog
        if prog == "coach":
            command = next((word for word in self.words if word in COMMANDS), None)
            if command is not None:
                prog = f"coach {command}"
        self.exit(EXIT_USAGE, _line(f"coach: {message} (see {prog} --help)") + "\n")


def _line(text: str) -> str:
    """One line of a message, harmless on a terminal whatever input it echoes."""
    from coach.textsafe import shown

    return shown(text, one_line=True)


def _today_arg(text: str) -> date:
    from coach.validate import pretend_today

    try:
        return pretend_today(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without `commands`, only what opening the app takes
    (`--db`, `--today`): building every command's parser is ~7 ms of start-up."""
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
        type=_today_arg,
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
    if not commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", parser_class=_Parser
    )
    log = subparsers.add_parser(
        "log",
        parents=[common],
        help="log how much your back hurts now (0-10)",
        description="Log a pain score: 0 no pain, 10 worst imaginable.",
    )
    # Optional for argparse only so `coach log --symptom list` works; checked in log_command.
    log.add_argument("pain", metavar="PAIN", nargs="?", help="a whole number from 0 to 10")
    log.add_argument(
        "--date",
        metavar="DAY",
        help="the day it is for (default today): " + DAY_WORDS_HELP,
    )
    log.add_argument("--note", metavar="TEXT", help="a note, up to 2,000 characters")
    log.add_argument("--meds", action="store_true", help="you took pain relief")
    log.add_argument(
        "--symptom",
        metavar="KEY",
        action="append",
        default=[],
        help="a red-flag symptom you have (repeatable); `--symptom list` lists the keys",
    )
    warnings = subparsers.add_parser(
        "warnings",
        parents=[common],
        help="show the active warnings of the current episode",
        description="Show the active warnings of the current episode, with their reasons.",
    )
    warnings.add_argument(
        "--json",
        action="store_true",
        help='print a JSON list of {"kind", "level", "message", "since", "reasons"}',
    )
    today = subparsers.add_parser(
        "today",
        parents=[common],
        help="print today's plan as plain text (for a shell start-up file)",
        description="Print today's plan: the day of the episode, warnings, what to do next, "
        "the advice of the day with its sources, the checklist and a tip.",
    )
    today.add_argument("--json", action="store_true", help="print the plan as JSON")
    export = subparsers.add_parser(
        "export",
        parents=[common],
        help="export the whole diary as JSON, CSV or Markdown",
        description=(
            "Export the diary. json: everything, for a backup or `coach import`; "
            "csv: the diary entries as one table; md: a summary to show a physiotherapist."
        ),
    )
    export.add_argument(
        "--format",
        choices=("json", "csv", "md"),
        default="json",
        help="json (default), csv or md",
    )
    export.add_argument(
        "--output",
        metavar="FILE",
        help="write to FILE (private, mode 0600; replaced whole) instead of the screen",
    )
    restore = subparsers.add_parser(
        "import",
        parents=[common],
        help="restore a JSON export; importing the same file twice adds nothing",
        description=(
            "Add what a JSON export (`coach export`) holds to this diary. Records already "
            "here are kept as they are; a bad file changes nothing."
        ),
    )
    restore.add_argument("file", metavar="FILE", help="a file written by `coach export`")
    subparsers.add_parser(
        "sources",
        parents=[common],
        help="list every reference the advice cites",
        description="List every reference coach's advice, red flags and routines cite, "
        "with its author, year, address and what coach cites it for.",
    )
    check = subparsers.add_parser(
        "checkin",
        parents=[common],
        help="the weekly check-in: PEG (pain, enjoyment, activity) and your own activities",
        description=(
            "The weekly check-in. Three numbers about the past week, each 0-10 (PEG scale, "
            "Krebs 2009): PAIN your average pain; ENJOYMENT how much pain interfered with "
            "your enjoyment of life; ACTIVITY how much it interfered with your general "
            "activity. Then up to three activities the pain makes hard, each rated 0 "
            "(can't do it) to 10 (as before the injury) (Stratford 1995). It prints whether "
            "this is real change from your first check-in."
        ),
    )
    report = subparsers.add_parser(
        "report",
        parents=[common],
        help="write a one-page HTML report for a physiotherapist or GP",
        description=(
            "Write one self-contained HTML page about the current episode: daily pain over "
            "28 days, check-ins, symptoms, pain relief, routines, warnings and your latest "
            "notes. It fits one printed page. Nothing in it is fetched from anywhere."
        ),
    )
    report.add_argument(
        "--output",
        metavar="FILE",
        help="where to write it (default coach-report-YYYY-MM-DD.html here; - for the screen)",
    )
    check.add_argument("pain", metavar="PAIN", help="average pain in the past week, 0-10")
    check.add_argument("enjoyment", metavar="ENJOYMENT", help="interference with enjoyment, 0-10")
    check.add_argument("activity", metavar="ACTIVITY", help="interference with activity, 0-10")
    check.add_argument(
        "--goal",
        metavar="NAME=N",
        action="append",
        default=[],
        help="an activity and how well you can do it, 0-10 (up to three; e.g. deadlift=4)",
    )
    own = subparsers.add_parser(
        "routines",
        parents=[common],
        help="your own routines: list | check FILE | example",
        description=(
            "Your own routines are TOML files in the routines folder of coach's user config "
            "folder (`coach routines list` shows where), in the same format as the shipped ones."
        ),
    )
    what = own.add_subparsers(
        title="actions", dest="routines_action", metavar="ACTION", parser_class=_Parser
    )
    what.required = True
    what.add_parser("list", help="list the routines, yours with any problems")
    own_check = what.add_parser(
        "check",
        help="check a routine file: `ok: N steps, M min`, or FILE:LINE: message per problem",
    )
    own_check.add_argument("file", metavar="FILE", help="a routine file (.toml)")
    what.add_parser("example", help="print a commented routine file to start from")
    return parser


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
        print(_line(f"coach: {error}"), file=sys.stderr)
        return EXIT_TROUBLE
    import gc

    # No garbage collection while the app starts (it allocates much and frees little);
    # the app turns it back on once Today is drawn.
    gc.disable()
    from coach.app import make_app

    app = make_app(db_path=db_path, today=getattr(args, "today", None))
    app.run()
    if app.error_message:
        print(_line(f"coach: {app.error_message}"), file=sys.stderr)
    return app.return_code or 0


def _run_command(args: argparse.Namespace) -> int:
    if args.command is None:
        return run_app(args)
    from coach import cli

    command = {
        "log": cli.log_command,
        "warnings": cli.warnings_command,
        "today": cli.today_command,
        "export": cli.export_command,
        "import": cli.import_command,
        "sources": cli.sources_command,
        "checkin": cli.checkin_command,
        "report": cli.report_command,
        "routines": cli.routines_command,
    }[args.command]
    from coach.clock import clock_for

    return command(args, clock=clock_for(getattr(args, "today", None)), db_path=_db_path(args))


def _silence_stdout() -> None:
    """After a broken pipe (`coach export | head`), let Python exit without complaint."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _opens_the_app(words: Sequence[str]) -> bool:
    """Only `--db PATH` and `--today DAY` (or `--db=PATH`, `--today=DAY`): what the full
    parser would read as opening the app, so the app's own small parser does."""
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word.startswith(("--db=", "--today=")):
            continue
        if word in ("--db", "--today") and rest and not rest[0].startswith("-"):
            rest.pop(0)
            continue
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands=not _opens_the_app(words))
    if isinstance(parser, _Parser):
        parser.words = words
    args = parser.parse_args(words)
    try:
        return _run_command(args)
    except UsageError as error:
        print(_line(f"coach: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`coach export | head`): nothing to tell anyone.
        _silence_stdout()
        return EXIT_TROUBLE
    except Exception as error:  # noqa: BLE001 - the last guard: one line, never a traceback
        if os.environ.get("COACH_DEBUG"):
            raise
        from coach.cli import CommandError
        from coach.dbfile import StoreError

        sqlite3 = sys.modules.get("sqlite3")
        if isinstance(error, StoreError | CommandError):
            line = f"coach: {error}"
        elif sqlite3 is not None and isinstance(error, sqlite3.OperationalError):
            # Locked for too long, read-only, out of disk space: the file itself is fine.
            line = f"coach: cannot use the database {_db_path(args)}: {error}"
        elif sqlite3 is not None and isinstance(error, sqlite3.DatabaseError):
            # Damage the first checks could not see (a bad page deep in the file). Every
            # write is one transaction, so a failed one was rolled back.
            line = f"coach: the database {_db_path(args)} is damaged ({error}); left untouched"
        else:
            line = f"coach: unexpected problem: {type(error).__name__}: {error}"
        print(_line(line), file=sys.stderr)
        return EXIT_TROUBLE


if __name__ == "__main__":
    sys.exit(main())
