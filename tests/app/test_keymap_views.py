"""The keymap's views in the running app: Help lists every line of it, the palette
uses its words, every footer made from it fits 60 columns, and the settings reach the
screens as one typed record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import RadioSet, Static

from coach.keymap import KEYMAP, help_lines
from coach.screens.coldheat import ColdHeatScreen
from coach.screens.dialogs import ConfirmModal, NoteModal, PainKeyModal
from coach.screens.fields import FormScreen
from coach.screens.help import HelpScreen
from coach.screens.routines import PlayerScreen, RoutinesScreen
from coach.screens.settings import SettingsScreen
from coach.settings import Settings
from coach.store import Store
from tests.helpers import TODAY, app_for, footer_keys_cut_off, loaded, seed_episode

ONSET = date(2026, 11, 22)
# Yesterday logged: no "how does it feel" question on opening.
PAINS = [(date(2026, 11, 24), 4)]


async def test_help_lists_every_line_of_the_keymap_in_order(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=PAINS)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        statics = list(app.screen.query_one("#help-body").query(Static))
        keys = str(statics[1].render())
        assert keys.splitlines() == [f"{line.keys:>10}  {line.text}" for line in help_lines()]


async def test_the_palette_takes_its_words_from_the_keymap(db_path: Path) -> None:
    # Routines locked and an episode open: every keyed command is offered.
    seed_episode(db_path, onset=ONSET, pains=PAINS, symptoms=["chest_pain"])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.locked
        offered = {c.title: c.help for c in app.get_system_commands(app.screen)}
        keyed = {key.palette: key.palette_help for key in KEYMAP if key.palette}
        assert len(keyed) == 16
        assert {title: offered.get(title) for title in keyed} == keyed


async def _press(pilot: Pilot[None], *keys: str, workers: bool = True) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    if workers:  # not while a routine's worker waits for an answer
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _diary(pilot: Pilot[None]) -> type:
    await _press(pilot, "d")
    return type(pilot.app.screen)


async def _routines(pilot: Pilot[None]) -> type:
    await _press(pilot, "r")
    return RoutinesScreen


async def _log_form(pilot: Pilot[None]) -> type:
    await _press(pilot, "l")
    return FormScreen


async def _help(pilot: Pilot[None]) -> type:
    await _press(pilot, "question_mark")
    return HelpScreen


async def _settings(pilot: Pilot[None]) -> type:
    await _press(pilot, "s")
    return SettingsScreen


async def _cold_heat(pilot: Pilot[None]) -> type:
    await _press(pilot, "i")
    return ColdHeatScreen


async def _confirm(pilot: Pilot[None]) -> type:
    await _press(pilot, "m")
    return ConfirmModal


async def _pain_then_player(pilot: Pilot[None]) -> type:
    await _press(pilot, "r", "enter", workers=False)
    return PainKeyModal


async def _player(pilot: Pilot[None]) -> type:
    await _press(pilot, "r", "enter", "4", workers=False)
    return PlayerScreen


async def _note(pilot: Pilot[None]) -> type:
    return NoteModal


Steps = Callable[[Pilot[None]], Awaitable[type]]


@pytest.mark.parametrize(
    "steps",
    [
        _diary,
        _routines,
        _log_form,
        _help,
        _settings,
        _cold_heat,
        _confirm,
        _pain_then_player,
        _player,
        _note,
    ],
    ids=lambda steps: steps.__name__.strip("_"),
)
async def test_every_footer_fits_60_columns(db_path: Path, steps: Steps) -> None:
    seed_episode(db_path, onset=ONSET, pains=PAINS, first_run_seen=steps is not _note)
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(pilot)
        await pilot.pause()
        expected = await steps(pilot)
        assert isinstance(app.screen, expected)
        assert app.screen.region.width == 60
        assert footer_keys_cut_off(app) == []


async def test_the_screens_read_one_typed_settings_record(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=PAINS)
    store = Store.open(db_path)
    for key, value in {"bell": "off", "voice": "on", "holds": "gentle", "theme": "neon"}.items():
        store.set_setting(key, value)
    store.close()
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.today == TODAY
        assert app.snapshot.settings == Settings(
            bell=False, voice=True, holds="gentle", theme=None, first_run_seen=True
        )
        assert app.theme == "coach-dark"  # an unknown theme is left alone


async def test_a_garbled_holds_value_shows_normal_holds_chosen(db_path: Path) -> None:
    # Before the typed record, a value other than "normal" or "gentle" left neither
    # choice pressed, while the routines played normal holds.
    seed_episode(db_path, onset=ONSET, pains=PAINS)
    store = Store.open(db_path)
    store.set_setting("holds", "long")
    store.close()
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await _press(pilot, "s")
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#holds", RadioSet).pressed_index == 0
