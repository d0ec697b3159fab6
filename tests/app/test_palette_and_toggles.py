"""Keys and state a new user relies on: the palette reaches coach's actions by name
(each routine included, nothing that is not coach's); check boxes, radio buttons and
switches show their state by shape or words, not colour alone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Checkbox, RadioButton, Switch

from coach.routines import routines
from coach.screens.dialogs import PainKeyModal
from coach.screens.diary import LogEntryModal
from coach.screens.routines import RoutinesScreen
from coach.screens.settings import SettingsScreen
from coach.screens.toggles import SELECTED, TICKED, UNSELECTED, UNTICKED
from tests.helpers import TODAY, app_for, loaded, seed_episode

YESTERDAY = TODAY - timedelta(days=1)


def seed(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY - timedelta(days=3), pains=[(YESTERDAY, 3)])


async def test_the_palette_has_coach_s_commands_only(db_path: Path) -> None:
    seed(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for routine in routines():
            assert f"Start {routine.title}" in titles
        for title in ("Log pain", "One glass of water less", "Export the diary", "Quit"):
            assert title in titles
        for foreign in ("Keys", "Screenshot", "Theme", "Change theme", "Maximize"):
            assert foreign not in titles


async def test_a_routine_starts_by_name(db_path: Path) -> None:
    seed(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await app.run_action("routine('cat_cow')")
        for _ in range(20):
            if isinstance(app.screen, PainKeyModal):
                break
            await pilot.pause()
        assert isinstance(app.screen, PainKeyModal)
        assert "Before you start" in app.screen.question
        assert app.current_mode == "routines"
        assert isinstance(app.screen_stack[-2], RoutinesScreen)
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.routine.id == "cat_cow"  # type: ignore[attr-defined]


async def test_boxes_and_radio_buttons_show_their_state_by_shape(db_path: Path) -> None:
    seed(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        meds = app.screen.query_one("#meds", Checkbox)
        assert (
            not meds.value and UNTICKED in str(meds.render()) and TICKED not in str(meds.render())
        )
        meds.value = True
        await pilot.pause()
        assert TICKED in str(meds.render())
        marks = [str(b.render())[1] for b in app.screen.query(RadioButton)]
        assert marks.count(SELECTED) == 1 and marks.count(UNSELECTED) == len(marks) - 1


async def test_switches_say_on_or_off_and_only_coach_themes_are_offered(db_path: Path) -> None:
    seed(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        row = app.screen.query_one("#bell-row")
        assert str(row.query_one(".switch-state").render()) == "on"
        app.screen.query_one("#bell", Switch).value = False
        await pilot.pause()
        assert str(row.query_one(".switch-state").render()) == "off"
        themes = [str(b.label) for b in app.screen.query_one("#theme").query(RadioButton)]
        assert themes == ["Dark", "Light"]
