"""Pilot tests of the routine player and the ice/heat timer as a new user met them
(issue 13): escape at the first question, what counts as done, pain in the diary, and
the notices that say what happened. The fake monotonic clock moves only when told."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from coach.routines import routines
from coach.screens.coldheat import ColdHeatScreen
from coach.screens.dialogs import ConfirmModal, PainKeyModal
from coach.screens.routines import PlayerScreen, RoutinesScreen
from coach.screens.today import TodayScreen, checklist_lines
from coach.store import Store
from tests.app.test_coldheat import open_timer
from tests.app.test_routines import advance, choose, entries_of, open_routines, seed, start
from tests.helpers import (
    TODAY,
    YESTERDAY,
    FakeClock,
    coach_app,
    local,
    notification_texts,
    sessions_of,
)

# --- escape at "Before you start" ----------------------------------------------------


async def test_escape_at_the_pain_before_question_cancels(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        entries = len(entries_of(app))
        await choose(pilot, "cat_cow")
        modal = app.screen
        assert isinstance(modal, PainKeyModal) and "Before you start" in modal.question
        # The footer says what escape does here.
        assert [b.description for b in modal._bindings.key_to_bindings["escape"]] == ["Cancel"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        await advance(pilot, fake, 60)
        assert isinstance(app.screen, RoutinesScreen)
        assert sessions_of(app) == []
        assert len(entries_of(app)) == entries


async def test_enter_at_the_pain_before_question_still_skips_it_and_starts(
    db_path: Path,
) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        entries = len(entries_of(app))
        await choose(pilot, "cat_cow")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.pain_before is None
        assert len(entries_of(app)) == entries  # no answer, no entry


# --- pain before and after in the diary --------------------------------------------------


async def test_pain_before_and_after_are_diary_entries_today_sees(db_path: Path) -> None:
    seed(db_path, pains=((YESTERDAY, 3), (TODAY, 8)))
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, "core")
        # Pain 8 today: the gate asks first.
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert app.snapshot is not None and app.snapshot.latest_entry is not None
        before = app.snapshot.latest_entry
        assert (before.pain, before.source, before.note) == (6, "routine", "Before Core strength.")
        assert before.day == TODAY
        for phase in player.countdown.phases:
            await advance(pilot, fake, phase.seconds)
        assert isinstance(app.screen, PainKeyModal)
        await pilot.press("2")
        await pilot.pause()
        after = app.snapshot.latest_entry
        assert after is not None
        assert (after.pain, after.source, after.note) == (2, "routine", "After Core strength.")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Pain 2/10, last logged today." in shown


# --- what counts as done ----------------------------------------------------------------


async def test_a_routine_ended_in_its_get_ready_is_kept_but_not_ticked(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow")
        await advance(pilot, fake, 4)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("enter")  # no pain after
        await pilot.pause()
        [session] = sessions_of(app)
        assert (session.seconds_done, session.planned_seconds) == (0, 80)
        assert app.snapshot is not None
        assert "[ ] Routine" in str(checklist_lines(app.snapshot))
        assert app.snapshot.routine_streak == 0
        # Ending early says what was saved and that it does not tick Today.
        [said] = [n for n in notification_texts(app) if n.startswith("Saved")]
        assert "Saved 0 s of Cat-cow (0 of 1 step finished)" in said
        assert "ticks Today only after at least half of it (40 s)" in said


async def test_a_routine_ended_after_half_its_time_counts(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow")
        await advance(pilot, fake, 5 + 40)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        [session] = sessions_of(app)
        assert (session.seconds_done, session.planned_seconds) == (40, 80)
        assert app.snapshot is not None
        assert "[x] Routine" in str(checklist_lines(app.snapshot))
        assert app.snapshot.routine_streak == 1
        [said] = [n for n in notification_texts(app) if n.startswith("Saved")]
        assert said == (
            "Saved 40 s of Cat-cow (0 of 1 step finished) and your pain, 3, in the diary. "
            "It counts for today."
        )


async def test_this_hurts_early_does_not_extend_the_streak(db_path: Path) -> None:
    seed(db_path)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    # Yesterday's full routine: a streak of 1 so far.
    store.add_session(
        episode_id=episode.id,
        kind="routine",
        name="Cat-cow",
        started_at=local(YESTERDAY, 9),
        seconds_done=80,
        planned_seconds=80,
    )
    store.close()
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow")
        assert app.snapshot is not None and app.snapshot.routine_streak == 1
        await advance(pilot, fake, 5 + 10)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert len(sessions_of(app)) == 2  # kept and listed
        assert sessions_of(app)[-1].stopped_for_pain
        assert app.snapshot.routine_streak == 1
        assert "[ ] Routine" in str(checklist_lines(app.snapshot))


async def test_heat_stopped_after_three_seconds_is_kept_but_not_ticked(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_timer(pilot)
        await pilot.press("space")
        await pilot.pause()
        fake.advance(3)
        await pilot.press("escape", "y")
        await pilot.pause()
        [session] = sessions_of(app)
        assert (session.seconds_done, session.planned_seconds) == (3, 900)
        assert app.snapshot is not None
        assert "[ ] Ice/heat 0" in str(checklist_lines(app.snapshot))
        [said] = [n for n in notification_texts(app) if n.startswith("Saved")]
        assert said == (
            "Saved 3 s of heat. It is kept in your diary, but it ticks Today only after "
            "at least half of it (7 min 30 s)."
        )


# --- notices ------------------------------------------------------------------------------


async def test_k_while_the_timer_runs_or_is_paused_says_what_happens(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_timer(pilot)
        kind = screen.kind
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("space")  # paused
        await pilot.pause()
        assert screen.countdown is not None and screen.countdown.paused
        await pilot.press("k")
        await pilot.pause()
        assert screen.kind == kind
        assert isinstance(app.screen, ColdHeatScreen)
        [said] = [n for n in notification_texts(app) if "To switch" in n]
        assert said.startswith(f"This timer is for {kind}. To switch, stop it with escape")


async def test_this_hurts_shows_one_notice(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow")
        await advance(pilot, fake, 20)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        about = [n for n in notification_texts(app) if "Skip" in n]
        assert len(about) == 1, about
        assert about[0].startswith('A stretch hurt: "Cat-cow". Skip that stretch for now.')


async def test_this_hurts_again_the_same_day_still_says_so_once(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        for time in range(2):
            await open_routines(pilot)
            await choose(pilot, "cat_cow")
            if time:  # a stretch hurt today: the gate asks first
                assert isinstance(app.screen, ConfirmModal)
                await pilot.press("y")
                await pilot.pause()
            await pilot.press("4")
            await pilot.pause()
            await advance(pilot, fake, 20)
            await pilot.press("h")
            await pilot.pause()
            await pilot.press("6")
            await pilot.pause()
        about = [n for n in notification_texts(app) if "Skip" in n]
        # The warning when it is raised, then the stop message for the second stop.
        assert len(about) == 2, about
        assert about[1] == "Skip Cat-cow for now. If it keeps hurting, see a physiotherapist."


def test_every_shipped_routine_has_a_planned_time() -> None:
    from coach.player import countdown_phases, planned_seconds

    for routine in routines():
        phases = countdown_phases(routine)
        assert planned_seconds(phases) == routine.total_seconds
        assert timedelta(seconds=planned_seconds(phases)) > timedelta(0)
