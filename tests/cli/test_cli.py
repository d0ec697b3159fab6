"""The shell commands run as real processes: `coach log`, `warnings`, `export`, `import`.

Bad input exits 2 with one line and writes nothing (not even a new database file);
runtime trouble exits 1 with one line and leaves the database byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coach.cli import EXPORT_WORDS
from coach.store import Store
from tests.cli.conftest import TODAY, Runner, at, one_line_error, seed_worsening, sha256
from tests.wallclock import coach_argv

PAIN_MESSAGE = "pain must be a whole number from 0 to 10"
NOTE_2001 = "x" * 2001

# (arguments after `--db PATH --today 2026-11-25`, words the one error line must hold)
BAD_INPUT = {
    "pain 11": (["log", "11"], PAIN_MESSAGE),
    "pain -1": (["log", "-1"], PAIN_MESSAGE),
    "pain abc": (["log", "abc"], PAIN_MESSAGE),
    "pain 7.5": (["log", "7.5"], PAIN_MESSAGE),
    "pain empty": (["log", ""], PAIN_MESSAGE),
    "pain missing": (["log"], "PAIN"),
    "future date": (["log", "4", "--date", "2026-11-26"], "2026-11-26 is in the future"),
    "impossible date": (["log", "4", "--date", "2026-02-30"], "not a real calendar date"),
    "malformed date": (["log", "4", "--date", "25/11/2026"], "is not a day: use today, yesterday"),
    "empty note": (["log", "4", "--note", ""], "the note is empty"),
    "blank note": (["log", "4", "--note", "  \n "], "the note is empty"),
    "long note": (["log", "4", "--note", NOTE_2001], "the note is 2,001 characters"),
    "unknown symptom": (["log", "4", "--symptom", "itchy"], "unknown symptom 'itchy'"),
    "unknown option": (["warnings", "--colour"], "unrecognized arguments: --colour"),
    "unknown format": (["export", "--format", "xml"], "invalid choice: 'xml'"),
    "import nothing": (["import"], "FILE"),
    "import missing file": (["import", "no-such-file.json"], "no such file"),
}


def run_with_db(
    coach: Runner, db: Path, *args: str | os.PathLike[str]
) -> subprocess.CompletedProcess[str]:
    return coach(*args, "--db", db, "--today", TODAY.isoformat())


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_exits_2_and_creates_no_database(coach: Runner, db_path: Path, case: str) -> None:
    args, words = BAD_INPUT[case]
    result = run_with_db(coach, db_path, *args)
    line = one_line_error(result, 2)
    assert words in line
    assert not db_path.parent.exists(), "bad input created the database folder"


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_leaves_an_existing_database_unchanged(
    coach: Runner, db_path: Path, case: str
) -> None:
    seed_worsening(db_path)
    before = sha256(db_path)
    args, words = BAD_INPUT[case]
    line = one_line_error(run_with_db(coach, db_path, *args), 2)
    assert words in line
    assert sha256(db_path) == before


def test_pain_messages_are_exactly_the_contract(coach: Runner, db_path: Path) -> None:
    for pain in ("11", "-1", "abc", "7.5"):
        line = one_line_error(run_with_db(coach, db_path, "log", pain), 2)
        assert line == f"coach: {PAIN_MESSAGE}"


def test_a_day_before_the_episode_began_is_bad_input(coach: Runner, db_path: Path) -> None:
    assert run_with_db(coach, db_path, "log", "4").returncode == 0
    before = sha256(db_path)
    result = run_with_db(coach, db_path, "log", "5", "--date", "2026-11-20")
    assert "before this episode began" in one_line_error(result, 2)
    assert sha256(db_path) == before


def test_impossible_today_is_bad_input_for_every_command(coach: Runner, db_path: Path) -> None:
    for command in (["warnings"], ["export"], ["log", "4"], ["today"]):
        result = coach(*command, "--db", db_path, "--today", "2026-02-30")
        assert "2026-02-30" in one_line_error(result, 2)
    assert not db_path.parent.exists()


def test_a_good_log_still_works_at_the_limits(coach: Runner, db_path: Path) -> None:
    # The dated entry first: it starts the episode, so the later ones are not before it.
    for args in (["3", "--date", "2026-11-24"], ["0"], ["10", "--note", "y" * 2000]):
        result = run_with_db(coach, db_path, "log", *args)
        assert result.returncode == 0, result.stderr
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    assert sorted(e.pain for e in store.entries(episode.id)) == [0, 3, 10]
    store.close()


# --- a corrupt database -----------------------------------------------------------------

COMMANDS = {
    "log": ["log", "4"],
    "warnings": ["warnings"],
    "warnings json": ["warnings", "--json"],
    "today": ["today"],
    "today json": ["today", "--json"],
    "export json": ["export"],
    "export csv": ["export", "--format", "csv"],
    "export md to file": ["export", "--format", "md", "--output", "out.md"],
    "import": ["import", "IMPORT_FILE"],
}


@pytest.fixture
def export_file(tmp_path: Path, coach: Runner) -> Path:
    """A good JSON export, from a diary of its own."""
    source = tmp_path / "source" / "diary.db"
    seed_worsening(source)
    path = tmp_path / "good-export.json"
    result = run_with_db(coach, source, "export", "--output", path)
    assert result.returncode == 0, result.stderr
    return path


def corrupt_copy(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / "corrupt" / "diary.db"
    path.parent.mkdir()
    if kind == "random bytes":
        path.write_bytes(os.urandom(8192))
        return path
    real = tmp_path / "real" / "diary.db"
    seed_worsening(real)
    store = Store.open(real)
    episode = store.current_episode()
    assert episode is not None
    for day in range(1, 25):
        store.add_entry(
            episode_id=episode.id,
            pain=day % 11,
            logged_at=at(date(2026, 11, day)),
            note="n" * 1500,
        )
    store.close()
    data = real.read_bytes()
    if kind == "truncated header":
        path.write_bytes(data[:100])
    elif kind == "truncated half":
        path.write_bytes(data[: len(data) // 2])
    else:  # pages after the schema wiped: the damage shows only when rows are read
        page = 4096
        damaged = bytearray(data)
        for start in range(3 * page, len(damaged), page):
            damaged[start : start + page] = b"\xee" * page
        path.write_bytes(bytes(damaged))
    return path


@pytest.mark.parametrize(
    "kind", ["random bytes", "truncated header", "truncated half", "bad pages"]
)
@pytest.mark.parametrize("command", COMMANDS)
def test_corrupt_database_exits_1_and_is_left_unchanged(
    coach: Runner, tmp_path: Path, export_file: Path, kind: str, command: str
) -> None:
    damaged = corrupt_copy(kind, tmp_path)
    before = sha256(damaged)
    args = [str(export_file) if a == "IMPORT_FILE" else a for a in COMMANDS[command]]
    line = one_line_error(run_with_db(coach, damaged, *args), 1)
    if kind == "random bytes":  # no SQLite header at all
        assert (
            line == f"coach: {damaged} is not a coach database (not an SQLite file); left untouched"
        )
    else:  # an SQLite header, then pages that cannot be read
        assert line.startswith(f"coach: the database {damaged} is damaged ("), line
        assert line.endswith("); left untouched"), line
    assert sha256(damaged) == before
    assert not (tmp_path / "out.md").exists()


# --- warnings ---------------------------------------------------------------------------


def test_warnings_with_no_diary_says_so_and_creates_nothing(coach: Runner, db_path: Path) -> None:
    result = run_with_db(coach, db_path, "warnings")
    assert (result.returncode, result.stdout, result.stderr) == (0, "No warnings.\n", "")
    result = run_with_db(coach, db_path, "warnings", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert not db_path.parent.exists()


def test_warnings_text_has_one_block_per_warning(coach: Runner, db_path: Path) -> None:
    seed_worsening(db_path)
    result = run_with_db(coach, db_path, "warnings")
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.strip().split("\n\n")
    heads = [block.splitlines()[0] for block in blocks]
    assert [h.split(":")[0] for h in heads] == [
        "▲ CAUTION",
        "▲ CAUTION",
        "▲ CAUTION",
        "▲ CAUTION",
        "▲ CAUTION",
        "ℹ INFO",
    ]
    assert "Get medical advice today" in heads[0] and "111 in the UK" in blocks[0]
    assert "in the next few days" in blocks[1]
    assert "Severe pain" in heads[2]
    assert "  - pain rose from 3 on Mon 23 Nov to 8 on Wed 25 Nov" in blocks[3].splitlines()


def test_warnings_json_shape(coach: Runner, db_path: Path) -> None:
    seed_worsening(db_path)
    result = run_with_db(coach, db_path, "warnings", "--json")
    assert result.returncode == 0, result.stderr
    warnings = json.loads(result.stdout)
    assert [w["kind"] for w in warnings] == [
        "see_doctor_today",
        "see_doctor_soon",
        "severe",
        "worsening",
        "stretch_pain",
        "medication",
    ]
    for warning in warnings:
        assert set(warning) == {"kind", "level", "message", "since", "reasons"}
        assert warning["level"] in ("urgent", "caution", "info")
        assert date.fromisoformat(warning["since"]) <= TODAY
        assert isinstance(warning["message"], str) and warning["message"]
        assert all(isinstance(reason, str) for reason in warning["reasons"])
    by_kind = {w["kind"]: w for w in warnings}
    assert by_kind["medication"] == {
        "kind": "medication",
        "level": "info",
        "message": by_kind["medication"]["message"],
        "since": "2026-11-23",
        "reasons": ["pain relief on 3 days in a row (Mon 23 Nov to Wed 25 Nov)"],
    }


def test_warnings_follow_today(coach: Runner, db_path: Path) -> None:
    seed_worsening(db_path)
    result = coach("warnings", "--json", "--db", db_path, "--today", "2026-11-23")
    assert [w["kind"] for w in json.loads(result.stdout)] == ["see_doctor_today"]


# --- export -----------------------------------------------------------------------------

TRICKY_NOTES = [
    'commas, "quotes", and ""doubled""',
    "line one\nline two\r\nline three\rfour",
    "emoji 🙂🏋️‍♀️ and accents éàü, CJK 腰痛, RTL مرحبا",
    "[b]markup[/b] [@click=app.quit]quit[/] | pipes | and `code` *stars* _under_ <br> &amp;",
    "\ttab, trailing space ",
    "=SUM(A1:A2) looks like a formula",
]


def seed_tricky_notes(db_path: Path) -> None:
    store = Store.open(db_path)
    episode, _ = store.start_episode(
        onset=date(2026, 11, 20), now=at(date(2026, 11, 20)), pain=4, note=TRICKY_NOTES[0]
    )
    for offset, note in enumerate(TRICKY_NOTES[1:], start=1):
        store.add_entry(
            episode_id=episode.id,
            pain=offset,
            logged_at=at(date(2026, 11, 20 + offset)),
            note=note,
            symptoms=["fever", "night_pain"] if offset == 2 else [],
            meds=offset % 2 == 0,
        )
    store.close()


def test_json_export_is_the_default_and_holds_everything(coach: Runner, db_path: Path) -> None:
    seed_worsening(db_path)
    result = run_with_db(coach, db_path, "export")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "coach-export"
    assert document["version"] == 2
    (episode,) = document["episodes"]
    # Stored days travel with the records.
    assert [e["day"] for e in episode["entries"]] == [
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
        "2026-11-25",
    ]
    assert [s["day"] for s in episode["sessions"]] == ["2026-11-24", "2026-11-24", "2026-11-25"]
    assert episode["entries"][3]["symptoms"][0]["day"] == "2026-11-25"
    assert episode["entries"][3]["symptoms"][0]["covered"] is False
    assert episode["onset"] == "2026-11-23"
    assert episode["activity"] == "lifting weights (deadlift)"
    assert (episode["area"], episode["side"], episode["closed_at"]) == ("lower", "left", None)
    assert [e["pain"] for e in episode["entries"]] == [3, 5, 2, 8]
    assert [e["meds"] for e in episode["entries"]] == [True, True, False, True]
    assert episode["entries"][0]["note"] == "first day | sore"
    assert [s["key"] for s in episode["entries"][0]["symptoms"]] == ["fever"]
    assert [s["key"] for s in episode["entries"][3]["symptoms"]] == ["one_leg"]
    assert [(s["name"], s["stopped_for_pain"]) for s in episode["sessions"]] == [
        ("Cat-cow", False),
        ("Ice pack", False),
        ("Cat-cow", True),
    ]
    assert all(len(e["uid"]) == 32 for e in [episode, *episode["entries"], *episode["sessions"]])
    assert document["checklist"] == [
        {"day": "2026-11-24", "item": "water", "count": 3},
        {"day": "2026-11-25", "item": "ice_heat", "count": 1},
    ]
    assert document["settings"] == {"first_run_seen": "2026-11-23"}
    assert document["sessions"] == []


def export_bytes(db_path: Path, fmt: str) -> bytes:
    """What `coach export` prints on TODAY, byte for byte (no newline translation)."""
    result = subprocess.run(
        [*coach_argv(), "export", "--format", fmt, "--db", str(db_path), "--today", str(TODAY)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_csv_export_parses_back_for_any_note(coach: Runner, db_path: Path) -> None:
    seed_tricky_notes(db_path)
    text = export_bytes(db_path, "csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    # Every note reads back as it was, except that a cell a spreadsheet would run as a
    # formula (= + - @ tab CR first) starts with ' (OWASP "CSV injection").
    expected = [("'" + n if n[0] in "=+-@\t\r" else n) for n in TRICKY_NOTES]
    assert expected[4] == "'\ttab, trailing space " and expected[5].startswith("'=SUM")
    assert [row["note"] for row in rows] == expected
    assert list(rows[0]) == [
        "episode_onset",
        "logged_at_utc",
        "local_day",
        "pain",
        "area",
        "pain_relief",
        "symptoms",
        "note",
        "source",
    ]
    assert [row["pain"] for row in rows] == ["4", "1", "2", "3", "4", "5"]
    assert {row["episode_onset"] for row in rows} == {"2026-11-20"}
    assert rows[1]["local_day"] == "2026-11-21"
    assert rows[1]["logged_at_utc"] == "2026-11-21T09:00:00.000000Z"
    assert rows[2]["symptoms"] == "fever;night_pain"
    assert [row["pain_relief"] for row in rows[:3]] == ["no", "no", "yes"]


def test_markdown_export_has_the_table_trend_and_escaped_notes(
    coach: Runner, db_path: Path
) -> None:
    seed_worsening(db_path)
    result = run_with_db(coach, db_path, "export", "--format", "md")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "## Current episode: pain since Mon 23 Nov 2026" in text
    assert "- Activity: lifting weights (deadlift)" in text
    assert "- Where: lower back, left side" in text
    assert "| Day | Score | Entries | Pain relief |" in text
    assert "| Mon 23 Nov | 3 | 1 | yes |" in text
    assert "| Wed 25 Nov | 8 | 2 | yes |" in text
    assert "Trend: ▃▅█ from 3 on Mon 23 Nov to 8 on Wed 25 Nov (up 5;" in text
    assert "- ▲ CAUTION: Severe pain" in text
    assert "  - pain rose from 3 on Mon 23 Nov to 8 on Wed 25 Nov" in text
    assert "| Cat-cow | routine | 2 | 6 | 1 |" in text
    assert "| Ice pack | ice | 1 | 15 | 0 |" in text
    assert "- A high temperature, or feeling hot and shivery (get medical advice today;" in text
    assert "| Mon 23 Nov 09:00 | 3 | first day \\| sore |" in text
    assert "| Wed 25 Nov 18:00 | 8 | \\[b\\]bad\\[/b\\]<br>evening |" in text


def test_output_file_is_private_complete_and_replaces_the_old_one(
    coach: Runner, db_path: Path, tmp_path: Path
) -> None:
    seed_worsening(db_path)
    out = tmp_path / "exports" / "diary.csv"
    out.parent.mkdir()
    out.write_text("an older, longer export\n" * 1000)
    os.chmod(out, 0o644)
    for fmt in ("csv", "json", "md"):
        result = run_with_db(coach, db_path, "export", "--format", fmt, "--output", out)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"Wrote {EXPORT_WORDS[fmt]} to {out}.\n"
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        on_screen = export_bytes(db_path, fmt)
        if fmt == "json":
            written = json.loads(out.read_bytes())
            shown = json.loads(on_screen)
            written.pop("exported_at")
            shown.pop("exported_at")
            assert written == shown
        else:
            assert out.read_bytes() == on_screen
    assert sorted(p.name for p in out.parent.iterdir()) == ["diary.csv"]


def test_output_into_a_missing_folder_is_trouble_and_leaves_nothing(
    coach: Runner, db_path: Path, tmp_path: Path
) -> None:
    seed_worsening(db_path)
    out = tmp_path / "missing" / "diary.json"
    line = one_line_error(run_with_db(coach, db_path, "export", "--output", out), 1)
    assert f"cannot write {out}" in line
    assert not out.parent.exists()


def test_output_onto_the_database_is_refused(coach: Runner, db_path: Path) -> None:
    seed_worsening(db_path)
    before = sha256(db_path)
    line = one_line_error(run_with_db(coach, db_path, "export", "--output", db_path), 2)
    assert "is the diary database itself" in line
    assert sha256(db_path) == before


def test_export_with_no_diary_creates_no_database(coach: Runner, db_path: Path) -> None:
    result = run_with_db(coach, db_path, "export")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["episodes"] == []
    result = run_with_db(coach, db_path, "export", "--format", "md")
    assert "No episodes logged yet." in result.stdout
    assert not db_path.parent.exists()


def test_export_into_a_closed_pipe_is_quiet(db_path: Path) -> None:
    store = Store.open(db_path)
    episode, _ = store.start_episode(onset=date(2026, 1, 1), now=at(date(2026, 1, 1)), pain=3)
    with store.transaction():
        for day in range(300):
            store.add_entry(
                episode_id=episode.id, pain=day % 11, logged_at=at(date(2026, 1, 1)), note="z" * 500
            )
    store.close()
    proc = subprocess.Popen(
        [*coach_argv(), "export", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"Traceback" not in stderr
    assert stderr == b""


# --- import -----------------------------------------------------------------------------


def test_import_twice_adds_nothing_the_second_time(
    coach: Runner, export_file: Path, db_path: Path
) -> None:
    first = run_with_db(coach, db_path, "import", export_file)
    assert first.returncode == 0, first.stderr
    assert first.stdout == (
        "coach is a self-care coach, not a diagnosis: `coach --help` lists the emergency "
        "signs.\n"
        "Imported 1 episode, 4 entries, 3 sessions, 2 checklist items, 1 setting; "
        "0 already present.\n"
    )
    again = run_with_db(coach, db_path, "import", export_file)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        "Imported 0 episodes, 0 entries, 0 sessions, 0 checklist items, 0 settings; "
        "11 already present.\n"
    )
    exported = json.loads(run_with_db(coach, db_path, "export").stdout)
    original = json.loads(export_file.read_text(encoding="utf-8"))
    exported.pop("exported_at")
    original.pop("exported_at")
    assert exported == original
    # The warnings come back with the data.
    kinds = [
        w["kind"] for w in json.loads(run_with_db(coach, db_path, "warnings", "--json").stdout)
    ]
    assert "worsening" in kinds and "stretch_pain" in kinds


def test_import_into_a_diary_with_an_open_episode(
    coach: Runner, export_file: Path, db_path: Path
) -> None:
    store = Store.open(db_path)
    store.start_episode(onset=date(2026, 10, 1), now=at(date(2026, 10, 1)), pain=2)
    store.set_setting("first_run_seen", "2026-10-01")
    store.close()
    result = run_with_db(coach, db_path, "import", export_file)
    assert result.returncode == 0, result.stderr
    assert "1 episode, 4 entries" in result.stdout
    assert "0 settings; 1 already present" in result.stdout
    store = Store.open(db_path)
    current = store.current_episode()
    assert current is not None and current.onset == date(2026, 11, 23)
    assert len(store.episodes()) == 2
    assert store.setting("first_run_seen") == "2026-10-01"  # the diary's own value is kept
    store.close()


def bad_exports(good: dict) -> dict[str, tuple[str, str]]:
    """(file text, words the error line must hold) for a range of broken files."""

    def changed(change: Callable[[dict[str, Any]], object]) -> str:
        document = json.loads(json.dumps(good))
        change(document)
        return json.dumps(document)

    def entries(d: dict) -> list:
        return d["episodes"][0]["entries"]

    good_text = json.dumps(good, indent=2)
    return {
        "not json": ("this is not JSON", "coach import reads the JSON export"),
        "a markdown export": (
            "# Back pain diary\n\n| day | pain |\n",
            "coach import reads the JSON export (coach export --format json)",
        ),
        "half a file": (good_text[: len(good_text) // 2], "not valid JSON"),
        "a list": ("[1, 2, 3]", 'no "format": "coach-export" header'),
        "no header": (changed(lambda d: d.pop("format")), "header"),
        "another format": (changed(lambda d: d.update(format="other")), "header"),
        "version 3": (
            changed(lambda d: d.update(version=3)),
            "of version 3; this coach reads versions 1 to 2",
        ),
        "no stored day": (
            changed(lambda d: entries(d)[0].pop("day")),
            "episodes[0].entries[0] is missing 'day'",
        ),
        "bad stored day": (
            changed(lambda d: entries(d)[0].update(day="25/11/2026")),
            "episodes[0].entries[0].day must be a date",
        ),
        "covered not a flag": (
            changed(lambda d: entries(d)[0]["symptoms"][0].update(covered="yes")),
            "covered must be true or false",
        ),
        "version text": (changed(lambda d: d.update(version="1")), 'version "1"'),
        "pain 11": (
            changed(lambda d: entries(d)[1].update(pain=11)),
            "episodes[0].entries[1].pain must be a whole number from 0 to 10",
        ),
        "pain 7.5": (changed(lambda d: entries(d)[0].update(pain=7.5)), "0 to 10"),
        "pain true": (changed(lambda d: entries(d)[0].update(pain=True)), "0 to 10"),
        "missing field": (
            changed(lambda d: entries(d)[0].pop("note")),
            "episodes[0].entries[0] is missing 'note'",
        ),
        "unknown field": (changed(lambda d: entries(d)[0].update(mood=3)), "unknown field 'mood'"),
        "bad time": (
            changed(lambda d: entries(d)[0].update(logged_at="yesterday")),
            "must be a UTC time",
        ),
        "bad onset": (
            changed(lambda d: d["episodes"][0].update(onset="2026-02-30")),
            "onset must be a date",
        ),
        "unknown symptom": (
            changed(lambda d: entries(d)[0]["symptoms"][0].update(key="itchy")),
            "unknown symptom 'itchy'",
        ),
        "long note": (changed(lambda d: entries(d)[0].update(note=NOTE_2001)), "2,001 characters"),
        "repeated uid": (
            changed(lambda d: entries(d)[1].update(uid=entries(d)[0]["uid"])),
            "repeats the entry uid",
        ),
        "not utf-8": ("\udcff", "not UTF-8 text"),
    }


def test_bad_export_files_exit_2_and_write_nothing(
    coach: Runner, export_file: Path, tmp_path: Path, db_path: Path
) -> None:
    good = json.loads(export_file.read_text(encoding="utf-8"))
    existing = tmp_path / "existing" / "diary.db"
    seed_worsening(existing)
    store = Store.open(existing)
    store.set_setting("first_run_seen", "changed")  # so the import would add something
    store.close()
    before = sha256(existing)
    for name, (text, words) in bad_exports(good).items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        for db in (db_path, existing):
            line = one_line_error(run_with_db(coach, db, "import", path), 2)
            assert line.startswith(f"coach: {path} "), (name, line)
            assert words in line, (name, line)
        assert not db_path.parent.exists(), name
        assert sha256(existing) == before, name


def test_a_file_that_cannot_be_read_is_trouble(
    export_file: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Run in-process: the tests may run as root, who can read any file.
    import builtins

    from coach.__main__ import main

    real_open = builtins.open

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(export_file):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("coach.output.open", refuse, raising=False)
    monkeypatch.delenv("COACH_DEBUG")  # the one-line message, as a person would see it
    status = main(["import", str(export_file), "--db", str(db_path)])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err == f"coach: cannot read {export_file}: permission denied\n"
    assert captured.out == ""
    assert not db_path.parent.exists()


def test_a_folder_is_not_an_export(coach: Runner, tmp_path: Path, db_path: Path) -> None:
    line = one_line_error(run_with_db(coach, db_path, "import", tmp_path), 2)
    assert "is a folder" in line


# --- help -------------------------------------------------------------------------------


def test_help_lists_every_command_with_its_purpose(coach: Runner) -> None:
    result = coach("--help")
    assert result.returncode == 0
    for command in ("log", "warnings", "export", "import"):
        assert any(
            line.split()[:1] == [command] and len(line.split()) > 1
            for line in result.stdout.splitlines()
        ), command
        sub = coach(command, "--help")
        assert sub.returncode == 0
        assert sub.stdout.startswith(f"usage: coach {command}")


def test_a_wrong_option_points_to_that_command_s_help(coach: Runner) -> None:
    result = coach("today", "--jsn")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("(see coach today --help)")
