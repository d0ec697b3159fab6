"""Typing in the forms: keys typed in a burst land in the order they were typed ("45",
two backspaces, "7" used to leave "4" in the pain field), and quitting with unsaved
typing asks first."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from coach.screens.dialogs import ConfirmModal
from coach.screens.diary import LogEntryModal
from coach.screens.intake import IntakeScreen
from coach.store import Store
from tests.helpers import TODAY, app_for, loaded, seed_episode

BACKSPACE = ("backspace", "\x7f")


def burst(pilot: Pilot[None], keys: list[str | tuple[str, str]]) -> None:
    """Post every key at once, as a terminal delivers a fast typist's keys: no waiting
    between them (Pilot.press would let the app settle after each)."""
    for key in keys:
        name, character = key if isinstance(key, tuple) else (key, key)
        pilot.app.post_message(events.Key(name, character))


def typed(text: str) -> list[str | tuple[str, str]]:
    return [character for character in text]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([*typed("45"), BACKSPACE, BACKSPACE, "7"], "7"),
        ([*typed("10"), BACKSPACE, *typed("0"), ("left", None), BACKSPACE, "9"], "90"),
        ([*typed("3"), BACKSPACE, BACKSPACE, BACKSPACE, "8"], "8"),
    ],
)
async def test_a_burst_of_keys_in_the_pain_field(
    db_path: Path, keys: list[str | tuple[str, str]], expected: str
) -> None:
    seed_episode(db_path, onset=TODAY - timedelta(days=2), pains=[(TODAY - timedelta(days=1), 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        burst(pilot, keys)
        for _ in range(5):
            await pilot.pause()
        assert app.screen.query_one("#pain", Input).value == expected


async def test_a_burst_of_keys_in_the_note(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY - timedelta(days=2), pains=[(TODAY - timedelta(days=1), 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one("#note", TextArea).focus()
        await pilot.pause()
        burst(pilot, [*typed("stiff"), BACKSPACE, BACKSPACE, *typed("ck")])
        for _ in range(5):
            await pilot.pause()
        assert app.screen.query_one("#note", TextArea).text == "stick"


async def test_a_burst_of_keys_in_the_intake_date(db_path: Path) -> None:
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")  # the first-run note, then the intake
        for _ in range(20):
            if isinstance(app.screen, IntakeScreen):
                break
            await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        field = app.screen.focused
        assert isinstance(field, Input)
        burst(pilot, [*[BACKSPACE] * 7, *typed("tomorrow"), BACKSPACE, *typed("w")])
        for _ in range(5):
            await pilot.pause()
        assert field.value == "tomorrow"


async def test_ctrl_q_with_unsaved_typing_asks_first(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY - timedelta(days=2), pains=[(TODAY - timedelta(days=1), 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("ctrl+q")  # nothing typed yet: quits at once
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_ctrl_q_with_a_half_filled_form_asks_and_n_goes_back(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY - timedelta(days=2), pains=[(TODAY - timedelta(days=1), 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("6", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "not saved" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        assert app.screen.query_one("#pain", Input).value == "6"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert not app.is_running
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    assert [e.pain for e in store.entries(episode.id)] == [5, 3]  # nothing saved
    store.close()
