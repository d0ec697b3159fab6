"""A routine of your own, from a file in the config folder, run to its end by keys in a
real terminal; a broken file beside it is listed as "can't be used" and stops nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.steps import reach_today

pytestmark = pytest.mark.e2e

ONSET = "2026-11-20"
TODAY = "2026-11-23"  # day 3: no rest-first question before a routine

QUICK_HOLD = '''
id = "quick_hold"
title = "Quick hold"
kind = "relief"
purpose = "One short hold, to try my own routine."

[[step]]
id = "quick_knee_hug"
name = "Knee hug"
start = "Lie on your back and hold one knee."
cues = ["Breathe normally."]
breathing = { pattern = "natural" }
hold_seconds = 4
seconds = 4
cautions = ["Only as far as is comfortable."]
frames = ["""
 O__
 |__|
"""]
'''


def test_your_own_routine_runs_to_its_end(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    folder = config / "coach" / "routines"
    folder.mkdir(parents=True)
    (folder / "quick_hold.toml").write_text(QUICK_HOLD, encoding="utf-8")
    (folder / "a_broken.toml").write_text('id = "a_broken"\ntitle = [\n', encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(config)}

    listed = run_coach("routines", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "quick_hold" in listed.stdout and "can't be used" in listed.stdout

    logged = run_coach("log", "3", "--date", ONSET, "--today", ONSET, "--db", db_path)
    assert logged.returncode == 0, logged.stderr
    term = terminal("--today", TODAY, "--db", db_path, env=env)
    reach_today(term, "Day 3 of this episode")

    term.send("r")
    screen = term.wait_for("Your routines")
    assert "a_broken.toml  can't be used" in screen
    assert "your routine" in screen
    term.send("End")  # the last routine in the list: yours
    term.send("Enter")
    term.wait_for("Before you start: how much does your back")
    term.send("2")
    screen = term.wait_for("Quick hold (your routine)")
    term.send("Right")  # skip the get-ready countdown
    term.wait_for("Next: the end.")  # the hold itself
    term.wait_for("Quick hold done. How much does your back", timeout=20)
    term.send("1")
    term.wait_gone("Quick hold done")
    term.wait_for("Your routines")
    term.send("q")
    assert term.wait_exit() == 0

    with sqlite3.connect(db_path) as conn:
        sessions = conn.execute(
            "SELECT name, seconds_done, planned_seconds, steps_done, pain_before, pain_after"
            " FROM sessions"
        ).fetchall()
        entries = conn.execute("SELECT pain, note, source FROM entries ORDER BY id").fetchall()
    assert sessions == [("Quick hold", 4, 4, 1, 2, 1)]
    assert entries[-2:] == [
        (2, "Before Quick hold.", "routine"),
        (1, "After Quick hold.", "routine"),
    ]
