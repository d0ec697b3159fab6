"""A save redraws what it changed and nothing more (issue 11: a save never freezes the
screen). Each redraw is work on the event loop while the person waits; these tests
count the redraws a save asks for, not how long they take (that is bench/save.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static

from coach.screens.diary import LogEntryModal, NoteField
from coach.screens.fields import Field
from coach.screens.intake import IntakeScreen
from coach.screens.today import TodayScreen
from tests.helpers import TODAY, app_for, loaded, saves_landed, seed_episode


@asynccontextmanager
async def today_open(db_path: Path, size: tuple[int, int] = (80, 24)) -> AsyncIterator[Pilot[None]]:
    """The app on a diary with an episode begun today, Today drawn."""
    seed_episode(db_path, onset=TODAY, pains=[(TODAY, 3)])
    app = app_for(db_path)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        yield pilot


def spy_on_refresh(monkeypatch: pytest.MonkeyPatch, widget: Widget) -> list[dict[str, Any]]:
    """Every refresh `widget` is asked for from now on, with its arguments."""
    calls: list[dict[str, Any]] = []
    original: Callable[..., Widget] = widget.refresh

    def refresh(*regions: Any, **flags: Any) -> Widget:
        calls.append({"regions": regions, **flags})
        return original(*regions, **flags)

    monkeypatch.setattr(widget, "refresh", refresh)
    return calls


async def test_a_glass_of_water_repaints_the_checklist_not_the_whole_screen(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app's snapshot is a var: setting it tells the screens that watch it, and
    # each redraws the lines that changed. A reactive would repaint the whole screen
    # on every save as well.
    async with today_open(db_path) as pilot:
        app = pilot.app
        today = app.screen
        assert isinstance(today, TodayScreen)
        whole_screen = spy_on_refresh(monkeypatch, today)
        checklist = spy_on_refresh(monkeypatch, today.query_one("#checklist", Static))
        advice = spy_on_refresh(monkeypatch, today.query_one("#advice", Static))
        await pilot.press("w")
        await saves_landed(pilot)
        await pilot.pause()
        assert "Water 1 glass" in str(today.query_one("#checklist", Static).visual)
        assert checklist, "the checklist was not redrawn"
        assert whole_screen == []
        assert advice == []


async def test_checking_a_valid_form_on_save_redraws_none_of_its_messages(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ctrl+s checks every field. A field that was fine and stays fine keeps its
    # (empty) message and its note counter as they are: no layout, no repaint of a
    # form that is about to close.
    async with today_open(db_path) as pilot:
        app = pilot.app
        await pilot.press("l", "4")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogEntryModal)
        pain_field = form.query_one("#pain-field", Field)
        note_field = form.query_one("#note-field", NoteField)
        statics = [
            pain_field.query_one(".problem", Static),
            note_field.query_one(".problem", Static),
            note_field.query_one(".counter", Static),
        ]
        calls = [spy_on_refresh(monkeypatch, static) for static in statics]
        assert pain_field.check() and note_field.check()
        assert calls == [[], [], []]


async def test_a_message_shown_on_save_gets_every_line_it_needs(db_path: Path) -> None:
    # The message is set before the class that shows it, so the layout that follows
    # measures the message and not the empty line before it: a message that wraps is
    # not cut to its first line (seen at 60 columns when the answer came in just
    # before ctrl+s and the save showed the same message again).
    async with today_open(db_path, size=(60, 20)) as pilot:
        app = pilot.app
        await pilot.press("n")
        await pilot.pause()
        intake = app.screen
        assert isinstance(intake, IntakeScreen)
        intake.query_one("#onset", Input).value = (TODAY + timedelta(days=1)).isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = intake.query_one("#onset", Input).parent
        assert isinstance(field, Field)
        problem = field.query_one(".problem", Static)
        message = str(problem.visual)
        assert message.startswith("⚠ ")
        assert len(message) > problem.size.width, "the test needs a message that wraps"
        assert problem.size.height == 2


async def test_a_saved_form_closes_without_moving_the_focus_under_it(db_path: Path) -> None:
    # The form closes without blurring its field first (FormScreen.close): what had
    # the focus on Today before the form opened has it again, and Today's keys work.
    async with today_open(db_path) as pilot:
        app = pilot.app
        today = app.screen
        focused_before = today.focused
        await pilot.press("l", "5")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        await pilot.press("ctrl+s")
        await saves_landed(pilot)
        await pilot.pause()
        assert app.screen is today
        assert today.focused is focused_before
        assert "Pain 5/10" in str(today.query_one("#episode-detail", Static).visual)
        await pilot.press("w")
        await saves_landed(pilot)
        await pilot.pause()
        assert "Water 1 glass" in str(today.query_one("#checklist", Static).visual)
        assert app.screen is today
