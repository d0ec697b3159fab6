"""The shell commands other than opening the app: `coach log`, `coach warnings`,
`coach export` and `coach import`.

Every command checks what the person typed before it opens the database, so bad
input (exit 2) writes nothing and creates no file. Commands that only read never
create a database that does not exist yet.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import validate
from coach.errors import EXIT_OK, EXIT_USAGE, UsageError
from coach.importcheck import check_dates
from coach.output import read_import_file, write_output
from coach.textsafe import json_safe, shown, shown_data

if TYPE_CHECKING:
    from collections.abc import Iterable

    from coach.clock import Clock
    from coach.model import SafetyWarning
    from coach.plan import Advice
    from coach.state import Snapshot
    from coach.store import Store


EMPTY_NOTE_MESSAGE = "the note is empty; leave out --note or write something"
FIRST_WRITE_NOTICE = (
    "coach is a self-care coach, not a diagnosis: `coach --help` lists the emergency signs."
)


# What each export format is, in words.
EXPORT_WORDS = {
    "json": "the JSON export (everything; coach import reads it)",
    "csv": "the CSV of your diary entries",
    "md": "the Markdown summary",
}


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


class CommandError(Exception):
    """Runtime trouble outside the database (a file that cannot be read or written):
    exit 1 with this one line."""


def format_warning(warning: SafetyWarning) -> str:
    """A warning as plain text: level word and symbol, message, then its numbers."""
    from coach.model import LEVEL_MARKS

    lines = [f"{LEVEL_MARKS[warning.level]}: {shown(warning.message)}"]
    lines.extend(f"  - {shown(reason, one_line=True)}" for reason in warning.reasons)
    return "\n".join(lines)


def current_warnings(store: Store, today: date) -> list[SafetyWarning]:
    """The active warnings of the current episode, as of `today`."""
    from coach.actions import load_snapshot

    return list(load_snapshot(store, today).warnings)


def _note(text: str | None) -> str:
    """`--note`: left out is fine; given, it must say something and fit the limit."""
    if text is None:
        return ""
    if not text.strip():
        raise ValueError(EMPTY_NOTE_MESSAGE)
    return validate.note(text)


def warning_json(warning: SafetyWarning) -> dict[str, object]:
    return {
        "kind": warning.kind,
        "level": warning.level,
        "message": warning.message,
        "since": warning.since.isoformat(),
        "reasons": list(warning.reasons),
    }


def _open_existing(db_path: Path) -> Store:
    """Open the database for a command that reads (see Store.open_for_reading)."""
    from coach.store import Store

    return Store.open_for_reading(db_path)


def warnings_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach warnings [--json]`: the active warnings of the current episode."""
    store = _open_existing(db_path)
    try:
        warnings = current_warnings(store, clock.today())
    finally:
        store.close()
    if args.json:
        text = json_safe(
            json.dumps([warning_json(w) for w in warnings], ensure_ascii=False, indent=2)
        )
    elif warnings:
        text = "\n\n".join(format_warning(w) for w in warnings)
    else:
        text = "No warnings."
    print(text)
    sys.stdout.flush()
    return EXIT_OK


