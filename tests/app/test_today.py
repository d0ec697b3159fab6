"""Pilot tests of the app shell and the Today screen."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from coach.screens.dialogs import NoteModal
from coach.screens.keybar import KeyBar
from coach.store import SCHEMA_VERSION
from tests.helpers import TODAY, app_for, loaded, returning_user, seed_episode, text_of


async def test_a_diary_in_daily_use_is_drawn_in_the_first_frame(db_path: Path) -> None:
    """No placeholder: Today's content is there as soon as the app is up, read with the
    standard library alone (sqlite-utils comes later, off the event loop)."""
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 24), 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.snapshot is not None and app.store is not None
        assert "Day 3 of this episode" in text_of(app, "#episode-heading")
        assert "Pain logged" in text_of(app, "#checklist")
        await loaded(pilot)


async def test_a_new_diary_is_created_before_the_first_frame(db_path: Path) -> None:
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.store is not None and db_path.exists()
        await loaded(pilot)
        assert isinstance(app.screen, NoteModal)  # the first-run note


async def test_the_empty_file_coach_makes_first_opens_on_the_fast_path(db_path: Path) -> None:
    """`coach` creates the diary's file (0600, empty) before the app starts; that empty
    file is made a diary before the first frame, not in the thread."""
    from coach.dbfile import prepare_location

    prepare_location(db_path)  # what `coach` does before the app starts
    assert db_path.stat().st_size == 0
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.store is not None and app.store.version == SCHEMA_VERSION
        assert not app.workers, "the diary was opened in a thread"
        await loaded(pilot)
        assert isinstance(app.screen, NoteModal)


async def test_a_long_diary_shows_today_from_its_recent_entries_then_reads_the_rest(
    db_path: Path,
) -> None:
    """Start-up reads a long diary's recent entries and the history the rules need; the
    rest is read in a thread once Today is drawn, and the snapshot is then the full
    read's (Today's lines stay as they were)."""
    from coach.actions import load_snapshot
    from coach.store import Store

    onset = TODAY - timedelta(days=120)
    seed_episode(db_path, onset=onset, pains=[(onset + timedelta(days=n), 3) for n in range(120)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.snapshot
        assert first is not None and first.entries_from == TODAY - timedelta(days=1)
        heading = text_of(app, "#episode-heading")
        await loaded(pilot)
        assert app.diary is not None and app.diary.complete
        store = Store.open(db_path)
        try:
            assert app.snapshot == load_snapshot(store, TODAY)
        finally:
            store.close()
        assert len(app.snapshot.entries) == 121
        assert text_of(app, "#episode-heading") == heading


async def test_the_diary_opened_before_the_rest_is_read_lists_every_entry(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key pressed in the first moments (here, the read once Today is drawn never
    happens): the diary reads the rest itself before it lists the entries."""
    from coach.app import CoachApp

    read_whole = CoachApp._whole_diary
    asked: list[None] = []

    async def not_once_drawn(self: CoachApp) -> None:
        asked.append(None)
        if len(asked) > 1:  # the first is the start-up's, once Today is drawn
            await read_whole(self)

    monkeypatch.setattr(CoachApp, "_whole_diary", not_once_drawn)
    onset = TODAY - timedelta(days=40)
    seed_episode(db_path, onset=onset, pains=[(onset + timedelta(days=n), 3) for n in range(40)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.entries_from is not None
        await pilot.press("d")
        await pilot.pause()
        assert app.current_mode == "diary"
        assert app.snapshot.entries_from is None and len(app.snapshot.entries) == 41
        assert "41 entries" in text_of(app, "#title")


async def test_collection_started_off_is_on_again_once_today_is_drawn(db_path: Path) -> None:
    """`coach` starts with garbage collection off (bench/startup.py); once Today is drawn
    it is on again. Started with it on (as here, by default) it is left alone."""
    import gc

    seed_episode(db_path, onset=date(2026, 11, 22))
    gc.disable()
    try:
        app = app_for(db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def a_diary_to_migrate(db_path: Path) -> None:
    """A diary at schema version 1, which opens the slow way (in a thread)."""
    import sqlite3

    from coach.store import _v1

    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    _v1(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.close()


async def test_a_diary_to_migrate_paints_first_and_opens_in_a_thread(db_path: Path) -> None:
    a_diary_to_migrate(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.snapshot is None
        assert "Opening your diary" in text_of(app, "#episode-heading")
        await loaded(pilot)
        assert app.store is not None and app.store.version == SCHEMA_VERSION


async def test_a_new_diary_opens_on_the_note_alone_and_today_comes_once_it_is_read(
    db_path: Path,
) -> None:
    """The first screen of a new diary is the first-run note, with nothing built behind
    it (bench/startup.py); once it is read Today comes up, then the intake over it."""
    from coach.screens.dialogs import FirstRunNote
    from coach.screens.intake import IntakeScreen
    from coach.screens.today import TodayScreen

    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, FirstRunNote)
        assert not any(isinstance(screen, TodayScreen) for screen in app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert isinstance(app.screen_stack[-2], TodayScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "No episode yet" in text_of(app, "#episode-heading")
        # The sections work from here as from any Today: to the diary and back.
        await pilot.press("d")
        await pilot.pause()
        assert app.current_mode == "diary"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    async with app_for(db_path).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)  # read once, never again


async def test_a_click_on_enter_continues_reads_on_then_goes_on(db_path: Path) -> None:
    """The note has no button: its last line is the mouse's way on, as enter is the
    keyboard's (the first click brings the emergency signs into view)."""
    from coach.screens.dialogs import FirstRunNote
    from coach.screens.intake import IntakeScreen

    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        note = app.screen
        assert isinstance(note, FirstRunNote)
        hint = text_of(app, ".note-hint")
        column = hint.index("enter continues") + 2
        body = note.query_one(".note-body")
        assert body.scroll_y < body.max_scroll_y
        await pilot.click(".note-hint", offset=(column, 0))
        await pilot.pause()
        assert app.screen is note and body.scroll_y == body.max_scroll_y
        await pilot.click(".note-hint", offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)


async def test_a_diary_opened_in_the_thread_gets_the_note_over_today(db_path: Path) -> None:
    """A diary that has not shown the note yet but is opened the slow way (here, one to
    migrate) gets the first-run note over Today, which was drawn first."""
    from coach.screens.dialogs import FirstRunNote
    from coach.screens.today import TodayScreen

    a_diary_to_migrate(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, NoteModal) and not isinstance(app.screen, FirstRunNote)
        assert isinstance(app.screen_stack[0], TodayScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # the intake, left without saving
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_today_without_an_episode_invites_to_start_one(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "No episode yet" in text_of(app, "#episode-heading")
        assert "Wed 25 Nov 2026" in text_of(app, "#title")


async def test_today_shows_day_n_since_onset_and_the_latest_pain(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 24), 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "Day 3 of this episode, since Sun 22 Nov" in text_of(app, "#episode-heading")
        detail = text_of(app, "#episode-detail")
        assert "Lower back, both sides" in detail
        assert "deadlifting" in detail
        assert "Pain 4/10, last logged on Tue 24 Nov" in detail


async def test_today_counts_entries_logged_today(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY, pains=[(TODAY, 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        detail = text_of(app, "#episode-detail")
        assert "Pain 3/10, last logged today" in detail
        assert "2 entries today" in detail


async def test_footer_shows_the_keymap_and_q_quits(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        footer = app.screen.query_one(KeyBar)
        keys = {b.key for (_, b, enabled, _) in app.screen.active_bindings.values() if b.show}
        assert {"r", "d", "l", "n", "question_mark", "q"} <= keys
        assert "t" not in keys  # the section you are in is left off, so the keymap fits
        assert "c" not in keys  # only offered while routines are locked
        assert footer.display
        shown = [key for key, _, _ in footer.entries()]
        assert {"r", "d", "l", "n", "question_mark", "q"} <= set(shown)
        assert "t" not in shown and "c" not in shown
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_damaged_database_ends_the_app_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert app.error_message and "damaged" in app.error_message


async def test_help_shows_the_keys_the_data_file_and_the_first_run_note(db_path: Path) -> None:
    from coach.screens.help import HelpScreen

    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert str(db_path) in text
        assert "not a diagnosis" in text and "emergency" in text
        for key in ("Today", "Routines", "Diary", "Log pain", "New episode", "this hurts"):
            assert key in text, key
        # Every reference the advice cites, with its address.
        from coach.content import sources

        listed = str(app.screen.query_one("#help-sources", Static).render())
        for source in sources().values():
            assert source.url in listed and source.title in listed, source.id
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
