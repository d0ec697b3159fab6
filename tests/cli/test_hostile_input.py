"""Issue 16: nothing a file or a string can do breaks the diary or the terminal.

One table-driven test per class of failure found by the attack on 2026-12-02, each run
against the real `coach` as a process (a few in-process, where a fake file status is
needed). FIFOs, symlinks and devices live in the test's temporary folder; a device is
made there with mknod (skipped where that is not allowed), never the real /dev.
"""

from __future__ import annotations

import copy
import json
import os
import pty
import select
import socket
import stat
import subprocess
import sys
import threading
import tty
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.store import Store
from tests.cli.conftest import TODAY, Runner, at, one_line_error, seed_worsening

TOMORROW = TODAY + timedelta(days=1)
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
# Every class of character coach refuses in new input and neutralises on output.
HOSTILE = {
    "OSC title and clear screen": ESCAPES,
    "bell": "ding\x07",
    "carriage return": "fine\rbad",
    "backspace": "abc\x08\x08\x08xyz",
    "DEL": "a\x7fb",
    "C1 CSI": "a\x9b2Jb",
    "C1 OSC": "a\x9d0;pwned\x9cb",
    "bidi override U+202E": "abc\u202edcba",
    "bidi isolate U+2066": "abc\u2066x\u2069",
    "escape alone": "a\x1bb",
}
UNSAFE = ["\x1b", "\x07", "\r", "\x08", "\x7f", *map(chr, range(0x80, 0xA0))]
UNSAFE += ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068"]
UNSAFE += ["\u2069"]