def today_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach today [--json]`: the plan Today shows, for a shell start-up file."""
    from coach.actions import load_snapshot

    store = _open_existing(db_path)
    try:
        snapshot = load_snapshot(store, clock.today())
    finally:
        store.close()
    if args.json:
        text = json_safe(json.dumps(today_json(snapshot), ensure_ascii=False, indent=2))
    else:
        text = today_text(snapshot, bold=sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    print(text)
    sys.stdout.flush()
    return EXIT_OK


def today_json(snapshot: Snapshot) -> dict[str, Any]:
    plan = snapshot.plan
    assert plan is not None
    episode = snapshot.episode

    def advice(items: Iterable[Advice]) -> list[dict[str, str]]:
        return [{"text": a.text, "source": a.source} for a in items]

    ticks = snapshot.day_checklist
    return {
        "date": snapshot.today.isoformat(),
        "episode": None
        if episode is None
        else {
            "onset": episode.onset.isoformat(),
            "day": snapshot.day_number,
            "activity": episode.activity,
            "area": episode.area,
            "side": episode.side,
            "latest_pain": snapshot.latest_entry.pain if snapshot.latest_entry else None,
        },
        "warnings": [warning_json(w) for w in snapshot.warnings],
        "routines_locked": snapshot.locked,
        "phase": None
        if plan.phase is None
        else {"id": plan.phase.id, "title": plan.phase.title, "summary": plan.phase.summary},
        "recovered": plan.recovered,
        "next": {"text": plan.next_action.text, "key": plan.next_action.key},
        "advice": advice(plan.phase.advice if plan.phase else ()),
        "everyday": advice(plan.everyday),
        "checklist": {
            "pain_logged": ticks.pain_logged,
            "routine_done": ticks.routine_done,
            "ice_heat_sessions": ticks.cold_heat,
            "water_glasses": ticks.water,
            "protein_meals": ticks.protein,
        },
        "streaks": {"days_logged": snapshot.logged_streak, "routine_days": snapshot.routine_streak},
        "tip": {"text": plan.tip.text, "source": plan.tip.source},
    }


def today_text(snapshot: Snapshot, *, bold: bool = False) -> str:
    """Today's plan in plain words; `bold` headings only on a terminal."""
    from coach.dates import long_day, short_day

    data = shown_data(today_json(snapshot))

    def heading(text: str) -> str:
        return f"\033[1m{text}\033[0m" if bold else text

    lines = [heading(f"coach · {long_day(snapshot.today)}")]
    episode = snapshot.episode
    if episode is None:
        lines.append("No episode yet. Run `coach` and press n, or `coach log PAIN`.")
    else:
        pain = data["episode"]["latest_pain"]
        lines.append(
            f"Day {snapshot.day_number} of this episode, since {short_day(episode.onset)}."
            + (f" Latest pain {pain}/10." if pain is not None else "")
        )
    for warning in snapshot.warnings:
        lines.append("")
        lines.append(format_warning(warning))
    lines.append("")
    key = data["next"]["key"]
    lines.append(
        heading("Next: ") + data["next"]["text"] + (f" (in the app: {key})" if key else "")
    )
    if data["phase"]:
        lines.append("")
        lines.append(heading(data["phase"]["title"]))
        lines.extend(f"- {a['text']} ({a['source']})" for a in data["advice"])
    lines.append("")
    lines.append(heading("Every day"))
    lines.extend(f"- {a['text']} ({a['source']})" for a in data["everyday"])
    if episode is not None:
        ticks = data["checklist"]

        def box(done: bool) -> str:
            return "[x]" if done else "[ ]"

        lines.append("")
        lines.append(
            f"{box(ticks['pain_logged'])} pain logged  {box(ticks['routine_done'])} routine  "
            f"ice/heat {ticks['ice_heat_sessions']}  "
            f"water {_count(ticks['water_glasses'], 'glass', 'glasses')}  "
            f"protein meals {ticks['protein_meals']}"
        )
        streaks = data["streaks"]
        if streaks["days_logged"] or streaks["routine_days"]:
            lines.append(
                f"Streaks: {_count(streaks['days_logged'], 'day', 'days')} logged in a row, "
                f"routines {_count(streaks['routine_days'], 'day', 'days')} in a row."
            )
    lines.append("")
    lines.append(f"Tip: {data['tip']['text']} ({data['tip']['source']})")
    return "\n".join(lines)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        return False
    return os.path.abspath(a) == os.path.abspath(b)


def _check_output(output: Path, db_path: Path) -> None:
    """Refuse an output path that would replace the diary itself, or a folder."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if _same_file(output, Path(f"{db_path}{suffix}")):
            raise UsageError(f"--output {output} is the diary database itself; choose another file")
    if output.is_dir():
        raise UsageError(f"--output {output} is a folder; give a file name")


def export_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach export [--format json|csv|md] [--output FILE]`."""
    output = Path(args.output).expanduser() if args.output not in (None, "-") else None
    if output is not None:
        _check_output(output, db_path)

    from coach.actions import Diary

    store = _open_existing(db_path)
    try:
        text = Diary(store, clock).export(args.format)
    finally:
        store.close()
    if output is None and args.format == "csv" and sys.stdout.isatty():
        # A note must not retitle or clear the terminal; rows keep their CRLF ends.
        text = "\r\n".join(shown(row) for row in text.split("\r\n"))
    data = text.encode("utf-8")
    if output is None:
        # An export is UTF-8 whatever the terminal's locale says.
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    sys.stdout.flush()
    try:
        replaced = write_output(output, data)
    except OSError as error:
        raise CommandError(f"cannot write {output}: {error.strerror or error}") from None
    if replaced:  # not into the data itself when it went to a terminal or a pipe
        print(f"Wrote {EXPORT_WORDS[args.format]} to {output}.")
    return EXIT_OK


def _read_export(path: Path) -> str:
    try:
        data = read_import_file(path)
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not an export file") from None
    except PermissionError:
        raise CommandError(f"cannot read {path}: permission denied") from None
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(
            f"{path} is not a coach export: it is not UTF-8 text (use a file from "
            "`coach export --format json`)"
        ) from None


def import_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach import FILE`: check the whole file, then add it in one transaction."""
    from coach import exchange

    path = Path(args.file).expanduser()
    text = _read_export(path)
    try:
        document = exchange.parse_export(text)
        check_dates(document, clock.today())
    except ValueError as error:  # ExportFormatError, DateRangeError
        raise UsageError(f"{path} {error}") from None

    from coach.actions import Diary
    from coach.store import Store

    new_diary = not os.path.lexists(db_path)
    store = Store.open(db_path)
    try:
        counts = Diary(store, clock).import_document(document).saved
    except exchange.ExportFormatError as error:
        raise UsageError(f"{path} {error}") from None
    finally:
        store.close()
    if new_diary:
        print(FIRST_WRITE_NOTICE)
    print(counts.summary())
    sys.stdout.flush()
    return EXIT_OK


