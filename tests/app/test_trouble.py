"""Trouble inside the app: a busy database loses one action and says so; a file of
another program is refused before anything is written to it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

import coach.store
from tests.helpers import TODAY, app_for, loaded, notifications, saves_landed, seed_episode


async def test_a_locked_database_loses_only_the_action_and_says_so(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_episode(db_path, onset=TODAY, pains=[(TODAY, 3)])
    monkeypatch.delenv("COACH_DEBUG")  # as a person runs it
    monkeypatch.setattr(coach.store, "BUSY_TIMEOUT_MS", 100)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        await pilot.press("w")
        await saves_landed(pilot)
        assert app.return_code is None  # still running
        assert any(n.title == "Not saved" for n in notifications(app))
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("w")
        await saves_landed(pilot)
        assert app.snapshot is not None and app.snapshot.checklist.get("water") == 1


async def test_a_file_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foo (x)")
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert app.error_message and "another program" in app.error_message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
