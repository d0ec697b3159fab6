"""Builders shared by the Pilot and snapshot tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.app import App
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.widgets import Static

from coach.app import CoachApp, make_app
from coach.clock import FixedClock
from coach.model import Session
from coach.screens.keybar import KeyBar
from coach.store import Store

TODAY = date(2026, 11, 25)
YESTERDAY = TODAY - timedelta(days=1)
# pytest-textual-snapshot's `snap_compare` fixture: (app, terminal_size=, run_before=,
# press=) -> whether the picture matches the stored one.
SnapCompare = Callable[..., bool]
# A terminal's (columns, rows), and the two sizes every screen is drawn at: the usual
# one and the smallest.
Size = tuple[int, int]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]
# The tests' time zone (tests/conftest.py sets TZ to it as well).
ZONE = ZoneInfo("Europe/London")


def fixed_clock(day: date = TODAY, hour: int = 12, minute: int = 0) -> FixedClock:
    """A wall clock stopped at `hour`:`minute` local time on `day`."""
    return FixedClock.at(day, hour, minute, tz=ZONE)


def local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A local moment on `day` in the tests' zone."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def seed_episode(
    db_path: Path,
    *,
    onset: date,
    pains: Iterable[tuple[date, int]] = (),
    first_pain: int = 5,
    activity: str = "deadlifting",
    area: str = "lower",
    side: str = "both",
    symptoms: Iterable[str] = (),
    first_run_seen: bool = True,
    settings: Mapping[str, str] | None = None,
) -> None:
    """An episode starting at `onset` with a first entry there, then the given pains,
    plus any `settings`."""
    store = Store.open(db_path)
    episode, _ = store.start_episode(
        onset=onset,
        now=local(onset),
        pain=first_pain,
        activity=activity,
        area=area,
        side=side,
        symptoms=symptoms,
    )
    for day, pain in pains:
        store.add_entry(episode_id=episode.id, pain=pain, logged_at=local(day))
    if first_run_seen:
        store.set_setting("first_run_seen", "yes")
    for key, value in (settings or {}).items():
        store.set_setting(key, value)
    store.close()


def returning_user(db_path: Path) -> None:
    """A database whose owner has already read the first-run note."""
    store = Store.open(db_path)
    store.set_setting("first_run_seen", "yes")
    store.close()


def app_for(db_path: Path, today: date = TODAY, hour: int = 12) -> CoachApp:
    """The app on a wall clock stopped at `hour` o'clock on `today`."""
    return make_app(db_path=db_path, clock=fixed_clock(today, hour))


def coach_app(db_path: Path, fake: FakeClock | None = None) -> CoachApp:
    """The app on the fixed wall clock, its countdowns on the fake monotonic clock `fake`."""
    return make_app(db_path=db_path, clock=fixed_clock(), monotonic=fake or FakeClock())


def memory_store() -> Store:
    """A migrated diary in memory: quick enough for a hundred examples."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    store = Store(conn, Path(":memory:"))
    store.migrate()
    return store


def sessions_of(app: CoachApp) -> list[Session]:
    """The sessions of the app's current episode, read from its store."""
    assert app.store is not None and app.snapshot is not None and app.snapshot.episode
    return app.store.sessions(app.snapshot.episode.id)


def days_before(n: int) -> date:
    """The day `n` days before TODAY."""
    return TODAY - timedelta(days=n)


def problem_text(app: App[Any], field_id: str) -> str:
    """The problem shown under the form field `field_id`, or "" while it is valid."""
    field = app.screen.query_one(f"#{field_id}")
    if not field.has_class("-invalid"):
        return ""
    return str(field.query_one(".problem", Static).render())


def text_of(app: App[Any], selector: str) -> str:
    """What the Static matching `selector` on the app's current screen shows."""
    return str(app.screen.query_one(selector, Static).render())


def footer_keys_cut_off(app: App[Any]) -> list[str]:
    """The footer's keys ("key description") that reach past the right edge of the
    screen, so are cut off; the footer must show some keys."""
    bar = app.screen.query_one(KeyBar)
    entries = bar.entries()
    assert entries
    width = app.screen.region.width
    return [
        f"{key} {description}" for key, description, end in entries if bar.region.x + end > width
    ]


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications (toasts) the app is showing, oldest first.

    Textual keeps them in a private attribute; this is the one place tests read it."""
    return list(app._notifications)


def notification_texts(app: App[Any]) -> list[str]:
    """The words of each notification the app is showing, oldest first."""
    return [str(n.message) for n in notifications(app)]


async def loaded(pilot: Pilot[None]) -> None:
    """Wait until the database is open and the screens show it."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    for _ in range(200):
        if app.snapshot is not None:
            break
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.snapshot is not None, "the database never loaded"


async def saves_landed(pilot: Pilot[None]) -> None:
    """Wait until every save asked for so far has run in the diary's thread (one at a
    time, in order) and the screens show it."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    await app.in_diary_thread(lambda: None)
    await pilot.pause()


class FakeClock:
    """A monotonic clock that moves only when a test moves `now`."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
