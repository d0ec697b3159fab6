"""Check-ins in the store (migration, activities kept and replaced) and the
`not_improving` warning they raise."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.actions import load_snapshot
from coach.content import red_flag_index
from coach.safety import KINDS, MESSAGES, evaluate
from coach.store import MIGRATIONS, SCHEMA_VERSION, Store
from tests.helpers import local, seed_episode

ONSET = date(2026, 11, 1)


def day(n: int) -> date:
    return ONSET + timedelta(days=n)


def test_v2_diary_migrates_to_check_in_tables(tmp_path: Path) -> None:
    """A version 2 diary (with an episode in it) gains the check-in tables, keeps its
    data, and takes a check-in."""
    path = tmp_path / "diary.db"
    conn = sqlite3.connect(path, isolation_level=None)
    # Migrations run on the plain sqlite3 connection.
    MIGRATIONS[0](conn, None)
    MIGRATIONS[1](conn, None)
    conn.execute(
        "INSERT INTO episodes(uid, onset, started_at) VALUES ('e1', ?, ?)",
        [ONSET.isoformat(), "2026-11-01T09:00:00.000000Z"],
    )
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    store = Store.open(path)
    assert store.version == SCHEMA_VERSION  # on to the latest
    assert {"checkins", "activities", "ratings"} <= set(store.db.table_names())
    episode = store.current_episode()
    assert episode is not None and episode.onset == ONSET
    store.add_checkin(
        episode_id=episode.id, day=day(7), at=local(day(7)), pain=5, enjoyment=5, activity=5
    )
    assert [c.peg_tenths for c in store.checkins(episode.id)] == [50]
    store.close()


def test_checkin_saved_with_activities_kept_and_replaced(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    first = store.add_checkin(
        episode_id=episode.id,
        day=day(7),
        at=local(day(7)),
        pain=7,
        enjoyment=6,
        activity=6,
        goals=[("deadlift", 2), ("Putting on socks", 5)],
    )
    assert first.peg_tenths == 63
    names = [a.name for a in store.activities(episode.id)]
    assert names == ["deadlift", "Putting on socks"]
    # Same names in another case rate the same activities; a third is added.
    store.add_checkin(
        episode_id=episode.id,
        day=day(14),
        at=local(day(14)),
        pain=4,
        enjoyment=4,
        activity=3,
        goals=[("DEADLIFT", 5), ("running", 4)],
    )
    assert len(store.activities(episode.id)) == 3
    # A fourth new name replaces the one not rated this time (socks).
    store.add_checkin(
        episode_id=episode.id,
        day=day(21),
        at=local(day(21)),
        pain=3,
        enjoyment=3,
        activity=3,
        goals=[("deadlift", 6), ("running", 5), ("tying shoes", 7)],
    )
    active = store.activities(episode.id)
    # The new one takes the replaced one's place.
    assert [a.name for a in active] == ["deadlift", "tying shoes", "running"]
    assert [a.name for a in store.activities(episode.id, retired=True) if a.retired] == [
        "Putting on socks"
    ]
    deadlift = active[0]
    store.rename_activity(deadlift.id, "deadlift 60 kg")
    checkins = store.checkins(episode.id)
    assert [c.day for c in checkins] == [day(7), day(14), day(21)]
    # A rename keeps the ratings with the activity.
    assert [r.name for r in checkins[0].ratings][0] == "deadlift 60 kg"
    assert [(r.name, r.score) for r in checkins[2].ratings] == [
        ("deadlift 60 kg", 6),
        ("tying shoes", 7),
        ("running", 5),
    ]
    store.close()


def test_a_bad_checkin_writes_nothing(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    for kwargs in (
        {"pain": 11, "goals": []},
        {"pain": 5, "goals": [("a", 1), ("A", 2)]},
        {"pain": 5, "goals": [("a", 12)]},
    ):
        with pytest.raises(ValueError):
            store.add_checkin(
                episode_id=episode.id,
                day=day(7),
                at=local(day(7)),
                enjoyment=5,
                activity=5,
                **kwargs,  # type: ignore[arg-type]
            )
    assert store.checkins(episode.id) == []
    assert store.activities(episode.id) == []
    store.close()


def _week(store: Store, episode_id: int, n: int, answers: tuple[int, int, int]) -> None:
    store.add_checkin(
        episode_id=episode_id,
        day=day(n),
        at=local(day(n)),
        pain=answers[0],
        enjoyment=answers[1],
        activity=answers[2],
    )


def test_not_improving_is_raised_with_its_numbers(db_path: Path) -> None:
    assert KINDS["not_improving"] == "caution"
    assert "physiotherapist" in MESSAGES["not_improving"]
    seed_episode(db_path, onset=ONSET)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    _week(store, episode.id, 7, (6, 6, 6))
    _week(store, episode.id, 14, (6, 5, 5))
    # Two check-ins: the first and one more; not the last two after the first yet.
    assert "not_improving" not in {w.kind for w in load_snapshot(store, day(20)).warnings}
    _week(store, episode.id, 21, (5, 5, 5))
    warnings = {w.kind: w for w in load_snapshot(store, day(21)).warnings}
    warning = warnings["not_improving"]
    assert warning.since == day(21)
    assert warning.reasons[0].startswith("PEG 5.3 on Sun 15 Nov, no real change from 6.0")
    assert warning.reasons[1].startswith("PEG 5.0 on Sun 22 Nov, no real change from 6.0")
    # Marked recovered: no warning.
    store.set_recovered(episode.id, day(21))
    assert "not_improving" not in {w.kind for w in load_snapshot(store, day(21)).warnings}
    store.close()


def test_not_improving_needs_age_14(db_path: Path) -> None:
    store_flags = red_flag_index()
    seed_episode(db_path, onset=ONSET)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    for n in (3, 6, 13):
        _week(store, episode.id, n, (6, 6, 6))
    checkins = store.checkins(episode.id)
    kinds = [
        {w.kind for w in evaluate(episode, [], [], [], today, store_flags, checkins)}
        for today in (day(13), day(14))
    ]
    assert "not_improving" not in kinds[0]
    assert "not_improving" in kinds[1]
    store.close()


def test_a_real_improvement_in_either_of_the_last_two_stops_it(db_path: Path) -> None:
    seed_episode(db_path, onset=ONSET)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    _week(store, episode.id, 7, (6, 6, 6))
    _week(store, episode.id, 14, (6, 6, 6))
    _week(store, episode.id, 21, (4, 4, 4))  # 6.0 -> 4.0: down 2, 33%: better
    assert "not_improving" not in {w.kind for w in load_snapshot(store, day(21)).warnings}
    store.close()
