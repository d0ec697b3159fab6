"""A week in a real terminal: log pain each day from the shell, answer the weekly
check-in in the app with one keypress a question, and see the verdict with its numbers
on Today."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory

pytestmark = pytest.mark.e2e

ONSET = date(2026, 11, 1)


def test_a_week_log_checkin_and_the_verdict(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path
) -> None:
    for n, pain in enumerate([6, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2, 2]):
        day = (ONSET + timedelta(days=n)).isoformat()
        result = run_coach("log", str(pain), "--db", db_path, "--today", day)
        assert result.returncode == 0, result.stderr
    # The first check-in, a week in, from the shell.
    first = run_coach(
        "checkin", "7", "6", "6", "--goal", "deadlift=2", "--db", db_path, "--today", "2026-11-08"
    )
    assert first.returncode == 0, first.stderr
    assert "PEG 6.3: your starting point" in first.stdout

    # A week later, in the app.
    term = terminal("--db", db_path, "--today", "2026-11-15", width=80, height=24)
    term.wait_for("Before you start")
    term.send("Enter")
    term.wait_for("Day 14 of this episode")
    term.wait_for("Weekly check-in is due")
    term.send("k")
    term.wait_for("question 1 of 3")
    term.send("4")
    term.wait_for("question 2 of 3")
    term.send("4")
    term.wait_for("question 3 of 3")
    term.send("3")
    term.wait_for("How well can you do this now: deadlift?")
    term.send("6")
    screen = term.wait_for("PEG 6.3 → 3.7, better: down 2.6, 41%")
    assert "Check-in Sun 15 Nov" in screen
    term.wait_gone("Weekly check-in is due")
    term.send("q")
    assert term.wait_exit() == 0
    # Saved: the shell sees both check-ins (the report lists them with their verdicts).
    report = run_coach("report", "--output", "-", "--db", db_path, "--today", "2026-11-15")
    assert report.returncode == 0, report.stderr
    assert "better</span>: down 2.6, 41%" in report.stdout
