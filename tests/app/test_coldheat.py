"""Pilot tests of the ice / heat timer, against a fake monotonic clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from coach.screens.coldheat import ColdHeatScreen
from coach.screens.dialogs import ConfirmModal
from coach.screens.today import TodayScreen, checklist_lines
from tests.helpers import (
    TODAY,
    YESTERDAY,
    FakeClock,
    coach_app,
    loaded,
    notification_texts,
    seed_episode,
    sessions_of,
)


def seed(db_path: Path, *, age: int, settings: dict[str, str] | None = None) -> None:
    """An episode `age` days old, with a pain logged yesterday or today (so no check-in
    question covers Today)."""
    pains: Iterable[tuple[date, int]] = [(YESTERDAY, 4)] if age >= 1 else []
    seed_episode(db_path, onset=TODAY - timedelta(days=age), pains=pains, settings=settings)


def text(screen: ColdHeatScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def clock(screen: ColdHeatScreen) -> str:
    return screen.query_one("#coldheat-clock", Digits).value


async def open_timer(pilot: Pilot[None]) -> ColdHeatScreen:
    await loaded(pilot)
    assert isinstance(pilot.app.screen, TodayScreen)
    await pilot.press("i")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ColdHeatScreen)
    return screen


async def advance(pilot: Pilot[None], fake: FakeClock, seconds: float) -> None:
    fake.now += seconds
    screen = pilot.app.screen
    if isinstance(screen, ColdHeatScreen):
        screen.refresh_tick()
    await pilot.pause()


@pytest.mark.parametrize("age", [0, 1])
async def test_in_the_first_two_days_heat_is_offered_and_k_offers_cold_with_true_words(
    db_path: Path, age: int
) -> None:
    seed(db_path, age=age)
    app = coach_app(db_path, FakeClock(5000.0))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timer(pilot)
        assert screen.kind == "heat"
        why = text(screen, "#coldheat-why")
        assert why == f"Day {age}: heat has the better evidence, from the first day."
        assert "48" not in why
        await pilot.press("k")
        await pilot.pause()
        assert screen.kind == "cold"
        why = text(screen, "#coldheat-why")
        assert why == f"Day {age}, in the first two days: cold is an option if it feels better."
        assert "Cold pack, 15 minutes" in text(screen, "#coldheat-title")
        note = text(screen, "#coldheat-note")
        assert "in a cloth" in note and "never put it straight on your skin" in note
        assert "numb" in note and "48" not in note
        assert "Mayo Clinic" in text(screen, "#coldheat-source")
        assert clock(screen) == "15:00"
        assert "Press space to start" in text(screen, "#coldheat-state")


@pytest.mark.parametrize("age", [2, 9])
async def test_heat_from_day_2_and_cold_says_the_first_two_days_are_past(
    db_path: Path, age: int
) -> None:
    seed(db_path, age=age)
    app = coach_app(db_path, FakeClock(5000.0))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timer(pilot)
        assert screen.kind == "heat"
        assert text(screen, "#coldheat-why") == (
            f"Day {age}: heat has the better evidence, from the first day."
        )
        note = text(screen, "#coldheat-note")
        assert "Never sleep on a heating pad" in note and "hot-water bottle" in note
        await pilot.press("k")
        await pilot.pause()
        assert text(screen, "#coldheat-why") == (
            f"Day {age}: past the first two days. Heat has the better evidence; k switches."
        )


async def test_1_and_2_choose_15_or_20_minutes_and_k_switches(db_path: Path) -> None:
    seed(db_path, age=3)
    app = coach_app(db_path, FakeClock(5000.0))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timer(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert screen.minutes == 20 and clock(screen) == "20:00"
        assert "Heat, 20 minutes" in text(screen, "#coldheat-title")
        await pilot.press("1")
        await pilot.pause()
        assert screen.minutes == 15 and clock(screen) == "15:00"
        await pilot.press("k")
        await pilot.pause()
        assert screen.kind == "cold"
        assert "Cold pack, 15 minutes" in text(screen, "#coldheat-title")
        assert "never put it straight on your skin" in text(screen, "#coldheat-note")
        await pilot.press("k")
        await pilot.pause()
        assert screen.kind == "heat"


async def test_space_starts_and_the_clock_counts_down(db_path: Path) -> None:
    seed(db_path, age=3)
    fake = FakeClock(5000.0)
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timer(pilot)
        await advance(pilot, fake, 60)  # nothing runs before space
        assert clock(screen) == "15:00"
        await pilot.press("space")
        await pilot.pause()
        assert "Running" in text(screen, "#coldheat-state")
        await advance(pilot, fake, 10)
        assert clock(screen) == "14:50"
        await advance(pilot, fake, 60 * 5 + 0.5)
        assert clock(screen) == "9:50"  # 9:49.5 left, shown rounded up
        # Once running, the length and the kind stay as chosen.
        await pilot.press("2", "k")
        await pilot.pause()
        assert (screen.minutes, screen.kind) == (15, "heat")
        # Space pauses: the clock stops; space again goes on.
        await pilot.press("space")
        await pilot.pause()
        assert "Paused" in text(screen, "#coldheat-state")
        await advance(pilot, fake, 120)
        assert clock(screen) == "9:50"
        await pilot.press("space")
        await pilot.pause()
        await advance(pilot, fake, 1)
        assert clock(screen) == "9:49"


async def test_escape_then_y_saves_the_time_so_far(db_path: Path) -> None:
    seed(db_path, age=1)
    fake = FakeClock(5000.0)
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timer(pilot)
        await pilot.press("k")  # heat by default; cold is an option on day 1
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        await advance(pilot, fake, 200)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "Stop the timer now?" in app.screen.question
        await advance(pilot, fake, 500)  # the question stops the clock
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert clock(screen) == "11:40"
        await advance(pilot, fake, 40)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        [session] = sessions_of(app)
        assert session.kind == "ice"
        assert session.name == "cold 15 min"
        assert session.seconds_done == 240
        assert session.day == TODAY
        assert app.snapshot is not None
        assert session.planned_seconds == 15 * 60
        # Kept, but 4 of 15 minutes is less than half: Today does not tick it.
        assert "[ ] Ice/heat 0" in str(checklist_lines(app.snapshot))
        assert "[ ] Ice/heat 0" in str(app.screen.query_one("#checklist", Static).render())


async def test_escape_before_starting_saves_nothing(db_path: Path) -> None:
    seed(db_path, age=3)
    app = coach_app(db_path, FakeClock(5000.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_timer(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert sessions_of(app) == []
        assert app.snapshot is not None
        assert "[ ] Ice/heat 0" in str(checklist_lines(app.snapshot))


async def test_finishing_saves_a_full_session_and_rings(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path, age=4)
    fake = FakeClock(5000.0)
    app = coach_app(db_path, fake)
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_timer(pilot)
        await pilot.press("2", "space")
        await pilot.pause()
        await advance(pilot, fake, 600)
        assert rings == []
        await advance(pilot, fake, 601)
        assert isinstance(app.screen, TodayScreen)
        assert len(rings) == 1
        [session] = sessions_of(app)
        assert session.kind == "heat"
        assert session.name == "heat 20 min"
        assert session.seconds_done == 20 * 60
        assert any("20 minutes of heat done" in said for said in notification_texts(app))
        assert "[x] Ice/heat 1" in str(app.screen.query_one("#checklist", Static).render())


async def test_no_bell_at_the_end_when_the_bell_is_off(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path, age=4, settings={"bell": "off"})
    fake = FakeClock(5000.0)
    app = coach_app(db_path, fake)
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_timer(pilot)
        await pilot.press("space")
        await pilot.pause()
        await advance(pilot, fake, 15 * 60)
        assert isinstance(app.screen, TodayScreen)
        assert rings == []
        assert [s.seconds_done for s in sessions_of(app)] == [900]
