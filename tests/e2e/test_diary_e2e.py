"""Log from the shell, then read the diary in a real terminal: the entries, the
warning with its numbers, and a note with markup shown exactly as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory

pytestmark = pytest.mark.e2e

MARKUP_NOTE = "[b]not bold[/b] [@click=app.quit]x[/]"


def test_shell_entries_and_their_warning_show_in_the_diary_literally(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path
) -> None:
    first = run_coach("log", "3", "--db", db_path, "--today", "2026-11-23")
    assert first.returncode == 0, first.stderr
    second = run_coach("log", "6", "--note", MARKUP_NOTE, "--db", db_path, "--today", "2026-11-24")
    assert second.returncode == 0, second.stderr
    assert "▲ CAUTION" in second.stdout and "getting worse" in second.stdout

    term = terminal("--db", db_path, "--today", "2026-11-24", width=100, height=30)
    term.wait_for("Before you start")  # nothing had marked the first-run note as read
    term.send("Escape")
    term.wait_for("Day 1 of this episode")
    term.send("d")
    term.wait_for("Pain by day")  # the diary's chart: the diary is open
    screen = term.wait_for("getting worse")
    assert "▲ CAUTION" in screen
    assert "pain rose from 3 on Mon 23 Nov to 6 on Tue 24 Nov" in screen
    # The entries list is below the warnings and the chart: move down to it.
    term.send("Down", "Down", "Down")
    screen = term.wait_for("[b]not bold[/b]")
    assert "Tue 24 Nov" in screen and "Mon 23 Nov" in screen
    # The click markup in the note is text, not an action: the app is still running.
    assert not term.exited
    term.send("q")
    assert term.wait_exit() == 0
