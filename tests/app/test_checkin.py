"""The weekly check-in in the app: offered on Today from day 7, one keypress a question,
activities named once and kept, Escape saves nothing, the verdict on Today and in the
diary."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, Static

from coach.checkin import Activity, CheckIn
from coach.screens.checkin import CheckInModal
from coach.store import Store
from tests.helpers import app_for, loaded, local, notification_texts, seed_episode, text_of

ONSET = date(2026, 11, 1)
# Something logged every day, so the app does not first ask how the back feels today.
DAILY = [(ONSET + timedelta(days=n), 5) for n in range(1, 15)]


def stored(db_path: Path) -> tuple[list[CheckIn], list[Activity]]:
    store = Store.open(db_path)
    try:
        episode = store.current_episode()
        assert episode is not None
        return store.checkins(episode.id), store.activities(episode.id)
    finally:
        store.close()


async def test_not_offered_before_day_7(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=DAILY)
    app = app_for(db_path, ONSET + timedelta(days=6))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert not app.screen.query_one("#checkin", Static).display
        await pilot.press("k")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInModal)
        assert any("from Sun 8 Nov" in said for said in notification_texts(app))


async def test_first_checkin_names_activities_and_shows_the_verdict(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=DAILY)
    app = app_for(db_path, ONSET + timedelta(days=7))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "Weekly check-in is due" in text_of(app, "#checkin")
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CheckInModal)
        assert "question 1 of 3" in text_of(app, "#checkin-title")
        assert "Krebs" in text_of(app, "#checkin-source")
        await pilot.press("7", "6", "6")
        # No activities yet: name one, rate it, name another, rate it, then move on.
        assert app.screen.query_one("#checkin-name", Input).has_focus
        await pilot.press(*"deadlift", "enter")
        assert "deadlift" in text_of(app, "#checkin-question")
        await pilot.press("2")
        await pilot.press(*"socks", "enter", "x")
        await pilot.press("enter")  # an empty name: done
        await pilot.pause()
        assert not isinstance(app.screen, CheckInModal)
        assert "Check-in Sun 8 Nov: PEG 6.3: your starting point" in text_of(app, "#checkin")
        assert "Weekly check-in is due" not in text_of(app, "#checkin")
    checkins, activities = stored(db_path)
    assert [(c.pain, c.enjoyment, c.activity) for c in checkins] == [(7, 6, 6)]
    assert [(r.name, r.score) for r in checkins[0].ratings] == [("deadlift", 2), ("socks", 10)]
    assert [a.name for a in activities] == ["deadlift", "socks"]


async def test_escape_at_any_question_saves_nothing(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=DAILY)
    for keys in ([], ["5"], ["5", "5", "5"], ["5", "5", "5", *"lift"]):
        app = app_for(db_path, ONSET + timedelta(days=7))
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            await pilot.press("k")
            await pilot.pause()
            await pilot.press(*keys, "escape")
            await pilot.pause()
            assert not isinstance(app.screen, CheckInModal)
        assert stored(db_path) == ([], [])


def _second_week(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET, pains=DAILY)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    day = ONSET + timedelta(days=7)
    store.add_checkin(
        episode_id=episode.id,
        day=day,
        at=local(day, 20),
        pain=7,
        enjoyment=6,
        activity=6,
        goals=[("deadlift", 2), ("socks", 5)],
    )
    store.close()


async def test_later_checkins_rate_the_kept_activities_and_rename(db_path: Path) -> None:
    _second_week(db_path)
    app = app_for(db_path, ONSET + timedelta(days=14))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("4", "4", "3")
        assert "deadlift" in text_of(app, "#checkin-question")
        await pilot.press("e")  # rename "deadlift"
        name = app.screen.query_one("#checkin-name", Input)
        assert name.value == "deadlift"
        name.value = ""
        await pilot.press(*"deadlift 60 kg", "enter", "6")
        assert "socks" in text_of(app, "#checkin-question")
        await pilot.press("7")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInModal)
        line = text_of(app, "#checkin")
        assert "Check-in Sun 15 Nov: PEG 6.3 → 3.7, better: down 2.6, 41%" in line
        assert "activities 3.5 → 6.5, better: up 3.0 points" in line
        await pilot.press("d")
        await pilot.pause()
        diary = text_of(app, "#diary-checkins")
        assert "Sun 15 Nov  PEG 6.3 → 3.7, better: down 2.6, 41%" in diary
        assert "Sun 8 Nov  PEG 6.3: your starting point" in diary
        assert "your activities: deadlift 60 kg 6, socks 7" in diary
    checkins, activities = stored(db_path)
    assert [a.name for a in activities] == ["deadlift 60 kg", "socks"]
    assert [r.name for r in checkins[0].ratings] == ["deadlift 60 kg", "socks"]


async def test_a_recovered_looking_checkin_suggests_marking_recovered(db_path: Path) -> None:
    _second_week(db_path)
    app = app_for(db_path, ONSET + timedelta(days=14))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("1", "1", "1", "9", "x")
        await pilot.pause()
        assert "you may be recovered. Press m to mark it." in text_of(app, "#checkin")


async def test_an_activity_can_be_replaced_and_starts_afresh(db_path: Path) -> None:
    _second_week(db_path)
    app = app_for(db_path, ONSET + timedelta(days=14))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("4", "4", "3", "6")  # deadlift 6
        assert "socks" in text_of(app, "#checkin-question")
        assert "n replaces it" in text_of(app, "#checkin-hint")
        await pilot.press("n")
        await pilot.press(*"running", "enter")
        assert "running" in text_of(app, "#checkin-question")
        assert "replaces" not in text_of(app, "#checkin-hint")
        await pilot.press("3")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInModal)
        # Only deadlift has an earlier rating: 2 -> 6 is real change on its own.
        assert "activities 2.0 → 6.0, better: up 4.0 points" in text_of(app, "#checkin")
    checkins, activities = stored(db_path)
    assert [a.name for a in activities] == ["deadlift", "running"]
    assert [(r.name, r.score) for r in checkins[0].ratings] == [("deadlift", 2), ("socks", 5)]
    assert [(r.name, r.score) for r in checkins[1].ratings] == [("deadlift", 6), ("running", 3)]
