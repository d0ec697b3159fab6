"""The installed `coach` in a real terminal: launch, read the screen, quit."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.steps import FIRST_RUN_NOTE, reach_today

pytestmark = pytest.mark.e2e


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_launch_shows_today_then_q_quits_with_a_private_database(
    terminal: TerminalFactory, db_path: Path
) -> None:
    assert not db_path.parent.exists()

    term = terminal("--db", db_path)
    # A new diary opens on the first-run note; Today comes up once it is read.
    term.wait_for(FIRST_RUN_NOTE)
    screen = reach_today(term, "No episode yet")
    assert "Today" in screen
    assert "Traceback" not in screen

    term.send("q")
    assert term.wait_exit() == 0

    assert db_path.is_file()
    assert mode(db_path) == 0o600, oct(mode(db_path))
    assert mode(db_path.parent) == 0o700, oct(mode(db_path.parent))
    for companion in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        if companion.exists():
            assert mode(companion) & 0o077 == 0, f"{companion.name} is {oct(mode(companion))}"


def test_pain_logged_from_the_shell_shows_on_today(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path
) -> None:
    logged = run_coach("log", "4", "--db", db_path, "--today", "2026-11-25")
    assert logged.returncode == 0, logged.stderr
    assert "4/10" in logged.stdout

    term = terminal("--db", db_path, "--today", "2026-11-27")
    screen = reach_today(term, "Pain 4/10")
    assert "Day 2" in screen
    assert "Wed 25 Nov" in screen  # the onset
    assert "Fri 27 Nov 2026" in screen  # the pretend today, in the title

    term.send("q")
    assert term.wait_exit() == 0