def run(coach: Runner, db: Path, *args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return coach(*args, "--db", db, "--today", TODAY.isoformat())


def export_doc() -> dict[str, Any]:
    """A small valid export, built here: one episode from 20 Nov with one entry, a
    session and a symptom; a checklist day and a setting."""
    return {
        "format": "coach-export",
        "version": 1,
        "episodes": [
            {
                "uid": "ep-1",
                "onset": "2026-11-20",
                "activity": "deadlifts",
                "area": "lower",
                "side": "both",
                "started_at": "2026-11-20T09:00:00.000000Z",
                "closed_at": None,
                "recovered_on": None,
                "cleared_on": None,
                "cleared_at": None,
                "symptoms": [{"key": "one_leg", "logged_at": "2026-11-20T09:00:00.000000Z"}],
                "entries": [
                    {
                        "uid": "en-1",
                        "logged_at": "2026-11-21T09:00:00.000000Z",
                        "pain": 4,
                        "area": "lower",
                        "note": "sore",
                        "meds": False,
                        "source": "cli",
                        "symptoms": [],
                    }
                ],
                "sessions": [
                    {
                        "uid": "se-1",
                        "kind": "routine",
                        "name": "cat-cow",
                        "started_at": "2026-11-21T10:00:00.000000Z",
                        "seconds_done": 120,
                        "steps_done": 2,
                        "stopped_for_pain": False,
                        "pain_before": None,
                        "pain_after": None,
                    }
                ],
            }
        ],
        "sessions": [],
        "checklist": [{"day": "2026-11-21", "item": "water", "count": 3}],
        "settings": {"bell": "on"},
    }


def changed_text(path: str, value: Any) -> Callable[[], str]:
    """A maker of the export's JSON text with one field changed (see with_change)."""
    return lambda: json.dumps(with_change(path, value))


def with_change(path: str, value: Any) -> dict[str, Any]:
    """The export with one field changed; `path` like 'episodes.0.entries.0.note'."""
    doc = copy.deepcopy(export_doc())
    *parents, last = path.split(".")
    target: Any = doc
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


def write_doc(folder: Path, doc: dict[str, Any] | str, name: str = "export.json") -> Path:
    path = folder / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def assert_refused_untouched(
    result: subprocess.CompletedProcess[str], db: Path, *words: str
) -> str:
    line = one_line_error(result, 2)
    for word in words:
        assert word in line, line
    assert not db.exists() and not db.parent.exists(), "bad input created a database"
    for char in UNSAFE:
        assert char not in line, f"the error line echoes {char!r}"
    return line


def make_device(path: Path, minor: int = 3) -> Path:
    """A character device node (1, minor: 3 null, 5 zero) in the test's folder."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return path


# --- 1. dates an import can hold -----------------------------------------------------------

MOMENT_FIELDS = {
    "entry logged_at": "episodes.0.entries.0.logged_at",
    "episode started_at": "episodes.0.started_at",
    "session started_at": "episodes.0.sessions.0.started_at",
    "symptom logged_at": "episodes.0.symptoms.0.logged_at",
}
BAD_DATES = {
    **{
        f"{name} in year 1": (field, "0001-01-01T00:00:00.000000Z", "0001-01-01")
        for name, field in MOMENT_FIELDS.items()
    },
    **{
        f"{name} in year 9999": (field, "9999-12-31T23:59:59.999999Z", "9999-12-31")
        for name, field in MOMENT_FIELDS.items()
    },
    "entry the day after tomorrow": (
        "episodes.0.entries.0.logged_at",
        f"{TODAY + timedelta(days=2)}T12:00:00.000000Z",
        "tomorrow",
    ),
    "entry in 1998": (
        "episodes.0.entries.0.logged_at",
        "1998-06-01T12:00:00.000000Z",
        "2000-01-01",
    ),
    "onset year 1": ("episodes.0.onset", "0001-01-01", "0001-01-01"),
    "onset year 9999": ("episodes.0.onset", "9999-12-31", "9999-12-31"),
    "recovered_on 9999": ("episodes.0.recovered_on", "9999-12-31", "9999-12-31"),
    "cleared_on 1999": ("episodes.0.cleared_on", "1999-12-31", "1999-12-31"),
    "closed_at 9999": ("episodes.0.closed_at", "9999-01-01T00:00:00.000000Z", "9999-01-01"),
    "checklist day 9999": ("checklist.0.day", "9999-12-31", "9999-12-31"),
    "entry before its episode began": (
        "episodes.0.entries.0.logged_at",
        "2026-11-10T12:00:00.000000Z",
        "before its episode began",
    ),
}


@pytest.mark.parametrize("case", BAD_DATES)
def test_an_import_with_a_date_out_of_range_is_refused_whole(
    coach: Runner, tmp_path: Path, db_path: Path, case: str
) -> None:
    field, value, words = BAD_DATES[case]
    path = write_doc(tmp_path, with_change(field, value))
    assert_refused_untouched(run(coach, db_path, "import", path), db_path, words)


def test_the_edges_of_the_range_import_and_every_command_still_works(
    coach: Runner, tmp_path: Path, db_path: Path
) -> None:
    doc = with_change("episodes.0.entries.0.logged_at", f"{TOMORROW}T22:00:00.000000Z")
    doc["episodes"][0]["onset"] = "2000-01-01"
    doc["episodes"][0]["started_at"] = "1999-12-31T23:30:00.000000Z"  # 1 Jan east of UTC
    doc["checklist"][0]["day"] = TOMORROW.isoformat()
    result = run(coach, db_path, "import", write_doc(tmp_path, doc))
    assert result.returncode == 0, result.stderr
    for args in (
        ["today"],
        ["warnings"],
        ["log", "3"],
        *(["export", "--format", f] for f in ("csv", "json", "md")),
    ):
        result = run(coach, db_path, *args)
        assert result.returncode == 0, (args, result.stderr)


def test_a_database_written_at_the_edge_of_the_calendar_reads_back(tmp_path: Path) -> None:
    """Whatever slips through, a stored time always reads back (the year is padded)."""
    from datetime import UTC, datetime

    from coach.store import parse_utc, utc_iso

    for year in (1, 9, 99, 999, 1000, 2026, 9999):
        moment = datetime(year, 6, 1, 12, 30, 1, 5, tzinfo=UTC)
        assert parse_utc(utc_iso(moment)) == moment
        assert utc_iso(moment).startswith(f"{year:04d}-06-01T12:30:01.000005")


# --- 2. control characters ------------------------------------------------------------------


@pytest.mark.parametrize("case", HOSTILE)
def test_a_note_with_control_characters_is_refused(coach: Runner, db_path: Path, case: str) -> None:
    result = run(coach, db_path, "log", "3", "--note", HOSTILE[case])
    assert_refused_untouched(result, db_path, "control character")


IMPORT_TEXT_FIELDS = {
    "note": "episodes.0.entries.0.note",
    "activity": "episodes.0.activity",
    "entry area": "episodes.0.entries.0.area",
    "entry source": "episodes.0.entries.0.source",
    "session name": "episodes.0.sessions.0.name",
    "entry uid": "episodes.0.entries.0.uid",
    "checklist item": "checklist.0.item",
    "settings value": "settings.bell",
}


@pytest.mark.parametrize("field", IMPORT_TEXT_FIELDS)
@pytest.mark.parametrize("case", ["OSC title and clear screen", "C1 CSI", "bidi override U+202E"])
def test_an_import_with_control_characters_is_refused(
    coach: Runner, tmp_path: Path, db_path: Path, field: str, case: str
) -> None:
    path = write_doc(tmp_path, with_change(IMPORT_TEXT_FIELDS[field], "x" + HOSTILE[case]))
    assert_refused_untouched(run(coach, db_path, "import", path), db_path, "control character")


def test_a_settings_key_with_control_characters_is_refused(
    coach: Runner, tmp_path: Path, db_path: Path
) -> None:
    doc = export_doc()
    doc["settings"] = {ESCAPES: "on"}
    path = write_doc(tmp_path, doc)
    assert_refused_untouched(run(coach, db_path, "import", path), db_path, "control character")


def test_an_error_message_never_echoes_an_escape(coach: Runner, db_path: Path) -> None:
    for args in (
        ["log", "3", "--date", ESCAPES],
        ["log", "3", "--symptom", ESCAPES],
        ["log", ESCAPES],
        ["--today", ESCAPES, "today"],
        ["import", f"{ESCAPES}.json"],
    ):
        assert_refused_untouched(run(coach, db_path, *args), db_path)


def seed_hostile(db_path: Path) -> None:
    """A diary that already holds hostile text (written by an older coach, or by hand):
    in a note, the activity, a session name (named by the stretch_pain warning) and the
    area."""
    store = Store.open(db_path)
    episode, _ = store.start_episode(
        onset=TODAY - timedelta(days=1),
        now=at(TODAY - timedelta(days=1)),
        pain=3,
        activity="lifting " + ESCAPES + "\u202e",
        area="lower",
        note="first " + ESCAPES,
    )
    for char in ("\x9b2J", "\u202eevil", '=HYPERLINK("http://x")', "\x1b[31m"):
        store.add_entry(episode_id=episode.id, pain=8, logged_at=at(TODAY), note=char, area=char)
    store.add_session(
        episode_id=episode.id,
        kind="routine",
        name="cat-cow " + ESCAPES,
        started_at=at(TODAY),
        seconds_done=30,
        stopped_for_pain=True,
    )
    store.close()


def run_on_terminal(db_path: Path, *args: str) -> tuple[int, bytes]:
    """Run coach with its stdout and stderr on a pseudo-terminal; return what it wrote."""
    main_fd, child_fd = pty.openpty()
    tty.setraw(child_fd)  # no output processing: read exactly the bytes coach wrote
    env = {k: v for k, v in os.environ.items() if k != "COACH_DEBUG"}
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", *args, "--db", str(db_path), "--today", TODAY.isoformat()],
        stdin=subprocess.DEVNULL,
        stdout=child_fd,
        stderr=child_fd,
        env=env,
    )
    os.close(child_fd)
    chunks = []
    while True:
        ready, _, _ = select.select([main_fd], [], [], 30)
        if not ready:
            process.kill()
            raise AssertionError("coach hung writing to a terminal")
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    return process.wait(timeout=30), b"".join(chunks)


@pytest.mark.parametrize(
    "args",
    [
        ["today"],
        ["today", "--json"],
        ["warnings"],
        ["warnings", "--json"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["export", "--format", "md"],
    ],
    ids=" ".join,
)
def test_stored_hostile_text_reaches_a_terminal_harmless(db_path: Path, args: list[str]) -> None:
    seed_hostile(db_path)
    status, output = run_on_terminal(db_path, *args)
    assert status == 0, output
    text = output.decode("utf-8")
    # `today` makes its own headings bold on a terminal: that is the only escape allowed.
    text = text.replace("\x1b[1m", "").replace("\x1b[0m", "")
    for char in UNSAFE:
        if char == "\r":
            text = text.replace("\r\n", "\n")  # CSV rows end in CRLF
        assert char not in text, f"{char!r} reached the terminal in `coach {' '.join(args)}`"
    if args[0] == "export" and args[-1] == "json":
        # JSON stays lossless: the escapes are there, written as \\u escapes.
        assert "\\u001b]0;pwned\\u0007" in text and "\\u202e" in text


# --- 3. --db that is not a regular file -----------------------------------------------------


def _fifo(folder: Path) -> Path:
    path = folder / "fifo"
    os.mkfifo(path)
    return path


def _symlink_to_fifo(folder: Path) -> Path:
    link = folder / "link.db"
    link.symlink_to(_fifo(folder))
    return link


def _folder(folder: Path) -> Path:
    path = folder / "a-folder.db"
    path.mkdir()
    return path


def _device(folder: Path) -> Path:
    return make_device(folder / "null")


def _socket(folder: Path) -> Path:
    path = folder / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


NOT_REGULAR: dict[str, tuple[Callable[[Path], Path], str]] = {
    "FIFO": (_fifo, "named pipe"),
    "symlink to a FIFO": (_symlink_to_fifo, "named pipe"),
    "folder": (_folder, "folder"),
    "character device (mknod in tmp)": (_device, "device"),
    "socket": (_socket, "socket"),
}
# [] opens the app: the file is refused before the screen is taken.
DB_COMMANDS = [[], ["log", "3"], ["today"], ["warnings"], ["export"], ["import", "{export}"]]


@pytest.mark.parametrize("command", DB_COMMANDS, ids=lambda c: " ".join(c) or "app")
@pytest.mark.parametrize("kind", NOT_REGULAR)
def test_a_db_that_is_not_a_regular_file_is_refused_untouched(
    coach: Runner, tmp_path: Path, kind: str, command: list[str]
) -> None:
    make, words = NOT_REGULAR[kind]
    folder = tmp_path / "place"
    folder.mkdir()
    db = make(folder)
    before = os.stat(db)
    export = write_doc(tmp_path, export_doc())
    args = [a.replace("{export}", str(export)) for a in command]
    line = one_line_error(run(coach, db, *args), 1)  # a hang fails by the runner's timeout
    assert words in line and str(db) in line
    after = os.stat(db)
    assert (after.st_mode, after.st_uid, after.st_size) == (
        before.st_mode,
        before.st_uid,
        before.st_size,
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [db.name, *(["fifo"] if "symlink" in kind else [])]
    )


def test_a_device_is_refused_before_any_chmod(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same as the mknod case, without making a device: the file status says
    "character device" and any chmod or open of it would be recorded."""
    from coach import dbfile
    from coach.__main__ import main

    fake = db_path.parent / "null"
    real_stat = os.stat
    touched: list[str] = []

    def fake_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if Path(path) == fake:
            return os.stat_result((stat.S_IFCHR | 0o666, 0, 0, 1, 0, 0, 0, 0, 0, 0))
        return real_stat(path, *args, **kwargs)

    def record(name: str) -> Callable[..., Any]:
        def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
            touched.append(f"{name} {path}")
            raise AssertionError(f"{name} on {path}")

        return refuse

    monkeypatch.setattr(dbfile.os, "stat", fake_stat)
    monkeypatch.setattr(dbfile.os, "chmod", record("chmod"))
    monkeypatch.setattr(dbfile.os, "open", record("open"))
    monkeypatch.delenv("COACH_DEBUG", raising=False)
    for command in (["log", "3"], ["today"], ["export"]):
        status = main([*command, "--db", str(fake), "--today", TODAY.isoformat()])
        err = capsys.readouterr().err
        assert (
            status == 1
            and err == f"coach: {fake} is a device, not a database file; left untouched\n"
        )
    assert touched == []
    assert not db_path.parent.exists()


READ_ONLY = [["today"], ["warnings"], ["export"], ["export", "--format", "md"]]


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_a_command_that_reads_never_creates_initialises_or_chmods(
    coach: Runner, tmp_path: Path, command: list[str]
) -> None:
    folder = tmp_path / "place"
    folder.mkdir()
    empty = folder / "empty.db"
    empty.touch()
    os.chmod(empty, 0o644)
    dangling = folder / "dangling.db"
    dangling.symlink_to(folder / "target.db")
    missing = tmp_path / "nowhere" / "diary.db"
    for db in (empty, dangling, missing):
        result = run(coach, db, *command)
        assert result.returncode == 0, result.stderr
    assert empty.read_bytes() == b"" and stat.S_IMODE(empty.stat().st_mode) == 0o644
    assert sorted(p.name for p in folder.iterdir()) == ["dangling.db", "empty.db"]
    assert not missing.parent.exists()


def test_a_command_that_reads_leaves_an_open_diary_file_as_it_was(
    coach: Runner, db_path: Path
) -> None:
    seed_worsening(db_path)
    os.chmod(db_path, 0o640)
    for command in READ_ONLY:
        result = run(coach, db_path, *command)
        assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o640


# --- 4. export --output to a device, a FIFO, /dev/stdout ----------------------------------


def test_export_to_a_fifo_writes_through_and_keeps_the_fifo(
    coach: Runner, tmp_path: Path, db_path: Path
) -> None:
    seed_worsening(db_path)
    fifo = _fifo(tmp_path)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    result = run(coach, db_path, "export", "--output", fifo)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["format"] == "coach-export"
    assert result.stdout == ""  # no "Wrote ..." line: nothing was written as a file


def test_export_to_a_device_writes_through_and_keeps_the_device(
    coach: Runner, tmp_path: Path, db_path: Path
) -> None:
    seed_worsening(db_path)
    device = _device(tmp_path)
    before = os.stat(device)
    result = run(coach, db_path, "export", "--format", "csv", "--output", device)
    assert result.returncode == 0, result.stderr
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_mode == before.st_mode
    assert after.st_rdev == before.st_rdev
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".null")) == []


