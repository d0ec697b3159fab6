"""Under NO_COLOR, in a real terminal, a ticked red flag and an unticked one look
different: the state is in the shape, not the colour."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.steps import reach_today

pytestmark = pytest.mark.e2e


def test_ticked_and_unticked_differ_without_colour(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path
) -> None:
    seeded = run_coach("log", "3", "--today", "2026-11-24", "--db", db_path)
    assert seeded.returncode == 0, seeded.stderr
    term = terminal("--today", "2026-11-25", "--db", db_path, width=80, height=40, no_color=True)
    reach_today(term, "Day 1 of this episode")
    term.send("l")
    term.wait_for("How much does it hurt now")
    screen = term.wait_for("I took pain relief")
    assert "▐ ▌ I took pain relief" in screen  # unticked: a blank box
    assert "▐●▌ Lower back" in screen and "▐○▌ Middle back" in screen
    term.send("Tab", "Tab", "Space")  # pain field, area, then the pain-relief box
    screen = term.wait_for("▐X▌ I took pain relief")
    # The red-flag list: nothing ticked yet, every box blank.
    assert "▐X▌ ‼" not in screen
    term.send("Escape")
    term.wait_gone("How much does it hurt now")
    term.send("q")
    assert term.wait_exit() == 0