def log_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach log PAIN`: validate everything first, then write one transaction."""
    from coach.content import red_flags

    if "list" in args.symptom:
        # `coach log PAIN --symptom list`: the keys by tier and what each means; nothing logged.
        from coach.content import SYMPTOM_LEVELS, TIER_WORDS

        blocks = []
        for level in SYMPTOM_LEVELS:
            lines = [TIER_WORDS[level] + ":"]
            lines += [f"  {f.key:<17} {f.text}" for f in red_flags() if f.level == level]
            blocks.append("\n".join(lines))
        print("\n\n".join(blocks))
        return EXIT_OK
    if args.pain is None:
        raise UsageError("say how much it hurts: coach log PAIN, a whole number from 0 to 10")
    today = clock.today()
    try:
        pain = validate.pain(args.pain)
        day = validate.entry_day(args.date, today) if args.date else today
        # A day coach could start an episode on: not more than a year ago.
        validate.onset(day.isoformat(), today)
        note = _note(args.note)
        symptoms = validate.symptom_keys(args.symptom, (f.key for f in red_flags()))
    except ValueError as error:
        raise UsageError(str(error)) from None

    from coach.actions import Diary, Refused
    from coach.store import Store

    new_diary = not os.path.lexists(db_path)
    store = Store.open(db_path)
    try:
        try:
            outcome = Diary(store, clock).log_pain(
                pain=pain, day=day, note=note, meds=args.meds, symptoms=symptoms, source="cli"
            )
        except Refused as error:
            raise UsageError(str(error)) from None
        episode, _ = outcome.saved
        if new_diary:
            print(FIRST_WRITE_NOTICE)
        print(
            f"Logged pain {pain}/10 for {day.isoformat()} (day {episode.age(day)} of this episode)."
        )
        for warning in outcome.to_tell:
            print(format_warning(warning))
    finally:
        store.close()
    sys.stdout.flush()
    return EXIT_OK


def sources_text() -> str:
    """Every reference of content/sources.toml, as plain text."""
    from coach.content import sources

    blocks = []
    for source in sources().values():
        blocks.append(
            f"[{source.id}] {source.author} ({source.year}). {source.title}.\n"
            f"  {source.url}\n"
            f"  Cited for: {source.supports}"
        )
    return "\n\n".join(blocks)


def sources_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach sources`: every reference the advice cites. Opens no database."""
    print(sources_text())
    sys.stdout.flush()
    return EXIT_OK


def _answer(text: str, what: str) -> int:
    try:
        return validate.pain(text)
    except ValueError:
        raise UsageError(f"{what} must be a whole number from 0 to 10") from None


def checkin_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach checkin PAIN ENJOYMENT ACTIVITY [--goal NAME=N]...`: the weekly check-in.

    Everything is checked before the database is opened; one transaction saves it."""
    from coach import checkin

    pain = _answer(args.pain, "PAIN (your average pain in the past week)")
    enjoyment = _answer(args.enjoyment, "ENJOYMENT (how much pain got in the way of enjoying life)")
    activity = _answer(args.activity, "ACTIVITY (how much pain got in the way of your activity)")
    try:
        goals = checkin.parse_goals(args.goal)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if not os.path.lexists(db_path):
        raise UsageError("no episode yet: start one with `coach log PAIN` or in the app (n)")

    from coach.actions import Diary, Refused
    from coach.store import Store

    today = clock.today()
    answers = checkin.CheckInAnswers(
        pain=pain, enjoyment=enjoyment, activity=activity, goals=tuple(goals)
    )
    store = Store.open(db_path)
    try:
        try:
            outcome = Diary(store, clock).check_in(answers, source="cli")
        except Refused as error:
            raise UsageError(str(error)) from None
        episode = outcome.snapshot.episode
        assert episode is not None  # check_in refuses without one
        checkins = list(outcome.saved)
        print(f"Check-in saved for {today.isoformat()} (day {episode.age(today)} of this episode).")
        for line in checkin.verdict_lines(checkin.verdicts(checkins)[-1]):
            print(line)
        from coach.dates import short_day

        print(f"Next check-in from {short_day(checkin.next_due(episode.onset, checkins))}.")
        if checkin.suggests_recovered(checkins[-1]):
            print(checkin.RECOVERED_SUGGESTION)
        for warning in outcome.new_warnings:
            print(format_warning(warning))
    finally:
        store.close()
    sys.stdout.flush()
    return EXIT_OK


