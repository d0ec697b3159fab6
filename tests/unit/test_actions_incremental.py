"""After an action the Diary reads only what may have changed (issue 11: a save must not
read a ten-year diary whole). Whatever the diary and the actions, what it shows must be
exactly what a full read from scratch gives."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.actions import Diary, load_snapshot
from coach.checkin import CheckInAnswers
from coach.clock import FixedClock
from coach.intake import IntakeAnswers
from coach.model import SessionDone
from coach.store import Store
from tests.helpers import TODAY, ZONE, fixed_clock

SIGNS = ("saddle_numbness", "fever", "night_pain", "one_leg", "cough_sneeze")
pains = st.integers(0, 10)
signs = st.lists(st.sampled_from(SIGNS), max_size=2, unique=True).map(tuple)

# One step: (name, arguments). Entry-level steps pick an entry by position.
steps = st.one_of(
    st.tuples(st.just("log"), st.tuples(pains, signs, st.integers(0, 3))),
    st.tuples(st.just("edit"), st.tuples(st.integers(0, 50), pains, signs)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("session"), st.tuples(st.sampled_from(("routine", "heat")), pains)),
    st.tuples(st.just("water"), st.sampled_from((1, -1))),
    st.tuples(st.just("setting"), st.sampled_from(("bell", "voice", "holds"))),
    st.tuples(st.just("clear"), st.none()),
    st.tuples(st.just("recovered"), st.none()),
    st.tuples(st.just("checkin"), pains),
    st.tuples(st.just("episode"), pains),
    st.tuples(st.just("next_day"), st.none()),
    st.tuples(st.just("outside"), pains),  # `coach log` from another process
)


def apply(diary: Diary, step: tuple[str, Any], other: Store) -> None:
    name, args = step
    clock = cast(FixedClock, diary.clock)
    snapshot = diary.snapshot
    entries = snapshot.entries
    episode = snapshot.episode
    if name == "log":
        pain, symptoms, back = args
        day = diary.clock.today() - timedelta(days=back)
        # The stored episode, not the snapshot's: an "outside" step may have begun one
        # that this diary has not read yet (logging before its onset is refused).
        current = other.current_episode()
        if current is not None and day < current.onset:
            day = current.onset
        diary.log_pain(pain=pain, day=day, symptoms=symptoms)
    elif name == "edit" and entries:
        index, pain, symptoms = args
        entry = entries[index % len(entries)]
        diary.edit_entry(
            entry.id, pain=pain, area=entry.area, note="edited", meds=True, symptoms=symptoms
        )
    elif name == "delete" and entries:
        diary.delete_entry(entries[args % len(entries)].id)
    elif name == "session":
        kind, pain = args
        diary.record_session(
            SessionDone(
                kind=kind,
                name="Gentle mobility",
                started_at=None,
                seconds_done=240,
                pain_before=pain,
                pain_after=pain,
                planned_seconds=300,
            )
        )
    elif name == "water":
        diary.bump_checklist("water", args)
    elif name == "setting":
        diary.change_settings({str(args): "off"})
    elif name == "clear" and episode is not None:
        diary.clear(episode.id)
    elif name == "recovered" and episode is not None:
        diary.mark_recovered(episode.id)
    elif name == "checkin" and episode is not None:
        pain = int(args)
        diary.check_in(
            CheckInAnswers(pain=pain, enjoyment=pain, activity=pain, goals=(("running", pain),))
        )
    elif name == "episode":
        diary.start_episode(
            IntakeAnswers(
                onset=diary.clock.today(),
                activity="rowing",
                area="lower",
                side="left",
                pain=int(args),
            )
        )
    elif name == "next_day":
        clock.advance(days=1)
    elif name == "outside":
        now = diary.clock.now()
        other.log_pain(pain=int(args), logged_at=now, source="cli")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    history=st.lists(st.tuples(st.integers(0, 9), pains), max_size=12),
    actions=st.lists(steps, min_size=1, max_size=14),
)
def test_after_any_action_the_diary_shows_what_a_full_read_shows(
    history: list[tuple[int, int]], actions: list[tuple[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coach.db"
        store = Store.open(path, zone=ZONE)
        other = Store.open(path, zone=ZONE)  # a second connection, as `coach log` has
        clock = fixed_clock(TODAY - timedelta(days=10))
        diary = Diary(store, clock)
        for back, pain in sorted(history, reverse=True):
            diary.log_pain(pain=pain, day=clock.today() - timedelta(days=back))
        diary.refresh()
        try:
            for step in actions:
                apply(diary, step, other)
                shown = diary.refresh() if step[0] == "outside" else diary.snapshot
                assert shown == load_snapshot(store, clock.today()), step
        finally:
            other.close()
            store.close()


def test_reading_after_an_action_reads_only_the_new_rows(store: Store) -> None:
    """The point of the incremental read: logging one entry in a long episode does not
    read its older entries again (counted with SQLite's trace callback)."""
    clock = fixed_clock()
    diary = Diary(store, clock)
    for back in range(200, 0, -1):
        diary.log_pain(pain=3, day=TODAY - timedelta(days=back))
    diary.refresh()
    rows_read: list[str] = []
    store.conn.set_trace_callback(rows_read.append)
    diary.log_pain(pain=4)
    store.conn.set_trace_callback(None)
    entry_reads = [sql for sql in rows_read if " FROM entries " in sql]
    assert entry_reads and all("id >" in sql or "id IN" in sql for sql in entry_reads), entry_reads
    assert diary.snapshot == load_snapshot(store, TODAY)
    assert len(diary.snapshot.entries) == 201


def test_a_row_from_another_process_is_read_too(store: Store) -> None:
    path = store.path
    diary = Diary(store, fixed_clock())
    diary.log_pain(pain=3)
    outside = Store.open(path, zone=ZONE)
    outside.log_pain(pain=8, logged_at=diary.clock.now(), source="cli")
    outside.close()
    diary.bump_checklist("water")
    assert [e.pain for e in diary.snapshot.entries] == [3, 8]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    history=st.lists(st.tuples(st.integers(0, 40), pains, st.booleans()), max_size=30),
    actions=st.lists(steps, max_size=8),
    look_back=st.integers(-3, 45),
)
def test_the_first_look_shows_what_a_full_read_shows_but_the_older_entries(
    history: list[tuple[int, int, bool]], actions: list[tuple[str, Any]], look_back: int
) -> None:
    """Start-up reads a long diary's recent entries and the history the rules need
    (issue 11: a ten-year diary opens as fast as a one-week one). Whatever the diary
    and whatever day it is viewed on (--today in the past too), that gives exactly a
    full read's snapshot but for the older entries; the rest, read afterwards, makes
    it whole."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coach.db"
        store = Store.open(path, zone=ZONE)
        other = Store.open(path, zone=ZONE)
        clock = fixed_clock(TODAY - timedelta(days=5))
        diary = Diary(store, clock)
        try:
            for back, pain, meds in sorted(history, reverse=True):
                diary.log_pain(pain=pain, meds=meds, day=clock.today() - timedelta(days=back))
            for step in actions:
                apply(diary, step, other)
            viewer = Diary(store, fixed_clock(clock.today() - timedelta(days=look_back)))
            today = viewer.clock.today()
            first = viewer.first_look()
            full = load_snapshot(store, today)
            if first.entries_from is None:
                assert first == full and viewer.complete
                assert viewer.read_whole() is None
                return
            assert not viewer.complete
            assert first.entries == tuple(e for e in full.entries if e.day >= first.entries_from)
            assert first._replace(entries=full.entries, entries_from=None) == full
            # What Today shows of the entries is all there.
            assert first.latest_entry == full.latest_entry
            for day in (today, today - timedelta(days=1)):
                assert first.entries_on(day) == full.entries_on(day)
            assert viewer.read_whole() == full
            assert viewer.complete and viewer.read_whole() is None
        finally:
            other.close()
            store.close()


def test_an_action_before_the_rest_is_read_reads_everything_first(store: Store) -> None:
    """A save straight after start-up does not build on the partial read: the diary reads
    the whole episode, and the start-up read of the rest, which runs after it in the
    app's diary thread, then has nothing to take."""
    diary = Diary(store, fixed_clock())
    for back in range(30, 0, -1):
        diary.log_pain(pain=3, day=TODAY - timedelta(days=back))
    viewer = Diary(store, fixed_clock())
    assert viewer.first_look().entries_from is not None
    viewer.log_pain(pain=5)
    assert viewer.complete and viewer.snapshot == load_snapshot(store, TODAY)
    assert len(viewer.snapshot.entries) == 31
    assert viewer.read_whole() is None  # nothing left to read: the new entry stays
    assert len(viewer.snapshot.entries) == 31


def test_the_first_look_at_a_long_diary_reads_only_its_recent_entries(store: Store) -> None:
    """Counted with SQLite's trace callback: 200 days of entries, and the first look
    reads the entries themselves only from yesterday on."""
    diary = Diary(store, fixed_clock())
    for back in range(200, -1, -1):
        diary.log_pain(pain=3, day=TODAY - timedelta(days=back))
    viewer = Diary(store, fixed_clock())
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    first = viewer.first_look()
    store.conn.set_trace_callback(None)
    assert first.entries_from == TODAY - timedelta(days=1)
    assert [e.day for e in first.entries] == [TODAY - timedelta(days=1), TODAY]
    full_reads = [sql for sql in statements if "SELECT id, episode_id, logged_at" in sql]
    assert full_reads and all("day >=" in sql for sql in full_reads), full_reads
    assert first.logged_streak == 201