def test_export_to_a_socket_is_refused(coach: Runner, tmp_path: Path, db_path: Path) -> None:
    seed_worsening(db_path)
    sock = _socket(tmp_path)
    line = one_line_error(run(coach, db_path, "export", "--output", sock), 2)
    assert "socket" in line


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_export_to_dev_stdout_goes_to_standard_output(
    coach: Runner, tmp_path: Path, db_path: Path, name: str
) -> None:
    seed_worsening(db_path)
    piped = run(coach, db_path, "export", "--output", name)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["format"] == "coach-export"
    # Standard output redirected to a file: the file gets the export, nothing replaced.
    target = tmp_path / "out.json"
    with target.open("wb") as handle:
        env = {k: v for k, v in os.environ.items() if k != "COACH_DEBUG"}
        done = subprocess.run(
            [sys.executable, "-m", "coach", "export", "--output", name, "--db", str(db_path)],
            stdout=handle,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_bytes())["format"] == "coach-export"


# --- 5. --today and --date ranges -----------------------------------------------------------

BAD_DAYS = {
    "--today 9999-12-31": (["--today", "9999-12-31", "log", "3"], "--today must be from"),
    "--today 0001-01-01": (["--today", "0001-01-01", "log", "3"], "--today must be from"),
    "--today 1999-12-31": (["--today", "1999-12-31", "log", "3"], "--today must be from"),
    "--today 3000-01-01 today": (["--today", "3000-01-01", "today"], "--today must be from"),
    "--date 1999-12-31": (
        ["--today", "2000-03-01", "log", "3", "--date", "1999-12-31"],
        "too early",
    ),
}


