"""The use-case layer (coach.actions): each action runs in one transaction and says what
it saved, the new state, the warnings it newly raised and the emergency signs it
reported. The app and the command line both rely on these answers."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from coach.actions import Diary, Refused, load_snapshot
from coach.checkin import CheckInAnswers
from coach.clock import FixedClock
from coach.intake import IntakeAnswers
from coach.model import SessionDone
from coach.store import Store
from tests.helpers import TODAY, fixed_clock


def diary_on(store: Store, clock: FixedClock | None = None) -> Diary:
    return Diary(store, clock or fixed_clock())


def intake(onset_days_ago: int = 0, pain: int = 5, symptoms: tuple[str, ...] = ()) -> IntakeAnswers:
    return IntakeAnswers(
        onset=TODAY - timedelta(days=onset_days_ago),
        pain=pain,
        activity="deadlifting",
        area="lower",
        side="both",
        symptoms=symptoms,
    )


def test_logging_with_no_episode_starts_one_and_returns_the_new_state(store: Store) -> None:
    outcome = diary_on(store).log_pain(pain=4)
    episode, entry = outcome.saved
    assert entry.pain == 4 and entry.day == TODAY
    assert outcome.snapshot.episode is not None and outcome.snapshot.episode.id == episode.id
    assert outcome.snapshot == load_snapshot(store, TODAY)  # what a fresh read gives


def test_a_warning_is_new_once_and_then_is_not(store: Store) -> None:
    diary = diary_on(store)
    diary.start_episode(intake(onset_days_ago=3, pain=3))
    first = diary.log_pain(pain=9)
    assert "severe" in {w.kind for w in first.new_warnings}
    again = diary.log_pain(pain=9)
    assert "severe" in {w.kind for w in again.snapshot.warnings}
    assert "severe" not in {w.kind for w in again.new_warnings}


def test_an_emergency_sign_is_urgent_every_time_it_is_reported(store: Store) -> None:
    diary = diary_on(store)
    diary.start_episode(intake())
    first = diary.log_pain(pain=5, symptoms=("saddle_numbness",))
    assert [f.key for f in first.urgent] == ["saddle_numbness"]
    assert "emergency" in {w.kind for w in first.new_warnings}
    second = diary.log_pain(pain=5, symptoms=("saddle_numbness",))
    # The warning was up already, so it is not new; the sign is still told again.
    assert "emergency" not in {w.kind for w in second.new_warnings}
    assert [f.key for f in second.urgent] == ["saddle_numbness"]
    assert [w.kind for w in second.to_tell] == ["emergency"]
    calm = diary.log_pain(pain=4)
    assert calm.urgent == () and calm.to_tell == ()


def test_an_action_that_fails_half_way_writes_nothing(store: Store) -> None:
    diary = diary_on(store)
    diary.start_episode(intake())
    before = load_snapshot(store, TODAY)

    def half(store: Store) -> None:
        store.bump_checklist(TODAY, "water", 1)
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        diary.run(half)
    assert load_snapshot(store, TODAY) == before
    assert store.checklist(TODAY).get("water", 0) == 0


def test_a_busy_database_raises_and_writes_nothing(store: Store) -> None:
    path = store.path
    diary = diary_on(store)
    diary.start_episode(intake())
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another coach holds the write lock
    store.conn.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(sqlite3.OperationalError):
            diary.bump_checklist("water")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.checklist(TODAY).get("water", 0) == 0


def test_logging_before_the_episode_began_is_refused_and_writes_nothing(store: Store) -> None:
    diary = diary_on(store)
    diary.start_episode(intake(onset_days_ago=2))
    entries = len(diary.snapshot.entries)
    with pytest.raises(Refused, match="before this episode began"):
        diary.log_pain(pain=3, day=TODAY - timedelta(days=5))
    assert len(load_snapshot(store, TODAY).entries) == entries


def test_a_check_in_needs_an_episode(store: Store) -> None:
    with pytest.raises(Refused, match="no episode yet"):
        diary_on(store).check_in(CheckInAnswers(pain=3, enjoyment=3, activity=3))


def test_a_check_in_returns_the_check_ins_so_far(store: Store) -> None:
    diary = diary_on(store)
    diary.start_episode(intake(onset_days_ago=8))
    outcome = diary.check_in(CheckInAnswers(pain=4, enjoyment=3, activity=5))
    assert [(c.day, c.pain) for c in outcome.saved] == [(TODAY, 4)]
    assert outcome.snapshot.checkins == outcome.saved


def test_a_routine_s_pain_after_is_an_entry_saved_with_the_session(store: Store) -> None:
    diary = diary_on(store)
    diary.start_episode(intake())
    outcome = diary.record_session(
        SessionDone(
            kind="routine",
            name="Morning mobility",
            started_at=None,
            seconds_done=300,
            pain_before=4,
            pain_after=3,
            planned_seconds=300,
        )
    )
    snapshot = outcome.snapshot
    assert [s.name for s in snapshot.sessions] == ["Morning mobility"]
    assert (
        snapshot.latest_entry is not None
        and snapshot.latest_entry.note == "After Morning mobility."
    )
    assert snapshot.day_checklist.routine_done


def test_the_snapshot_follows_the_clock_to_a_new_day(store: Store) -> None:
    clock = fixed_clock()
    diary = diary_on(store, clock)
    diary.bump_checklist("water")
    assert diary.snapshot.day_checklist.water == 1
    clock.advance(days=1)
    assert diary.snapshot.today == TODAY + timedelta(days=1)
    assert diary.snapshot.day_checklist.water == 0
