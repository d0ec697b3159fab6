"""The key bar at the foot of every screen: one widget, the screen's keys, kept up to date,
and a click on a key does what pressing it does."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.style import Style
from textual.app import App, ComposeResult, RenderResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from coach.screens.coldheat import ColdHeatScreen
from coach.screens.diary import DiaryScreen
from coach.screens.keybar import KeyBar
from coach.screens.today import TodayScreen
from tests.helpers import YESTERDAY, app_for, loaded, seed_episode

ONSET = date(2026, 11, 22)


def bottom_line(app: App[Any]) -> str:
    """The last line of the terminal, as plain text."""
    return app.screen._compositor.render_strips()[-1].text


def shown(bar: KeyBar) -> list[str]:
    return [key for key, _, _ in bar.entries()]


def start_of(bar: KeyBar, key: str) -> int:
    """The column where `key` is drawn in the bar."""
    x = 0
    for shown_key, _, end in bar.entries():
        if shown_key == key:
            return x
        x = end + 1
    raise AssertionError(f"{key} is not shown")


async def test_the_bar_shows_the_screens_keys_as_the_compact_footer_did(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, TodayScreen)
        bar = app.screen.query_one(KeyBar)
        # One entry per shown action, its first key, in the order of the bindings.
        expected: list[tuple[str, str]] = []
        actions: set[str] = set()
        for _, binding, _, _ in app.screen.active_bindings.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                expected.append((binding.key, binding.description))
        assert [(key, description) for key, description, _ in bar.entries()] == expected
        # The compact Footer's spacing: key, space, description, one column between keys.
        line = "i Ice r Routines d Diary l Log n New ? Help q Quit"
        assert bottom_line(app) == line.ljust(80)
        ends = [end for _, _, end in bar.entries()]
        assert ends == [5, 16, 24, 30, 36, 43, 50]
        # One widget drawing one line: no FooterKey children, nothing recomposed.
        assert list(bar.children) == []
        assert len(app.screen.query(KeyBar)) == 1
        assert bar.region.height == 1 and bar.region.y == 23


async def test_the_bar_follows_the_screens_bindings_in_place(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ColdHeatScreen)
        bar = app.screen.query_one(KeyBar)
        # Shown as soon as the timer is up.
        assert shown(bar) == ["1", "2", "k", "space", "escape"]
        assert bottom_line(app).startswith("1 15 min 2 20 min k Cold/heat")
        await pilot.press("space")  # started: the length and the kind are chosen
        await pilot.pause()
        assert app.screen.query_one(KeyBar) is bar
        assert shown(bar) == ["space", "escape"]
        assert bottom_line(app).startswith("space Start/pause esc Stop ")
        await pilot.press("escape", "y")


async def test_a_click_on_a_key_does_what_pressing_it_does(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(KeyBar)
        gap = start_of(bar, "l") - 1  # the column between "d Diary" and "l Log"
        assert await pilot.click(KeyBar, offset=(gap, 0))
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)  # between keys: nothing
        # On the description, not only the key letter.
        assert await pilot.click(KeyBar, offset=(start_of(bar, "d") + 3, 0))
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)


async def test_hovering_a_key_highlights_it_and_shows_its_tooltip(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(KeyBar)
        log_at, quit_at = start_of(bar, "l"), start_of(bar, "q")
        assert style_at(bar, log_at + 2).bgcolor == style_at(bar, quit_at + 2).bgcolor
        await pilot.hover(KeyBar, offset=(log_at, 0))
        assert bar.tooltip == "Log pain"
        # The key under the mouse is highlighted, as a FooterKey was.
        assert style_at(bar, log_at + 2).bgcolor != style_at(bar, quit_at + 2).bgcolor
        await pilot.hover(KeyBar, offset=(quit_at, 0))
        assert bar.tooltip is None  # Quit has no tooltip
        await pilot.hover(Static, offset=(0, 0))
        assert bar.tooltip is None
        assert style_at(bar, log_at + 2).bgcolor == style_at(bar, quit_at + 2).bgcolor


class _RecordingBar(KeyBar):
    """A key bar that notes what it showed the first time it was drawn."""

    first_drawn: list[tuple[str, str, int]] | None = None

    def render(self) -> RenderResult:
        if self.first_drawn is None:
            self.first_drawn = self.entries()
        return super().render()


class _Keys(Screen[None]):
    BINDINGS = [
        Binding("a", "go", "Go"),
        Binding("b", "wait", "Wait"),
        Binding("A", "go", "Go again"),  # the same action: not shown twice
        Binding("z", "hidden", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Static("keys")
        yield _RecordingBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "wait":
            return True if self.ready else None  # shown dimmed until ready
        return True

    def action_go(self) -> None:
        self.done.append("go")

    def action_wait(self) -> None:
        self.done.append("wait")


class _KeysApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.bells = 0

    def get_default_screen(self) -> Screen[None]:
        return _Keys()

    def bell(self) -> None:
        self.bells += 1


def style_at(bar: KeyBar, x: int) -> Style:
    """The style of the cell at column `x` of the bar."""
    column = 0
    for segment in bar.render_line(0):
        if column <= x < column + len(segment.text):
            return segment.style or Style()
        column += len(segment.text)
    raise AssertionError(f"nothing drawn at {x}")


def dim_at(bar: KeyBar, x: int) -> bool:
    """Whether the cell at column `x` of the bar is drawn dim."""
    return bool(style_at(bar, x).dim)


async def test_a_disabled_key_is_dimmed_and_a_click_on_it_rings_the_bell() -> None:
    app = _KeysApp()
    async with app.run_test(size=(40, 5)) as pilot:
        screen = app.screen
        assert isinstance(screen, _Keys)
        bar = screen.query_one(_RecordingBar)
        assert bar.entries() == [("a", "Go", 4), ("b", "Wait", 11)]
        assert bar.first_drawn == bar.entries()  # the keys are there at the first frame
        assert dim_at(bar, 5) and dim_at(bar, 10)  # "b Wait"
        assert not dim_at(bar, 0) and not dim_at(bar, 3)  # "a Go"
        await pilot.click(KeyBar, offset=(5, 0))
        await pilot.pause()
        assert screen.done == [] and app.bells == 1
        await pilot.click(KeyBar, offset=(0, 0))
        await pilot.pause()
        assert screen.done == ["go"]
        screen.ready = True
        screen.refresh_bindings()
        await pilot.pause()
        assert not dim_at(bar, 5)
        await pilot.click(KeyBar, offset=(7, 0))
        await pilot.pause()
        assert screen.done == ["go", "wait"] and app.bells == 1
