"""The pure core imports neither Textual nor SQLite, so it is tested in microseconds
and stays usable from the command line without paying for the UI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PURE_MODULES = [
    "coach.chart",
    "coach.clock",
    "coach.checkin",
    "coach.content",
    "coach.countdown",
    "coach.dates",
    "coach.importcheck",
    "coach.intake",
    "coach.keymap",
    "coach.model",
    "coach.output",
    "coach.paths",
    "coach.plan",
    "coach.player",
    "coach.report",
    "coach.routines",
    "coach.safety",
    "coach.settings",
    "coach.speech",
    "coach.state",
    "coach.textsafe",
    "coach.user_routines",
    "coach.validate",
    "coach.voice",
]
FORBIDDEN = ["textual", "sqlite_utils", "sqlite3", "rich"]
LATE = ["sqlite_utils", "pendulum"]


def loaded_after(code: str, modules: list[str]) -> list[str]:
    """Which of `modules` a fresh interpreter has loaded once it has run `code`."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in {modules!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_ui_and_no_database(module: str) -> None:
    assert loaded_after(f"import {module}", FORBIDDEN) == []


def test_the_command_line_loads_no_ui_for_version() -> None:
    code = (
        "from coach.__main__ import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert loaded_after(code, FORBIDDEN) == []


@pytest.mark.parametrize("module", ["coach.app", "coach.screens.today", "coach.__main__"])
def test_the_first_frame_does_not_wait_for_the_database(module: str) -> None:
    """Everything imported before the first frame leaves sqlite-utils and pendulum
    (about 0.13 s together) to the thread that opens the diary afterwards."""
    assert loaded_after(f"import {module}", LATE) == []


def test_the_path_to_today_s_content_needs_neither_sqlite_utils_nor_pendulum(
    tmp_path: Path,
) -> None:
    """Opening a diary in daily use and drawing Today's content uses the standard
    library's sqlite3; sqlite-utils (for writes) and pendulum come later or never."""
    db = tmp_path / "diary.db"
    subprocess.run(
        [sys.executable, "-m", "coach", "log", "4", "--db", str(db), "--today", "2026-11-24"],
        check=True,
        capture_output=True,
    )
    code = (
        "from datetime import date\n"
        "from coach.app import make_app\n"
        "from coach.screens.today import checklist_lines, episode_lines, next_line\n"
        "from coach.actions import load_snapshot\n"
        "from coach.store import Store\n"
        f"store = Store.open_current({str(db)!r})\n"
        "snapshot = load_snapshot(store, date(2026, 11, 25))\n"
        "episode_lines(snapshot); next_line(snapshot); checklist_lines(snapshot)\n"
        "assert snapshot.day_number == 1"
    )
    assert loaded_after(code, LATE) == []


def test_a_first_run_makes_its_diary_without_sqlite_utils(tmp_path: Path) -> None:
    """The first run (the empty file `coach` makes, then the first-run note) creates the
    schema on the plain connection: sqlite-utils is left for the first write."""
    db = tmp_path / "new" / "diary.db"
    code = (
        "from datetime import date\n"
        "from coach.actions import load_snapshot\n"
        "from coach.dbfile import SCHEMA_VERSION, prepare_location\n"
        "from coach.store import Store\n"
        f"prepare_location({str(db)!r})\n"
        f"store = Store.open_current({str(db)!r})\n"
        "assert store is not None and store.version == SCHEMA_VERSION\n"
        "assert load_snapshot(store, date(2026, 11, 25)).episode is None"
    )
    assert loaded_after(code, LATE) == []


# What the first screen imports: each coach.* dataclass defined here cost about 0.8 ms
# at start-up (dataclasses writes and compiles its methods), so the records are
# NamedTuples (see coach.model). A module that goes back to @dataclass shows up here.
FIRST_SCREEN_DATACLASSES: list[str] = []


def test_the_first_screen_defines_no_dataclasses_of_coach() -> None:
    code = (
        "import dataclasses, json\n"
        "made = []\n"
        "process = dataclasses._process_class\n"
        "def counted(cls, *args, **kwargs):\n"
        "    made.append(f'{cls.__module__}.{cls.__qualname__}')\n"
        "    return process(cls, *args, **kwargs)\n"
        "dataclasses._process_class = counted\n"
        "import coach.app, coach.actions, coach.store\n"
        "print(json.dumps(made))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    made = json.loads(result.stdout.splitlines()[-1])
    # The count sees the dataclasses of Textual (it has dozens): the patch took effect.
    assert any(name.startswith("textual.") for name in made)
    assert [name for name in made if name.startswith("coach.")] == FIRST_SCREEN_DATACLASSES