def report_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach report [--output FILE]`: the one-page HTML report for a clinician."""
    from coach import report

    today = clock.today()
    if args.output == "-":
        output = None
    else:
        output = Path(args.output or report.default_name(today)).expanduser()
        _check_output(output, db_path)

    from coach import exchange
    from coach.actions import load_snapshot
    from coach.content import red_flag_index

    store = _open_existing(db_path)
    try:
        html = report.report_html(load_snapshot(store, today), red_flag_index())
    finally:
        store.close()
    data = html.encode("utf-8")
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        exchange.write_private(output, data)
    except OSError as error:
        raise CommandError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"Wrote the report to {output}. Open it in a browser to read or print it.")
    return EXIT_OK


def routines_command(args: argparse.Namespace, *, clock: Clock, db_path: Path) -> int:
    """`coach routines list | check FILE | example`: your own routines."""
    from coach.paths import user_routines_dir
    from coach.routines import routines
    from coach.user_routines import EXAMPLE, check_routine_file, load_user_routines, summary

    if args.routines_action == "example":
        print(EXAMPLE, end="")
        return EXIT_OK
    if args.routines_action == "check":
        path = Path(args.file).expanduser()
        if not path.is_file():
            raise UsageError(f"routines check: no such file: {shown(args.file, one_line=True)}")
        routine, problems = check_routine_file(path)
        if routine is None:
            for problem in problems:
                # A file name or a TOML error can carry control characters: shown harmless.
                print(shown(problem.shown(args.file), one_line=True))
            return EXIT_USAGE
        print(summary(routine))
        return EXIT_OK
    folder = user_routines_dir()
    print("Shipped routines:")
    for item in routines():
        print(f"  {item.id:<16} {item.minutes:>2} min  {item.title}")
    print(f"Your routines ({folder}):")
    own = load_user_routines(folder)
    if not own:
        print("  none yet: `coach routines example` prints a file to start from")
    for entry in own:
        if entry.routine is not None:
            print(f"  {entry.routine.id:<16} {entry.routine.minutes:>2} min  {entry.routine.title}")
        else:
            why = entry.problems[0].shown(entry.path.name)
            print(shown(f"  {entry.path.name:<16} can't be used: {why}", one_line=True))
    return EXIT_OK
