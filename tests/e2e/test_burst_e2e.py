"""Keys sent in a burst to a real terminal land in the order they were typed: the pain
saved is the pain typed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.steps import answer_row, reach_today

pytestmark = pytest.mark.e2e

YESTERDAY = "2026-11-24"
TODAY = "2026-11-25"


def test_a_burst_of_keys_saves_the_pain_typed(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path
) -> None:
    seeded = run_coach("log", "3", "--today", YESTERDAY, "--db", db_path)
    assert seeded.returncode == 0, seeded.stderr
    term = terminal("--today", TODAY, "--db", db_path)
    reach_today(term, "Day 1 of this episode")
    for attempt in range(3):
        term.send("l")
        term.wait_for("How much does it hurt now")
        # One send-keys call: tmux writes the five keys with no pause between them.
        term.send("4", "5", "BSpace", "BSpace", "7")
        term.wait_until(lambda screen: answer_row(screen) == "7", f"7 in the field ({attempt})")
        term.send("Escape")
        term.wait_gone("How much does it hurt now")
    term.send("l")
    term.wait_for("How much does it hurt now")
    term.send("4", "5", "BSpace", "BSpace", "7", "C-s")
    term.wait_for("Pain 7/10, last logged today")
    term.send("q")
    assert term.wait_exit() == 0
    conn = sqlite3.connect(db_path)
    try:
        pains = [row[0] for row in conn.execute("SELECT pain FROM entries ORDER BY id")]
    finally:
        conn.close()
    assert pains == [3, 7]