@pytest.mark.parametrize("case", BAD_DAYS)
def test_days_out_of_range_are_refused_before_any_write(
    coach: Runner, db_path: Path, case: str
) -> None:
    args, words = BAD_DAYS[case]
    assert_refused_untouched(coach(*args, "--db", db_path), db_path, words)


def test_the_last_pretend_day_logs_and_every_command_works(coach: Runner, db_path: Path) -> None:
    for args in (
        ["log", "3", "--date", "2999-12-30"],
        ["log", "9", "--meds"],
        ["today"],
        ["warnings"],
        ["export", "--format", "md"],
        ["export", "--format", "csv"],
    ):
        result = coach("--today", "2999-12-31", *args, "--db", db_path)
        assert result.returncode == 0, (args, result.stderr)
    store = Store.open(db_path)
    try:
        assert store.rows("SELECT count(*) AS n FROM entries")[0]["n"] == 2
    finally:
        store.close()


# --- 6. import needs a regular file of a bounded size --------------------------------------


def _sparse_too_big(folder: Path) -> Path:
    from coach.output import IMPORT_LIMIT

    path = folder / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(IMPORT_LIMIT + 1)  # sparse: nothing is really written
    return path


IMPORT_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "FIFO": (_fifo, "named pipe"),
    "/dev/zero made in tmp": (lambda folder: make_device(folder / "zero", 5), "device"),
    "socket": (_socket, "socket"),
    "larger than the limit": (_sparse_too_big, "at most 256 MB"),
}


