"""Issue 16 in a real terminal: a diary that already holds escape sequences (written by
an older coach, or by hand) shows them as harmless text on Today and in the Diary; the
pane title is unchanged and the screen is not cleared or coloured by them. The shell
refuses the same text outright."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.store import Store
from tests.cli.conftest import at
from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.harness import Terminal

pytestmark = pytest.mark.e2e

TODAY = date(2026, 11, 25)
# Retitle the pane (OSC 0 and OSC 2), clear the screen, home the cursor, turn text red,
# ring the bell, and the same through 8-bit C1 controls and a bidi override.
ATTACK = (
    "\x1b]0;pwned\x07\x1b]2;pwned2\x1b\\\x1b[2J\x1b[H\x1b[31mRED\x07 \x9b2J \x9d0;c1\x9c \u202etxet"
)


def seed(db_path: Path) -> None:
    store = Store.open(db_path)
    episode, _ = store.start_episode(
        onset=date(2026, 11, 24),
        now=at(date(2026, 11, 24)),
        pain=3,
        activity="act " + ATTACK,
        area="lower",
        side="both",
        note="first " + ATTACK,
    )
    store.add_entry(episode_id=episode.id, pain=4, logged_at=at(TODAY), note="note " + ATTACK)
    store.set_setting("first_run_seen", "yes")
    store.close()


def pane_title(term: Terminal) -> str:
    return str(term._tmux("display-message", "-p", "-t", "coach", "#{pane_title}")).strip()


def test_escape_sequences_in_the_diary_show_as_harmless_text(
    terminal: TerminalFactory, run_coach: CoachRunner, db_path: Path
) -> None:
    refused = run_coach("log", "3", "--note", ATTACK, "--db", db_path, "--today", "2026-11-25")
    assert refused.returncode == 2 and "control character" in refused.stderr
    seed(db_path)

    term = terminal("--db", db_path, "--today", TODAY.isoformat(), width=100, height=30)
    title = pane_title(term)
    term.wait_for("Day 1 of this episode")
    # Today: the activity, with every escape shown as a visible stand-in.
    screen = term.wait_for("act ␛]0;pwned␇")
    assert "Day 1 of this episode" in screen  # not cleared by the note's ESC [2J
    assert "pwned" not in pane_title(term) and pane_title(term) == title

    term.send("d")
    term.wait_for("Pain by day")
    term.send("Down", "Down", "Down")
    screen = term.wait_for("note ␛]0;pwned␇")
    assert "Diary" in screen and "Pain by day" in screen
    # Repaint a few times (moving the cursor over the rows): still the same, still titled.
    term.send("Down", "Up", "Down")
    screen = term.wait_for("first ␛]0;pwned␇")
    assert "Pain by day" in screen
    assert pane_title(term) == title
    # No cell is coloured by the note's ESC [31m: the word RED has the row's colours.
    coloured = term.screen(colors=True)
    for line in coloured.splitlines():
        if "RED" in line:
            assert "\x1b[31mRED" not in line
    term.send("q")
    assert term.wait_exit() == 0
    assert pane_title(term) == title
