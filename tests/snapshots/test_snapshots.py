"""SVG snapshots of every screen at 80x24 and at the smallest size, 60x20.

Update with `make snapshots`, then look at the report before committing.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList

from tests.helpers import SIZES, Size, SnapCompare, app_for, loaded, returning_user, seed_episode


class TestToday:
    @pytest.mark.parametrize("size", SIZES)
    def test_without_episode(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        returning_user(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("size", SIZES)
    def test_with_episode(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 24), 4)])
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)


async def _first_run_note(pilot: Pilot[None]) -> None:
    await loaded(pilot)


async def _intake(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("n")
    await pilot.pause()


async def _intake_with_problems(pilot: Pilot[None]) -> None:
    await _intake(pilot)
    pilot.app.screen.query_one("#onset", Input).value = "2026-12-01"
    await pilot.press("ctrl+s")
    await pilot.pause()


async def _urgent(pilot: Pilot[None]) -> None:
    await _intake(pilot)
    screen = pilot.app.screen
    screen.query_one("#pain", Input).value = "7"
    flags: SelectionList[str] = screen.query_one("#red-flags", SelectionList)
    flags.select("saddle_numbness")
    flags.select("both_legs")
    await pilot.press("ctrl+s")
    await pilot.pause()


async def _locked_today(pilot: Pilot[None]) -> None:
    await _urgent(pilot)
    await pilot.press("enter", "enter")  # read on to the end, then continue
    await pilot.pause()


class TestIntake:
    @pytest.mark.parametrize("size", SIZES)
    def test_first_run_note(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_first_run_note)

    @pytest.mark.parametrize("size", SIZES)
    def test_intake_form(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        returning_user(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_intake)

    @pytest.mark.parametrize("size", SIZES)
    def test_intake_with_problems(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        returning_user(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_intake_with_problems)

    @pytest.mark.parametrize("size", SIZES)
    def test_urgent_screen(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        returning_user(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_urgent)

    @pytest.mark.parametrize("size", SIZES)
    def test_today_locked(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        returning_user(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_locked_today)


async def _confirm_recovered(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("m")  # latest pain 4: it asks first, naming the score
    await pilot.pause()


class TestDialogs:
    """A confirmation over Today: its own keys in the footer, not the screen's."""

    @pytest.mark.parametrize("size", SIZES)
    def test_confirmation(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 24), 4)])
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_confirm_recovered)


async def _settings(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("s")
    await pilot.pause()


async def _help(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def _empty_diary(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("d")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class TestOtherScreens:
    @pytest.mark.parametrize("size", SIZES)
    def test_settings(self, snap_compare: SnapCompare, size: Size) -> None:
        # Settings shows where the diary lives: a path that is the same on every run.
        folder = Path(tempfile.gettempdir()) / "coach-snapshots" / f"settings-{size[0]}x{size[1]}"
        shutil.rmtree(folder, ignore_errors=True)
        db_path = folder / "diary.db"
        seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 24), 4)])
        app = app_for(db_path)
        # The same on every machine, with or without espeak-ng: as with no speech engine.
        app._no_engine = True
        try:
            assert snap_compare(app, terminal_size=size, run_before=_settings)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @pytest.mark.parametrize("size", SIZES)
    def test_help(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 24), 4)])
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_help)

    @pytest.mark.parametrize("size", SIZES)
    def test_empty_diary(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        returning_user(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_empty_diary)
