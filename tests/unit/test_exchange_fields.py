"""The field table of coach.exchange is the schema's: a new column cannot be forgotten
by the export or the import, and the store's import writes keep what is here."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.content import red_flag_index
from coach.exchange import (
    ExportFormatError,
    dumps,
    export_document,
    import_document,
    parse_export,
)
from coach.exchange.fields import (
    ACTIVITY,
    CHECKIN,
    CHECKLIST,
    ENTRY,
    EPISODE,
    RATING,
    RECORDS,
    SESSION,
    SYMPTOM,
    Record,
)
from coach.store import Store

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)


def fresh_store(path: Path) -> Store:
    store = Store.open(path)
    store.migrate()
    return store


def schema_columns(store: Store, table: str) -> set[str]:
    return {row[1] for row in store.conn.execute(f"PRAGMA table_info({table})").fetchall()}


def test_every_table_of_a_fresh_diary_has_one_record_type(tmp_path: Path) -> None:
    store = fresh_store(tmp_path / "coach.db")
    tables = {
        row[0]
        for row in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    assert sorted(r.table for r in RECORDS) == sorted(tables)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.table)
def test_every_column_is_a_field_or_internal_and_nothing_else(
    record: Record, tmp_path: Path
) -> None:
    store = fresh_store(tmp_path / "coach.db")
    columns = schema_columns(store, record.table)
    listed = [*record.columns, *record.internal]
    assert len(listed) == len(set(listed)), "a column is listed twice"
    assert set(listed) == columns
    # The fields that are no column are worked out on export; none shadows a column.
    derived = {f.name for f in record.fields if not f.column}
    assert derived.isdisjoint(columns)
    # The export's query reads exactly the table's columns.
    assert store.rows(record.select()) == []


def full_diary(path: Path) -> Store:
    """A diary with a record of every kind."""
    store = fresh_store(path)
    red_flag = next(iter(red_flag_index()))
    episode, _ = store.start_episode(onset=NOW.date(), now=NOW, pain=5, intake_symptoms=[red_flag])
    store.add_entry(
        episode_id=episode.id, pain=4, logged_at=NOW + timedelta(hours=2), symptoms=[red_flag]
    )
    store.add_session(
        episode_id=episode.id, kind="mobility", name="Gentle", started_at=NOW, seconds_done=60
    )
    store.add_session(
        episode_id=None, kind="strength", name="Bridges", started_at=NOW, seconds_done=90
    )
    store.add_checkin(
        episode_id=episode.id,
        day=NOW.date(),
        at=NOW,
        pain=4,
        enjoyment=5,
        activity=6,
        goals=[("deadlift", 3)],
    )
    store.bump_checklist(NOW.date(), "walk")
    store.set_setting("bell", "on")
    return store


def test_every_field_of_the_export_is_in_the_field_table(tmp_path: Path) -> None:
    """Every key of every record an export writes is a field or a nested list."""
    document = export_document(full_diary(tmp_path / "coach.db"), now=NOW)

    def keys(record: Record) -> set[str]:
        return {f.name for f in record.fields} | set(record.children)

    episodes = document["episodes"]
    assert episodes
    for episode in episodes:
        assert set(episode) == keys(EPISODE) | {"activities", "checkins"}
        for entry in episode["entries"]:
            assert set(entry) == keys(ENTRY)
            for symptom in entry["symptoms"]:
                assert set(symptom) == keys(SYMPTOM)
        for symptom in episode["symptoms"]:
            assert set(symptom) == keys(SYMPTOM)
        for session in episode["sessions"]:
            assert set(session) == keys(SESSION)
        for activity in episode["activities"]:
            assert set(activity) == keys(ACTIVITY)
        for checkin in episode["checkins"]:
            assert set(checkin) == keys(CHECKIN)
            for rating in checkin["ratings"]:
                assert set(rating) == keys(RATING)
    assert {key for c in document["checklist"] for key in c} == keys(CHECKLIST)
    assert document["settings"] == {"bell": "on"}
    for session in document["sessions"]:
        assert set(session) == keys(SESSION)
    seen = [
        document["sessions"],
        document["checklist"],
        any(e["entries"] for e in episodes),
        any(e["symptoms"] or any(x["symptoms"] for x in e["entries"]) for e in episodes),
        any(e["sessions"] for e in episodes),
        any(e["activities"] for e in episodes),
        any(c["ratings"] for e in episodes for c in e["checkins"]),
    ]
    assert all(seen), "the sample diary must hold every kind of record"


def test_add_new_adds_in_order_and_keeps_what_is_here(tmp_path: Path) -> None:
    store = fresh_store(tmp_path / "coach.db")
    episode, _ = store.start_episode(onset=NOW.date(), now=NOW, pain=3)

    def entry(uid: str, pain: int) -> dict[str, object]:
        return {
            "uid": uid,
            "episode_id": episode.id,
            "logged_at": "2026-11-25T09:30:00.000000Z",
            "day": "2026-11-25",
            "pain": pain,
        }

    first = store.add_new("entries", [entry("file-1", 4), entry("file-2", 5)])
    assert all(rowid is not None for rowid in first)
    again = store.add_new("entries", [entry("file-0", 6), entry("file-1", 7), entry("file-3", 8)])
    assert again[1] is None
    assert again[0] is not None and again[2] is not None
    assert first[1] is not None and first[1] < again[0] < again[2]
    by_uid = dict(store.conn.execute("SELECT uid, pain FROM entries WHERE uid LIKE 'file-%'"))
    assert by_uid == {"file-0": 6, "file-1": 4, "file-2": 5, "file-3": 8}
    walk = {"day": "2026-11-25", "item": "walk", "count": 1}
    assert store.add_new("checklist", [walk], ("day", "item"))[0] is not None
    assert store.add_new("checklist", [{**walk, "count": 5}], ("day", "item")) == [None]
    assert store.checklist(NOW.date()) == {"walk": 1}


def test_a_row_a_constraint_refuses_is_not_counted_as_present(tmp_path: Path) -> None:
    """INSERT OR IGNORE skips CHECK and NOT NULL failures too: add_new tells them from
    a uid already here, and nothing of the call is kept."""
    store = fresh_store(tmp_path / "coach.db")
    episode, _ = store.start_episode(onset=NOW.date(), now=NOW, pain=3)
    row = {
        "uid": "file-1",
        "episode_id": episode.id,
        "logged_at": "2026-11-25T09:30:00.000000Z",
        "day": "2026-11-25",
        "pain": 4,
    }
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        store.add_new("entries", [row, {**row, "uid": "file-2", "pain": 11}])
    assert store.conn.execute(
        "SELECT count(*) FROM entries WHERE uid LIKE 'file-%'"
    ).fetchone() == (0,)


def test_an_import_that_a_constraint_refuses_changes_nothing(tmp_path: Path) -> None:
    source = fresh_store(tmp_path / "source.db")
    source.start_episode(onset=NOW.date(), now=NOW, pain=3)
    document = parse_export(dumps(export_document(source, now=NOW)))
    target = fresh_store(tmp_path / "target.db")
    target.conn.execute(
        "CREATE TRIGGER no_episodes BEFORE INSERT ON episodes BEGIN SELECT RAISE(IGNORE); END"
    )
    with pytest.raises(ExportFormatError, match="does not fit this diary"):
        import_document(target, document)
    assert target.episodes() == []
