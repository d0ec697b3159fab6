"""SVG snapshots of the routine list, the routine player mid-step and the ice / heat
timer, at 80x24 and at the smallest size, 60x20.

The countdowns run on a fake clock set to a fixed point, so each picture is the same
on every run. Update with `make snapshots`, then look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from coach.screens.coldheat import ColdHeatScreen
from coach.screens.routines import PlayerScreen, RoutinesScreen
from tests.helpers import (
    SIZES,
    TODAY,
    YESTERDAY,
    FakeClock,
    Size,
    SnapCompare,
    coach_app,
    loaded,
    seed_episode,
)

RunBefore = Callable[[Pilot[None]], Awaitable[None]]


def seed_day_3(db_path: Path, symptoms: tuple[str, ...] = ()) -> None:
    seed_episode(
        db_path, onset=TODAY - timedelta(days=3), pains=[(YESTERDAY, 4)], symptoms=symptoms
    )


async def _routines(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RoutinesScreen)


def _player_at(routine_id: str, seconds: float, fake: FakeClock) -> RunBefore:
    """Start `routine_id` (pain before 4) and stop the clock `seconds` after its start."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _routines(pilot)
        option_list = pilot.app.screen.query_one("#routine-list", OptionList)
        target = [o.id for o in option_list.options].index(routine_id)
        while option_list.highlighted != target:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        player = pilot.app.screen
        assert isinstance(player, PlayerScreen)
        fake.now += seconds
        player.refresh_tick()
        await pilot.pause()

    return run_before


def _timer(*, minutes_key: str, running_for: float | None, fake: FakeClock) -> RunBefore:
    async def run_before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("i")
        await pilot.pause()
        timer = pilot.app.screen
        assert isinstance(timer, ColdHeatScreen)
        await pilot.press(*minutes_key)
        if running_for is not None:
            await pilot.press("space")
            await pilot.pause()
            fake.now += running_for
            timer.refresh_tick()
        await pilot.pause()

    return run_before


class TestRoutineList:
    @pytest.mark.parametrize("size", SIZES)
    def test_list(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        seed_day_3(db_path)
        app = coach_app(db_path, FakeClock())
        assert snap_compare(app, terminal_size=size, run_before=_routines)

    @pytest.mark.parametrize("size", SIZES)
    def test_list_locked(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        seed_day_3(db_path, symptoms=("chest_pain",))
        app = coach_app(db_path, FakeClock())
        assert snap_compare(app, terminal_size=size, run_before=_routines)


class TestPlayer:
    @pytest.mark.parametrize("size", SIZES)
    def test_cat_cow_mid_step(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        # 5 s get ready, then 22 s into cat-cow: third breath, breathing in.
        seed_day_3(db_path)
        fake = FakeClock()
        app = coach_app(db_path, fake)
        run_before = _player_at("cat_cow", 5 + 22, fake)
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_seated_twist_right_side(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        # Get ready 5, knee rolls 80, rest 10, left 50, switch 5, then 17 s into the right.
        seed_day_3(db_path)
        fake = FakeClock()
        app = coach_app(db_path, fake)
        run_before = _player_at("torso_twists", 5 + 80 + 10 + 50 + 5 + 17, fake)
        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestColdHeat:
    @pytest.mark.parametrize("size", SIZES)
    def test_cold_before_starting(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        seed_episode(db_path, onset=YESTERDAY)  # day 1: heat first, k switches to cold
        fake = FakeClock()
        app = coach_app(db_path, fake)
        run_before = _timer(minutes_key="1k", running_for=None, fake=fake)
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_heat_running(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        seed_day_3(db_path)  # day 3: heat is offered
        fake = FakeClock()
        app = coach_app(db_path, fake)
        run_before = _timer(minutes_key="2", running_for=7 * 60 + 30, fake=fake)
        assert snap_compare(app, terminal_size=size, run_before=run_before)
