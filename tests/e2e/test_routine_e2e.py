"""A guided routine in a real terminal, in real time: the countdown moves every
second, stops while paused, and "this hurts" ends up in the diary.

This is the one test that watches the wall clock (it checks that the app keeps time
for real); the waits are generous so a loaded machine does not make it flaky.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.harness import Terminal
from tests.e2e.steps import reach_today

pytestmark = pytest.mark.e2e

ONSET = "2026-11-20"
TODAY = "2026-11-23"  # day 3: no rest-first question before a routine
TITLE = "Cat-cow · step 1 of 1"
PAIN_BEFORE = "Before you start: how much does your back"
HURTS = "Stopped. How much does it hurt now"


def digits_area(screen: str) -> str:
    """The three rows of the big countdown, under the title and the phase label."""
    rows = screen.split("\n")
    top = next(i for i, row in enumerate(rows) if TITLE in row)
    return "\n".join(row[:24] for row in rows[top + 2 : top + 5])


def changes_every_second(term: Terminal, times: int = 3) -> None:
    """Read the countdown `times` + 1 times about 1.2 s apart: each read differs."""
    before = digits_area(term.wait_for(TITLE))
    assert before.strip(), term.screen()
    for _ in range(times):
        deadline = time.monotonic() + 1.2
        time.sleep(1.2)
        after = digits_area(term.screen())
        # On a slow machine the frame may come a little late: allow it 2 s more.
        while after == before and time.monotonic() < deadline + 2.0:
            time.sleep(0.05)
            after = digits_area(term.screen())
        assert after != before, f"the countdown did not move:\n{after}"
        before = after


def diary_rows(db_path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT pain, note, source FROM entries ORDER BY id").fetchall()


def session_rows(db_path: Path) -> list[tuple[str, int, int | None, int | None]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT name, stopped_for_pain, pain_before, pain_after FROM sessions ORDER BY id"
        ).fetchall()


def test_a_routine_in_real_time_paused_resumed_and_stopped_because_it_hurts(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path
) -> None:
    logged = run_coach("log", "3", "--date", ONSET, "--today", ONSET, "--db", db_path)
    assert logged.returncode == 0, logged.stderr

    term = terminal("--today", TODAY, "--db", db_path)
    # `coach log` started the episode but nobody has read the first-run note yet:
    # reach_today closes it with Escape.
    screen = reach_today(term, "Day 3 of this episode")
    assert "Pain 3/10" in screen

    term.send("r")
    screen = term.wait_for("Once recovered")
    assert "Cat-cow" in screen
    term.send("Down")  # from the full gentle routine to cat-cow
    term.send("Enter")
    term.wait_for(PAIN_BEFORE)
    term.send("3")
    screen = term.wait_for(TITLE)
    assert "Get ready: Cat-cow" in screen or "Breathe" in screen

    changes_every_second(term)

    term.send("Space")
    paused = term.wait_for("PAUSED")
    time.sleep(0.3)  # let any frame already on its way land
    first = term.screen()
    time.sleep(1.5)
    second = term.screen()
    assert digits_area(first) == digits_area(second)
    assert first == second  # nothing at all moves while paused
    assert TITLE in paused

    term.send("Space")
    term.wait_gone("PAUSED")
    changes_every_second(term, times=1)

    term.send("h")
    term.wait_for(HURTS)
    term.send("5")
    term.wait_gone(HURTS)
    term.wait_for("Routines")

    term.send("d")
    screen = term.wait_for("Stopped Cat-cow")
    assert "Diary" in screen
    term.send("q")
    assert term.wait_exit() == 0

    entries = diary_rows(db_path)
    assert entries[0][0] == 3
    pain, note, source = entries[-1]
    assert pain == 5 and "Cat-cow" in note and source == "routine"
    assert session_rows(db_path) == [("Cat-cow", 1, 3, 5)]