@pytest.mark.parametrize("case", IMPORT_FILES)
def test_import_needs_a_regular_file_of_at_most_the_limit(
    coach: Runner, tmp_path: Path, db_path: Path, case: str
) -> None:
    make, words = IMPORT_FILES[case]
    source = make(tmp_path)
    assert_refused_untouched(run(coach, db_path, "import", source), db_path, words)


# --- 7. bad input reported as bad input -----------------------------------------------------

BAD_IMPORTS: dict[str, tuple[Callable[[], str], str]] = {
    "5000-digit pain": (
        lambda: json.dumps(export_doc()).replace('"pain": 4', '"pain": ' + "9" * 5000),
        "too many digits",
    ),
    "5000-digit count": (
        lambda: json.dumps(export_doc()).replace('"count": 3', '"count": ' + "1" * 5000),
        "too many digits",
    ),
    **{
        f"lone surrogate in {field}": (
            changed_text(path, "x\ud800y"),
            "not valid UTF-8",
        )
        for field, path in {
            "note": "episodes.0.entries.0.note",
            "activity": "episodes.0.activity",
            "uid": "episodes.0.entries.0.uid",
            "session name": "episodes.0.sessions.0.name",
        }.items()
    },
    "lone surrogate in a settings key": (
        lambda: json.dumps({**export_doc(), "settings": {"x\udc80": "on"}}),
        "not valid UTF-8",
    ),
}


