"""A whole day with the installed `coach` in a real terminal: open Today, tick water,
run the ice timer and see it count, stop it early (the partial session is kept), log
pain, see the checklist follow, quit."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.harness import Terminal
from tests.e2e.steps import answer_row, reach_today

pytestmark = pytest.mark.e2e

YESTERDAY = "2026-11-24"  # the onset: `coach log` starts the episode on the entry's day
TODAY = "2026-11-25"  # day 1: heat is offered first; cold is an option (k) in the first two days
COUNTING = 20.0  # real seconds: a loaded machine can be slow to paint


def clock_rows(screen: str) -> str:
    """The rows of the timer's big digits: between the 'why' line and the state line."""
    rows = screen.split("\n")
    start = next(i for i, row in enumerate(rows) if "the first two days" in row)
    end = next(i for i, row in enumerate(rows) if "Running." in row or "Paused." in row)
    return "\n".join(rows[start + 1 : end])


def wait_for_clock_change(term: Terminal, before: str) -> str:
    return term.wait_until(
        lambda screen: "Running." in screen and clock_rows(screen) != before,
        "the timer's digits to change",
        timeout=COUNTING,
    )


def stored(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_whole_day(terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path) -> None:
    seeded = run_coach("log", "3", "--date", YESTERDAY, "--today", YESTERDAY, "--db", db_path)
    assert seeded.returncode == 0, seeded.stderr

    term = terminal("--today", TODAY, "--db", db_path)
    # Yesterday has an entry, so no check-in question; a first-run note may show.
    screen = reach_today(term, "Day 1 of this episode")
    assert "since Tue 24 Nov" in screen
    assert "Pain 3/10, last logged on Tue 24 Nov" in screen
    assert "[ ] Pain logged" in screen
    assert "[ ] Water 0" in screen
    assert "Ease off, keep moving gently" in screen
    assert "Traceback" not in screen

    # Tick a glass of water.
    term.send("w")
    term.wait_for("[x] Water 1")

    # The ice timer: heat first; k switches to cold, an option on day 1.
    term.send("i")
    screen = term.wait_for("Press space to start")
    assert "heat has the better evidence" in screen
    term.send("k")
    screen = term.wait_for("cold is an option")
    assert "in the first two days" in screen
    term.send("Space")
    screen = term.wait_for("Running.")
    first = clock_rows(screen)
    assert first.strip(), f"no clock digits on the screen:\n{screen}"
    # It counts: the digits change once, then again (so at least a second has run).
    second = clock_rows(wait_for_clock_change(term, first))
    wait_for_clock_change(term, second)

    # Stop early: it asks, and the time so far is kept, but a few seconds of a
    # 15-minute timer do not tick Today (less than half of it was done).
    term.send("Escape")
    term.wait_for("Stop the timer now?")
    term.send("y")
    screen = term.wait_for("[ ] Ice/heat 0")
    assert "[x] Water 1" in screen

    # Log pain from the app.
    term.send("l")
    screen = term.wait_for("How much does it hurt now")
    term.type("4")
    # Save once the 4 shows in the field, as a person would.
    term.wait_until(lambda screen: answer_row(screen) == "4", "the 4 in the pain field")
    term.send("C-s")
    screen = term.wait_for("[x] Pain logged")
    assert "Pain 4/10, last logged today" in screen
    assert "[ ] Ice/heat 0" in screen and "[x] Water 1" in screen
    assert re.search(r"Streaks: 2 days logged in a row", screen), screen

    term.send("q")
    assert term.wait_exit() == 0

    sessions = stored(db_path, "SELECT kind, seconds_done FROM sessions")
    assert len(sessions) == 1, sessions
    kind, seconds_done = sessions[0]
    assert kind == "ice"
    assert isinstance(seconds_done, int) and 1 <= seconds_done < 15 * 60
    assert stored(db_path, "SELECT pain FROM entries ORDER BY logged_at") == [(3,), (4,)]
    assert stored(db_path, f"SELECT item, count FROM checklist WHERE day = '{TODAY}'") == [
        ("water", 1)
    ]
