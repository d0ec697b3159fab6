"""Saves run in the diary's thread (issue 11: a save never freezes the screen).

While another process holds the diary's write lock (`coach log` in another terminal,
an import), a save waits for it in that thread, up to the store's busy timeout: the
app goes on reading keys and drawing meanwhile, the saves land in the order they were
asked, a form stays up (and takes no second save) until its own has landed, and
quitting waits for a save still running, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

import coach.store
from coach.screens.diary import LogEntryModal
from coach.screens.help import HelpScreen
from coach.store import Store
from tests.helpers import TODAY, app_for, loaded, saves_landed, seed_episode


@contextmanager
def held(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's write lock on the diary, held until the block ends."""
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


def stored_water(db_path: Path) -> int:
    store = Store.open(db_path)
    try:
        return store.checklist(TODAY).get("water", 0)
    finally:
        store.close()


def stored_pains(db_path: Path) -> list[int]:
    store = Store.open(db_path)
    try:
        episode = store.current_episode()
        assert episode is not None
        return [entry.pain for entry in store.entries(episode.id)]
    finally:
        store.close()


async def log_form_with(pilot: Pilot[None], db_path: Path, pain: str) -> None:
    """The log form open over Today on a seeded diary, `pain` typed in."""
    await loaded(pilot)
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LogEntryModal)
    assert isinstance(pilot.app.focused, Input)
    await pilot.press(pain)


@pytest.fixture
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy timeout long enough that a save is still waiting while the test acts."""
    monkeypatch.setattr(coach.store, "BUSY_TIMEOUT_MS", 20_000)


@pytest.mark.usefixtures("patient")
async def test_keys_are_read_while_a_save_waits_for_the_diary(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY, pains=[(TODAY, 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        with held(db_path):
            await pilot.press("w", "w")
            # The saves wait in the diary's thread; the app still answers a key.
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert app.snapshot is not None and app.snapshot.checklist.get("water", 0) == 0
        await saves_landed(pilot)
        assert app.snapshot.checklist.get("water") == 2
    assert stored_water(db_path) == 2


@pytest.mark.usefixtures("patient")
async def test_the_log_form_stays_up_until_its_save_lands_and_saves_once(
    db_path: Path,
) -> None:
    seed_episode(db_path, onset=TODAY, pains=[(TODAY, 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_form_with(pilot, db_path, "6")
        with held(db_path):
            # ctrl+s, then ctrl+s and escape in a burst while the save waits for the
            # lock, as the terminal sends them (Pilot.press would wait for the app).
            for key in ("ctrl+s", "ctrl+s", "escape"):
                app.post_message(events.Key(key, None))
            await asyncio.sleep(0.2)  # the app runs meanwhile; the lock is still held
            assert isinstance(app.screen, LogEntryModal)
            assert app.screen.query_one("#pain", Input).value == "6"
        await saves_landed(pilot)
        await pilot.pause()
        assert not isinstance(app.screen, LogEntryModal)
    assert stored_pains(db_path) == [5, 3, 6]


async def test_a_save_that_fails_in_the_thread_keeps_the_form_and_says_so(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coach.store, "BUSY_TIMEOUT_MS", 50)
    seed_episode(db_path, onset=TODAY, pains=[(TODAY, 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_form_with(pilot, db_path, "7")
        with held(db_path):
            await pilot.press("ctrl+s")
            await saves_landed(pilot)
        assert isinstance(app.screen, LogEntryModal)
        assert app.screen.query_one("#pain", Input).value == "7"
        assert any(n.title == "Not saved" for n in app._notifications)
        await pilot.press("ctrl+s")  # the lock has gone: the same answers save
        await saves_landed(pilot)
        assert not isinstance(app.screen, LogEntryModal)
    assert stored_pains(db_path) == [5, 3, 7]


@pytest.mark.usefixtures("patient")
async def test_quitting_waits_for_a_save_still_running(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY, pains=[(TODAY, 3)])
    app = app_for(db_path)
    with held(db_path) as other:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            # One save waiting for the lock, one queued behind it, not yet begun.
            await pilot.press("w", "w")
            # The other process lets go a moment after coach is asked to quit.
            letting_go = threading.Timer(0.3, other.execute, ["COMMIT"])
            letting_go.start()
            await pilot.press("q")
        letting_go.join()
    assert stored_water(db_path) == 2
