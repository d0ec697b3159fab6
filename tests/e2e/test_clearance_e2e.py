"""The clearance in a real terminal: a clinician's clearance given with `c`, `y` does
not cover an emergency sign reported afterwards from the shell, even one dated the
day before (the review's most dangerous defect)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.steps import reach_today

pytestmark = pytest.mark.e2e

YESTERDAY = "2026-11-24"
TODAY = "2026-11-25"
LOCKED = "Press c once a clinician has seen you"


def test_a_back_dated_sign_after_the_clearance_locks_again(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: str
) -> None:
    seeded = run_coach("log", "6", "--symptom", "chest_pain", "--today", YESTERDAY, "--db", db_path)
    assert seeded.returncode == 0, seeded.stderr

    term = terminal("--today", TODAY, "--db", db_path)
    screen = reach_today(term, LOCKED)
    assert "URGENT" in screen
    term.send("c")
    term.wait_for("Yes (y)")
    term.send("y")
    screen = term.wait_until(
        lambda screen: "Routines are open again" in screen and "URGENT" not in screen,
        "the clearance to be recorded",
    )
    assert LOCKED not in screen
    term.send("q")
    assert term.wait_exit() == 0

    logged = run_coach(
        "log", "4", "--date", YESTERDAY, "--symptom", "both_legs", "--today", TODAY,
        "--db", db_path,
    )  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    assert "URGENT" in logged.stdout

    term = terminal("--today", TODAY, "--db", db_path)
    screen = reach_today(term, LOCKED)
    assert "URGENT" in screen
    term.send("r")
    term.wait_for("‼ LOCKED")
    term.send("q")
    assert term.wait_exit() == 0
