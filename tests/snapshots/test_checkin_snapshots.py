"""SVG snapshots of the weekly check-in (a PEG question, naming an activity, rating a
kept one), Today with the verdict, and the diary's check-in list, at 80x24 and 60x20."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from coach.store import Store
from tests.helpers import SIZES, Size, SnapCompare, app_for, loaded, local, seed_episode

ONSET = date(2026, 11, 1)
WEEK_2 = ONSET + timedelta(days=14)


def _seed(db_path: Path, *, first_checkin: bool) -> None:
    seed_episode(
        db_path,
        onset=ONSET,
        pains=[(ONSET + timedelta(days=n), 6 - n // 3) for n in range(1, 15)],
    )
    if not first_checkin:
        return
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    day = ONSET + timedelta(days=7)
    store.add_checkin(
        episode_id=episode.id,
        day=day,
        at=local(day, 20),
        pain=7,
        enjoyment=6,
        activity=6,
        goals=[("deadlift", 2), ("putting on socks", 5)],
    )
    store.close()


async def _question(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("k")
    await pilot.pause()
    await pilot.press("7")
    await pilot.pause()


async def _naming(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("k")
    await pilot.pause()
    await pilot.press("7", "6", "6", *"deadlift")
    await pilot.pause()


async def _rating(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("k")
    await pilot.pause()
    await pilot.press("4", "4", "3")
    await pilot.pause()


async def _verdict_on_today(pilot: Pilot[None]) -> None:
    await _rating(pilot)
    await pilot.press("6", "7")
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def _diary_list(pilot: Pilot[None]) -> None:
    await _verdict_on_today(pilot)
    await pilot.press("d")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    pilot.app.screen.query_one("#diary-checkins").scroll_visible(animate=False)
    await pilot.pause()


class TestCheckIn:
    @pytest.mark.parametrize("size", SIZES)
    def test_peg_question(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        _seed(db_path, first_checkin=False)
        assert snap_compare(
            app_for(db_path, ONSET + timedelta(days=7)), terminal_size=size, run_before=_question
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_naming_an_activity(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        _seed(db_path, first_checkin=False)
        assert snap_compare(
            app_for(db_path, ONSET + timedelta(days=7)), terminal_size=size, run_before=_naming
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_rating_a_kept_activity(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        _seed(db_path, first_checkin=True)
        assert snap_compare(app_for(db_path, WEEK_2), terminal_size=size, run_before=_rating)

    @pytest.mark.parametrize("size", SIZES)
    def test_verdict_on_today(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        _seed(db_path, first_checkin=True)
        assert snap_compare(
            app_for(db_path, WEEK_2), terminal_size=size, run_before=_verdict_on_today
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_diary_checkin_list(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        _seed(db_path, first_checkin=True)
        assert snap_compare(app_for(db_path, WEEK_2), terminal_size=size, run_before=_diary_list)
