"""Time you can trust (PRODUCT.md, "Time"): stored days, the day a session ended, the
clearance, all from one injected clock, in the app."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from coach.app import make_app
from coach.clock import FixedClock
from coach.screens.dialogs import ConfirmModal, PainKeyModal
from coach.screens.routines import PlayerScreen
from coach.store import Store
from tests.app.test_routines import advance, start
from tests.helpers import (
    TODAY,
    ZONE,
    FakeClock,
    fixed_clock,
    loaded,
    local,
    notification_texts,
    seed_episode,
    sessions_of,
)


async def test_a_routine_that_crosses_midnight_counts_for_the_day_it_stopped(
    db_path: Path,
) -> None:
    """Started at 23:58 and stopped with "this hurts" at 00:03: the stop day counts,
    for `stretch_pain` and for the checklist."""
    yesterday = TODAY - timedelta(days=1)
    seed_episode(db_path, onset=TODAY - timedelta(days=4), pains=[(yesterday, 3)])
    wall = FixedClock(local(yesterday, 23, 58))
    fake = FakeClock()
    app = make_app(db_path=db_path, clock=wall, monotonic=fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow", pain="3")
        wall.advance(minutes=5)  # 00:03 on TODAY
        await advance(pilot, fake, 60)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, PainKeyModal)
        await pilot.press("6")
        await pilot.pause()
        [session] = sessions_of(app)
        assert session.day == TODAY
        assert session.started_at.astimezone(ZONE).date() == yesterday
        await app.reload()
        assert app.snapshot is not None and app.snapshot.today == TODAY
        warning = next(w for w in app.snapshot.warnings if w.kind == "stretch_pain")
        assert warning.since == TODAY
        assert any(s.kind == "routine" for s in app.snapshot.sessions if s.day == TODAY)
        assert not any(s.day == yesterday for s in app.snapshot.sessions)


async def test_the_app_logs_for_the_clock_s_day_at_any_hour(db_path: Path) -> None:
    """Just after midnight, the entry is for the new day, whatever the machine says."""
    seed_episode(db_path, onset=TODAY - timedelta(days=2))
    wall = FixedClock(local(TODAY, 0, 0) + timedelta(seconds=30))
    app = make_app(db_path=db_path, clock=wall)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert await app.add_entry(pain=4)
        assert app.snapshot is not None
        latest = app.snapshot.latest_entry
        assert latest is not None and latest.day == TODAY and latest.pain == 4


async def test_with_today_before_the_episode_logging_says_why_and_saves_nothing(
    db_path: Path,
) -> None:
    """`--today` before the episode began: Today shows no episode yet, and logging pain
    says why it cannot be saved, where the person is looking; nothing is written."""
    seed_episode(db_path, onset=TODAY)
    app = make_app(db_path=db_path, clock=fixed_clock(TODAY - timedelta(days=3)))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.episode is None
        assert await app.add_entry(pain=4) is None
        await pilot.pause()
        assert any("before this episode began" in text for text in notification_texts(app)), (
            notification_texts(app)
        )
    store = Store.open(db_path)
    try:
        episode = store.current_episode()
        assert episode is not None and len(store.entries(episode.id)) == 1
    finally:
        store.close()


async def test_clearance_in_the_app_covers_only_earlier_reports(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY - timedelta(days=1), symptoms=["chest_pain"])
    wall = FixedClock(
        local(
            TODAY,
            0,
            0,
        )
        + timedelta(seconds=1)
    )
    app = make_app(db_path=db_path, clock=wall)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.locked
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert not app.snapshot.locked
        wall.advance(seconds=1)
        # A sign ticked on a back-dated entry, a second after the clearance.
        store = Store.open(db_path)
        store.log_pain(
            pain=5,
            logged_at=local(TODAY - timedelta(days=1), 9),
            day=TODAY - timedelta(days=1),
            reported_at=wall.now(),
            symptoms=["both_legs"],
        )
        store.close()
        await app.reload()
        assert app.snapshot.locked
        assert "emergency" in {w.kind for w in app.snapshot.warnings}
        assert not isinstance(app.screen, PlayerScreen)


def test_today_is_not_the_wall_clock_s(db_path: Path) -> None:
    """A FixedClock decides today for the app, not the machine."""
    app = make_app(db_path=db_path, clock=FixedClock.at(date(2031, 2, 3), 1, tz=ZONE))
    assert app.today == date(2031, 2, 3)
