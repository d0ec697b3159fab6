"""Pilot tests of the settings screen: each setting is stored and takes effect (the
bell, gentle holds, reduce motion, the theme), and escape closes it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import RadioButton, RadioSet, Switch

from coach.routines import Routine, routines
from coach.screens.routines import PlayerScreen
from coach.screens.settings import SettingsScreen
from coach.store import Store
from tests.helpers import TODAY, FakeClock, coach_app, loaded, seed_episode

SIZE = (80, 40)
ONSET = date(2026, 11, 22)  # day 3: routines are open without a question


def setting(db_path: Path, key: str) -> str | None:
    store = Store.open(db_path)
    try:
        return store.setting(key)
    finally:
        store.close()


def all_settings(db_path: Path) -> dict[str, str]:
    """Every stored setting, read with sqlite3 alone (no migration, no write)."""
    with closing(sqlite3.connect(db_path)) as conn:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def gentle_routine() -> Routine:
    return next(r for r in routines() if r.id == "gentle")


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await loaded(pilot)
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def start_player(pilot: Pilot[None]) -> PlayerScreen:
    player = PlayerScreen(gentle_routine())
    await pilot.app.push_screen(player)
    await pilot.pause()
    assert pilot.app.screen is player
    return player


@pytest.fixture
def episode_db(db_path: Path) -> Path:
    seed_episode(db_path, onset=ONSET, pains=[(TODAY, 3)])
    return db_path


async def test_s_opens_settings_and_escape_closes_them(episode_db: Path) -> None:
    app = coach_app(episode_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#bell", Switch).value is True  # the defaults
        assert screen.query_one("#reduce_motion", Switch).value is False
        assert screen.query_one("#holds", RadioSet).pressed_index == 0
        assert screen.query_one("#theme", RadioSet).pressed_index == 0  # Dark
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#episode-heading")  # back on Today


async def test_settings_show_where_the_data_file_is(episode_db: Path) -> None:
    app = coach_app(episode_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        shown = " ".join(str(s.render()) for s in screen.query("Static"))
        assert str(episode_db) in shown


async def test_bell_off_is_stored_and_the_player_does_not_ring(
    episode_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = coach_app(episode_db, clock)
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.click("#bell")
        await pilot.pause()
        assert screen.query_one("#bell", Switch).value is False
        assert setting(episode_db, "bell") == "off"
        await pilot.press("escape")
        await pilot.pause()
        player = await start_player(pilot)
        assert player.countdown.phase.kind == "ready"
        clock.advance(player.countdown.phase.seconds + 0.5)  # past the get-ready phase
        player.refresh_tick()
        await pilot.pause()
        assert player.countdown.index == 1  # a phase did end ...
        assert rings == []  # ... and nothing rang


async def test_with_the_bell_on_the_player_rings_at_a_change(
    episode_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control for the test above: the same steps ring when the bell is on."""
    clock = FakeClock()
    app = coach_app(episode_db, clock)
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        player = await start_player(pilot)
        clock.advance(player.countdown.phase.seconds + 0.5)
        player.refresh_tick()
        await pilot.pause()
        assert player.countdown.index == 1
        assert len(rings) == 1


async def test_gentle_holds_make_the_routine_shorter(episode_db: Path) -> None:
    app = coach_app(episode_db)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        normal = (await start_player(pilot)).countdown.total_seconds
        app.pop_screen()
        await pilot.pause()
        screen = await open_settings(pilot)
        buttons = list(screen.query_one("#holds", RadioSet).query(RadioButton))
        await pilot.click(buttons[1])
        await pilot.pause()
        assert screen.query_one("#holds", RadioSet).pressed_index == 1
        assert setting(episode_db, "holds") == "gentle"
        await pilot.press("escape")
        await pilot.pause()
        gentle = (await start_player(pilot)).countdown.total_seconds
        assert gentle < normal
        # Only the holds shrink, to about three quarters: rests and the get-ready stay.
        assert 0.6 * normal < gentle < 0.95 * normal


async def test_reduce_motion_is_stored_and_stills_the_player(episode_db: Path) -> None:
    app = coach_app(episode_db)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert (await start_player(pilot)).still is False
        app.pop_screen()
        await pilot.pause()
        screen = await open_settings(pilot)
        await pilot.click("#reduce_motion")
        await pilot.pause()
        assert screen.query_one("#reduce_motion", Switch).value is True
        assert setting(episode_db, "reduce_motion") == "on"
        await pilot.press("escape")
        await pilot.pause()
        assert (await start_player(pilot)).still is True


async def test_a_theme_change_applies_at_once_and_persists(episode_db: Path) -> None:
    app = coach_app(episode_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert app.theme == "coach-dark"
        light = list(screen.query_one("#theme", RadioSet).query(RadioButton))[1]
        light.value = True  # as space or a click on "Light" does
        await pilot.pause()
        assert app.theme == "coach-light"
        assert setting(episode_db, "theme") == "coach-light"
        await pilot.press("escape")
    again = coach_app(episode_db)
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert again.theme == "coach-light"
        screen = await open_settings(pilot)
        assert screen.query_one("#theme", RadioSet).pressed_index == 1  # Light


async def test_settings_are_kept_across_a_restart(episode_db: Path) -> None:
    app = coach_app(episode_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.click("#bell")
        await pilot.click("#reduce_motion")
        await pilot.pause()
    again = coach_app(episode_db)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#bell", Switch).value is False
        assert screen.query_one("#reduce_motion", Switch).value is True


async def test_opening_and_closing_settings_changes_nothing(episode_db: Path) -> None:
    before = all_settings(episode_db)
    app = coach_app(episode_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
    # Not even a default written back: the settings table is as it was, row for row.
    assert all_settings(episode_db) == before == {"first_run_seen": "yes"}
