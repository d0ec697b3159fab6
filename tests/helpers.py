"""Builders shared by the Pilot and snapshot tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from coach.app import CoachApp, make_app
from coach.dates import moment_on
from coach.store import Store

TODAY = date(2026, 11, 25)


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
) -> None:
    """An episode starting at `onset` with a first entry there, then the given pains."""
    import pendulum

    noon = pendulum.datetime(2026, 1, 1, 9, 0, tz=pendulum.local_timezone())
    store = Store.open(db_path)
    episode, _ = store.start_episode(
        onset=onset,
        now=moment_on(onset, noon),
        pain=first_pain,
        activity=activity,
        area=area,
        side=side,
        symptoms=symptoms,
    )
    for day, pain in pains:
        store.add_entry(episode_id=episode.id, pain=pain, logged_at=moment_on(day, noon))
    if first_run_seen:
        store.set_setting("first_run_seen", "yes")
    store.close()


def returning_user(db_path: Path) -> None:
    """A database whose owner has already read the first-run note."""
    store = Store.open(db_path)
    store.set_setting("first_run_seen", "yes")
    store.close()


def app_for(db_path: Path, today: date = TODAY) -> CoachApp:
    return make_app(db_path=db_path, today=today)


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


class FakeClock:
    """A monotonic clock that moves only when a test moves `now`."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
