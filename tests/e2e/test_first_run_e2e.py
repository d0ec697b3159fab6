"""The whole first run, typed by keys in a real terminal: the note, the intake, Today."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import TerminalFactory
from tests.e2e.harness import Terminal

pytestmark = pytest.mark.e2e

# A person takes a moment between moving to a field and typing into it. Keys sent with
# no gap at all can reach a field before Textual has finished moving the focus.
HUMAN_GAP = 0.25


def press(term: Terminal, *keys: str) -> None:
    for key in keys:
        term.send(key)
        time.sleep(HUMAN_GAP)


def test_first_run_note_then_intake_by_keys_then_today_day_0(
    terminal: TerminalFactory, db_path: Path
) -> None:
    term = terminal("--db", db_path, "--today", "2026-11-25", width=80, height=24)
    term.wait_for("Before you start")
    term.wait_for("not a diagnosis")
    term.send("Enter")  # the first enter shows the emergency signs at the end of the note
    term.wait_for("enter continues")
    term.wait_for("Nothing is sent")
    term.send("Enter")
    term.wait_for("When did it start?")
    # The onset field starts as "today": retype it to show the field takes typing.
    term.send(*["BSpace"] * 5)
    term.wait_for("say when it started")  # an empty answer is explained at once
    term.type("today")
    term.wait_gone("say when it started")
    press(term, "Tab")  # what were you doing: keep "Lifting weights"
    press(term, "Tab")
    term.type("deadlifts")
    press(term, "Tab", "Tab", "Tab")  # area (lower), side (both), then pain
    term.type("12")
    term.wait_for("whole number from 0 to 10")  # caught where it is typed
    term.send("BSpace", "BSpace")
    term.type("5")
    # Save only once the field shows 5: keys reach a field a moment after they are sent.
    term.wait_until(
        lambda screen: re.search(r"from 0 to 10\?\n 5 *\n", screen) is not None,
        "the pain field to show 5",
    )
    term.send("C-s")
    screen = term.wait_for("Day 0")
    assert "since Wed 25 Nov" in screen
    term.wait_for("Pain 5/10")
    term.send("q")
    assert term.wait_exit() == 0

    conn = sqlite3.connect(db_path)
    episodes = conn.execute("SELECT onset, activity, area, side FROM episodes").fetchall()
    entries = conn.execute("SELECT pain, source FROM entries").fetchall()
    conn.close()
    assert episodes == [("2026-11-25", "lifting weights (deadlifts)", "lower", "both")]
    assert entries == [(5, "intake")]


def test_escape_in_the_intake_saves_nothing(terminal: TerminalFactory, db_path: Path) -> None:
    term = terminal("--db", db_path, "--today", "2026-11-25")
    term.wait_for("Before you start")
    term.send("Escape")  # escape closes the note at once
    term.wait_for("When did it start?")
    press(term, "Tab", "Tab")
    term.type("sprint")
    term.send("Escape")
    term.wait_for("No episode yet")
    term.send("q")
    assert term.wait_exit() == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM episodes").fetchone()[0] == 0
    conn.close()