@pytest.mark.parametrize("case", BAD_IMPORTS)
def test_a_bad_value_in_an_import_is_bad_input(
    coach: Runner, tmp_path: Path, db_path: Path, case: str
) -> None:
    make, words = BAD_IMPORTS[case]
    path = write_doc(tmp_path, make())
    assert_refused_untouched(run(coach, db_path, "import", path), db_path, words)


BAD_ARGV: dict[str, tuple[list[bytes], str]] = {
    "invalid UTF-8 note": ([b"log", b"3", b"--note", b"caf\xe9 \xff"], "not valid UTF-8"),
    "Arabic-Indic five": ([b"log", "٥".encode()], "whole number from 0 to 10"),
    "full-width three": ([b"log", "３".encode()], "whole number from 0 to 10"),
}


@pytest.mark.parametrize("case", BAD_ARGV)
def test_bad_bytes_on_the_command_line_are_bad_input(
    tmp_path: Path, db_path: Path, case: str
) -> None:
    argv, words = BAD_ARGV[case]
    env = {k: v for k, v in os.environ.items() if k != "COACH_DEBUG"}
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"coach", *argv, b"--db", os.fsencode(db_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    result = subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode("utf-8", "replace")
    )
    assert_refused_untouched(result, db_path, words)


# --- 8. CSV formula injection ---------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(db_path: Path) -> None:
    import csv
    import io

    from coach import exchange

    store = Store.open(db_path)
    episode, _ = store.start_episode(onset=TODAY, now=at(TODAY), pain=3, note="a=b stays")
    for text in FORMULAS:
        store.add_entry(
            episode_id=episode.id, pain=3, logged_at=at(TODAY), note=text, area=text, source=text
        )
    rows = list(csv.DictReader(io.StringIO(exchange.export_csv(store), newline="")))
    store.close()
    assert rows[0]["note"] == "a=b stays"
    for row, text in zip(rows[1:], FORMULAS, strict=True):
        for column in ("note", "area", "source"):
            assert row[column] == "'" + text, (column, row[column])
    assert all(row["pain"] == "3" for row in rows)


