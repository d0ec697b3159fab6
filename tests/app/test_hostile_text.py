"""Issue 16 in the app: the forms refuse control characters with their message, and
text already stored with them (an older coach, a hand-edited database) is shown on
Today and in the Diary as harmless visible characters, never sent to the terminal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from coach.app import CoachApp
from coach.screens.diary import DiaryScreen, LogEntryModal
from coach.screens.intake import IntakeScreen
from coach.store import Store
from tests.app.test_diary import (
    open_diary,
    screen_text,
    settled,
    stored_entries,
    type_pain,
)
from tests.helpers import TODAY, app_for, problem_text, returning_user, seed_episode

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred"
UNSAFE = ["\x1b", "\x07", "\r", "\x08", "\x7f", *map(chr, range(0x80, 0xA0))]
UNSAFE += [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
FORM_INPUT = {
    "OSC and CSI": ESCAPES,
    "C1 CSI": "a\x9b2Jb",
    "bidi override": "abc\u202edcba",
    "bell": "ding\x07",
    "DEL": "a\x7fb",
    # (A carriage return never gets this far: the text area makes it a line break.)
}


def assert_harmless(text: str) -> None:
    for char in UNSAFE:
        assert char not in text, f"{char!r} would reach the terminal"


def seed_hostile(db_path: Path) -> None:
    seed_episode(
        db_path,
        onset=TODAY - timedelta(days=2),
        activity="lifting " + ESCAPES,
        pains=[(TODAY - timedelta(days=1), 3)],
    )
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    from tests.cli.conftest import at

    store.add_entry(episode_id=episode.id, pain=4, logged_at=at(TODAY), note="note " + ESCAPES)
    store.add_entry(episode_id=episode.id, pain=4, logged_at=at(TODAY, 10), note="rtl \u202eevil")
    store.add_session(
        episode_id=episode.id,
        kind="routine",
        name="cat-cow \x9b2J",
        started_at=at(TODAY, 11),
        seconds_done=30,
        stopped_for_pain=True,
    )
    store.close()


@pytest.mark.parametrize("case", FORM_INPUT)
async def test_the_log_form_refuses_control_characters_with_its_message(
    db_path: Path, case: str
) -> None:
    seed_episode(db_path, onset=TODAY - timedelta(days=1))
    before = stored_entries(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "4")
        app.screen.query_one("#note", TextArea).insert(FORM_INPUT[case])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)  # not saved, the form stays
        message = problem_text(app, "note-field")
        assert "control character" in message
        assert_harmless(message)
    assert stored_entries(db_path) == before


async def test_the_intake_detail_refuses_control_characters(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        detail = app.screen.query_one("#activity-detail", Input)
        detail.value = "deadlifts " + ESCAPES
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert "control character" in problem_text(app, "detail-field")
    store = Store.open(db_path)
    assert not store.episodes()
    store.close()


async def test_stored_escapes_show_as_harmless_text_on_today_and_in_the_diary(
    db_path: Path,
) -> None:
    seed_hostile(db_path)
    app: CoachApp = app_for(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        today = screen_text(app)
        assert_harmless(today)
        assert "lifting ␛]0;pwned␇␛[2J␛[31mred" in today
        screen = await open_diary(pilot)
        assert isinstance(screen, DiaryScreen)
        table = app.screen.query_one("#entries")
        table.focus()
        await pilot.pause()
        diary = screen_text(app)
        # The warnings name the stretch that hurt, whatever its stored name holds.
        assert_harmless(diary)
        assert "note ␛]0;pwned␇␛[2J␛[31mred" in diary
        assert "rtl �evil" in diary
        # The edit form shows the stored note harmless too.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        note = app.screen.query_one("#note", TextArea).text
        assert_harmless(note)
        assert_harmless(screen_text(app))
