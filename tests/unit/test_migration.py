"""Schema v1 to v2: a diary written by the previous release opens with the same days,
warnings and clearance for a user in the same time zone."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

from coach.content import red_flag_index
from coach.safety import evaluate, routines_locked
from coach.store import SCHEMA_VERSION, Store, _v1
from tests.helpers import ZONE

FLAGS = red_flag_index()
UTC = timezone.utc
TODAY = date(2026, 11, 25)


def v1_diary(path: Path) -> None:
    """A diary as the previous release wrote it: schema v1, instants only, symptoms at
    their entry's instant, a clearance by its moment."""
    conn = sqlite3.connect(path, isolation_level=None)
    _v1(conn)
    conn.execute("PRAGMA user_version = 1")

    def at(day: int, hour: int, minute: int = 0) -> str:
        moment = datetime(2026, 11, day, hour, minute, tzinfo=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    conn.execute(
        "INSERT INTO episodes(id, uid, onset, activity, area, side, started_at, cleared_on,"
        " cleared_at) VALUES (1, 'e1', '2026-11-20', 'running', 'lower', 'both', ?,"
        " '2026-11-23', ?)",
        [at(20, 9), at(23, 12)],
    )
    entries = [
        # id, logged_at, pain, meds: 23:30 UTC on the 21st is still the 21st in London.
        (1, at(20, 9), 3, 0),
        (2, at(21, 23, 30), 5, 0),
        (3, at(22, 8), 6, 0),
        (4, at(23, 8), 7, 1),
        (5, at(24, 18), 7, 1),
        (6, at(25, 0, 30), 8, 1),
    ]
    for rowid, logged, pain, meds in entries:
        conn.execute(
            "INSERT INTO entries(id, uid, episode_id, logged_at, pain, meds)"
            " VALUES (?, ?, 1, ?, ?, ?)",
            [rowid, f"n{rowid}", logged, pain, meds],
        )
    symptoms = [
        (1, 1, None, "chest_pain", at(20, 9)),  # the intake, before the clearance
        (2, 1, 3, "fever", at(22, 8)),
        (3, 1, 5, "both_legs", at(24, 18)),  # after the clearance: locks again
    ]
    for row in symptoms:
        conn.execute(
            "INSERT INTO symptoms(id, episode_id, entry_id, key, logged_at) VALUES (?, ?, ?, ?, ?)",
            row,
        )
    conn.execute(
        "INSERT INTO sessions(uid, episode_id, kind, name, started_at, seconds_done,"
        " stopped_for_pain) VALUES ('s1', 1, 'routine', 'Cat-cow', ?, 400, 1)",
        [at(24, 23, 58)],
    )
    conn.close()


def test_a_v1_diary_opens_with_the_same_days_warnings_and_clearance(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    v1_diary(path)
    store = Store.open(path, zone=ZONE)
    assert store.version == SCHEMA_VERSION == 4
    episode = store.current_episode()
    assert episode is not None
    entries = store.entries(episode.id)
    # The local (London) days v1 worked out from the instants.
    assert [e.day.day for e in entries] == [20, 21, 22, 23, 24, 25]
    symptoms = store.symptoms(episode.id)
    assert [(s.key, s.day.day) for s in symptoms] == [
        ("chest_pain", 20),
        ("fever", 22),
        ("both_legs", 24),
    ]
    # The clearance covers the reports up to it (chest pain, fever), not both legs.
    assert episode.cleared_through == 2
    assert routines_locked(episode, symptoms, FLAGS)
    [session] = store.sessions(episode.id)
    assert session.day == date(2026, 11, 25)  # started 23:58, ended 00:04 the next day
    warnings = {
        w.kind: w
        for w in evaluate(episode, entries, symptoms, store.sessions(episode.id), TODAY, FLAGS)
    }
    assert set(warnings) == {
        "emergency",
        "see_doctor_today",  # fever: ask for an urgent appointment today
        "severe",
        "worsening",
        "persistent",
        "medication",
        "stretch_pain",
    }
    assert warnings["emergency"].since == date(2026, 11, 24)
    assert warnings["medication"].since == date(2026, 11, 23)
    store.close()


def test_reports_after_the_migration_are_numbered_after_every_old_one(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    v1_diary(path)
    store = Store.open(path, zone=ZONE)
    assert store.last_report() == 3
    episode, entry = store.log_pain(
        pain=4, logged_at=datetime(2026, 11, 25, 9, tzinfo=ZONE), symptoms=["one_leg"]
    )
    assert [s.seq for s in store.symptoms(episode.id) if s.entry_id == entry.id] == [4]
    store.close()


def test_the_migration_runs_once_and_in_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    v1_diary(path)
    Store.open(path, zone=ZONE).close()
    # Opened again in another zone: the stored days do not move.
    store = Store.open(path, zone=timezone.utc)
    episode = store.current_episode()
    assert episode is not None
    assert [e.day.day for e in store.entries(episode.id)] == [20, 21, 22, 23, 24, 25]
    store.close()


def test_v3_to_v4_keeps_sessions_and_they_still_count(tmp_path: Path) -> None:
    """v4 adds a session's planned length; a session saved before has none (NULL) and
    goes on counting for its day's checklist and streak, as it did."""
    from coach.plan import counts

    path = tmp_path / "diary.db"
    v1_diary(path)
    store = Store.open(path, zone=ZONE)
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE sessions DROP COLUMN planned_seconds")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    store = Store.open(path, zone=ZONE)
    assert store.version == 4
    episode = store.current_episode()
    assert episode is not None
    [session] = store.sessions(episode.id)
    assert session.planned_seconds is None and session.seconds_done == 400
    assert counts(session)
    saved = store.add_session(
        episode_id=episode.id,
        kind="heat",
        name="heat 15 min",
        started_at=datetime(2026, 11, 25, 9, tzinfo=ZONE),
        seconds_done=3,
        planned_seconds=900,
    )
    assert store.sessions(episode.id)[-1] == saved and not counts(saved)
    store.close()