# --- 9. private from the first byte ---------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_a_dangling_symlink_db_is_created_private(
    coach: Runner, tmp_path: Path, open_umask: None
) -> None:
    target = tmp_path / "elsewhere" / "real.db"
    target.parent.mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(target)
    result = run(coach, link, "log", "3")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.is_file()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_database_is_never_readable_by_others_while_it_is_created(
    tmp_path: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Watch every open: the file exists with mode 0600 from the moment it is created."""
    from coach import dbfile

    target = tmp_path / "elsewhere" / "real.db"
    target.parent.mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(target)
    real_open = os.open
    modes: list[int] = []

    def watch(path: Any, flags: int, mode: int = 0o777, *args: Any, **kwargs: Any) -> int:
        fd = real_open(path, flags, mode, *args, **kwargs)
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return fd

    monkeypatch.setattr(dbfile.os, "open", watch)
    dbfile.prepare_location(link)
    assert modes == [0o600]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_folders_coach_creates_are_private(coach: Runner, tmp_path: Path, open_umask: None) -> None:
    db = tmp_path / "a" / "b" / "diary.db"
    result = run(coach, db, "log", "3")
    assert result.returncode == 0, result.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_the_default_data_folder_is_tightened_but_a_folder_named_by_db_is_not(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COACH_DEBUG", "COACH_DB")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    data = tmp_path / "xdg" / "coach"
    data.mkdir(parents=True)
    os.chmod(data, 0o755)
    own = tmp_path / "mine"
    own.mkdir()
    os.chmod(own, 0o755)
    for extra in ([], ["--db", str(own / "diary.db")]):
        done = subprocess.run(
            [sys.executable, "-m", "coach", "log", "3", "--today", TODAY.isoformat(), *extra],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert (data / "diary.db").exists()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(own.stat().st_mode) == 0o755
