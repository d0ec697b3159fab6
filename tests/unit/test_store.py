"""The store: migrations, permissions, transactions, damaged files, crashes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from coach import dbfile
from coach.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_schema_version_matches_migrations() -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION == dbfile.SCHEMA_VERSION


def test_migrates_an_empty_file_to_the_current_schema(db_path: Path) -> None:
    store = Store.open(db_path)
    assert store.version == SCHEMA_VERSION
    tables = set(store.db.table_names())
    assert {"episodes", "entries", "symptoms", "sessions", "checklist", "settings"} <= tables
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    store.close()


def test_migration_is_idempotent_and_keeps_data(db_path: Path) -> None:
    store = Store.open(db_path)
    store.start_episode(onset=date(2026, 11, 24), now=NOW, pain=5)
    store.close()
    again = Store.open(db_path)
    assert again.version == SCHEMA_VERSION
    assert len(again.episodes()) == 1
    again.close()


def test_migrates_a_pre_existing_plain_sqlite_file(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    sqlite3.connect(db_path).close()  # an empty SQLite database at user_version 0
    store = Store.open(db_path)
    assert store.version == SCHEMA_VERSION
    store.close()


def test_new_folder_is_0700_and_file_0600(db_path: Path) -> None:
    assert not db_path.parent.exists()
    store = Store.open(db_path)
    store.start_episode(onset=date(2026, 11, 24), now=NOW, pain=5)
    assert mode(db_path.parent) == 0o700
    assert mode(db_path) == 0o600
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and mode(wal) == 0o600
    store.close()


def test_an_existing_readable_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    Store.open(path).close()
    assert mode(path) == 0o600


def test_an_existing_shared_folder_is_left_alone(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    Store.open(tmp_path / "diary.db").close()
    assert mode(tmp_path) == 0o755


def test_a_failing_action_writes_nothing(db_path: Path) -> None:
    store = Store.open(db_path)
    with pytest.raises(ValueError):
        # The episode row goes in first; the bad pain must roll it back too.
        store.start_episode(onset=date(2026, 11, 24), now=NOW, pain=11)
    assert store.episodes() == []
    assert store.db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


def test_transaction_rolls_back_everything_on_error(db_path: Path) -> None:
    store = Store.open(db_path)
    episode, _ = store.start_episode(onset=date(2026, 11, 24), now=NOW, pain=5)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_entry(episode_id=episode.id, pain=3, logged_at=NOW, symptoms=["fever"])
        store.bump_checklist(date(2026, 11, 25), "water")
        raise RuntimeError("power cut")
    assert [e.pain for e in store.entries(episode.id)] == [5]
    assert store.symptoms(episode.id) == []
    assert store.checklist(date(2026, 11, 25)) == {}


def test_new_episode_closes_the_old_one_and_keeps_it(db_path: Path) -> None:
    store = Store.open(db_path)
    first, _ = store.start_episode(onset=date(2026, 11, 1), now=NOW, pain=5)
    second, _ = store.start_episode(onset=date(2026, 11, 24), now=NOW, pain=3)
    assert store.current_episode() == second
    episodes = store.episodes()
    assert {e.id for e in episodes} == {first.id, second.id}
    assert next(e for e in episodes if e.id == first.id).closed_at is not None
    assert [e.pain for e in store.entries(first.id)] == [5]


def test_entries_symptoms_sessions_round_trip(db_path: Path) -> None:
    store = Store.open(db_path)
    episode, first = store.start_episode(
        onset=date(2026, 11, 24), now=NOW, pain=6, symptoms=["fever", "fever", "one_leg"]
    )
    assert first.symptoms == ("fever", "one_leg")
    late = datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc)
    store.add_entry(episode_id=episode.id, pain=4, logged_at=late, note='a, "b"\n[b]c', meds=True)
    entries = store.entries(episode.id)
    assert [(e.pain, e.meds) for e in entries] == [(6, False), (4, True)]
    assert entries[1].note == 'a, "b"\n[b]c'
    assert entries[1].day == date(2026, 11, 25)  # 23:30 UTC is still the 25th in London
    assert [s.key for s in store.symptoms(episode.id)] == ["fever", "one_leg"]
    session = store.add_session(
        episode_id=episode.id, kind="ice", name="ice", started_at=NOW, seconds_done=600
    )
    assert store.sessions(episode.id) == [session]


def test_checklist_and_settings(db_path: Path) -> None:
    store = Store.open(db_path)
    day = date(2026, 11, 25)
    assert store.bump_checklist(day, "water") == 1
    assert store.bump_checklist(day, "water", 2) == 3
    assert store.bump_checklist(day, "water", -5) == 0
    assert store.checklist(day) == {"water": 0}
    store.set_setting("bell", "off")
    store.set_setting("bell", "on")
    assert store.setting("bell") == "on"
    assert store.setting("missing", "x") == "x"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    path.write_bytes(os.urandom(4096))
    os.chmod(path, 0o644)
    before = digest(path)
    with pytest.raises(StoreError, match="not a coach database"):
        Store.open(path)
    assert digest(path) == before
    assert mode(path) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.db"]


def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    store = Store.open(good)
    for day in range(1, 28):
        store.start_episode(onset=date(2026, 2, day), now=NOW, pain=day % 11, note="x" * 500)
    store.close()
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wipe the schema page after the header
    damaged.write_bytes(bytes(data))
    before = digest(damaged)
    with pytest.raises(StoreError, match="damaged"):
        Store.open(damaged)
    assert digest(damaged) == before


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "diary.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer coach"):
        Store.open(path)


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "diary.db").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path / "diary.db")


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date, datetime, timezone
    from coach.store import Store

    path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = Store.open(path)
    episode = store.current_episode()
    for i in range(count):
        store.add_entry(
            episode_id=episode.id, pain=i % 11, note=f"{tag}-{i}",
            logged_at=datetime.now(timezone.utc),
        )
        print(i + 1, flush=True)
    """
)


def _seed(path: Path) -> None:
    store = Store.open(path)
    store.start_episode(onset=date(2026, 11, 24), now=NOW, pain=5)
    store.close()


def test_two_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    _seed(db_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), "150", tag], stdout=subprocess.DEVNULL
        )
        for tag in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = Store.open(db_path)
    notes = {e.note for e in store.entries(store.current_episode().id)}  # type: ignore[union-attr]
    assert {f"a-{i}" for i in range(150)} <= notes
    assert {f"b-{i}" for i in range(150)} <= notes


def test_sigkill_in_the_middle_of_writes_keeps_every_committed_row(db_path: Path) -> None:
    _seed(db_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), "100000", "k"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    committed = 0
    for line in proc.stdout:
        committed = int(line)
        if committed >= 200:
            break
    proc.kill()
    proc.wait(timeout=30)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    notes = {row[0] for row in conn.execute("SELECT note FROM entries")}
    assert {f"k-{i}" for i in range(committed)} <= notes
    conn.close()


def test_logging_pain_starts_an_episode_on_the_entrys_day_then_adds_to_it(db_path: Path) -> None:
    store = Store.open(db_path)
    late = datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)  # still the 24th in London
    first, _ = store.log_pain(pain=5, logged_at=late, note="first")
    assert first.onset == date(2026, 11, 24)
    again, entry = store.log_pain(pain=3, logged_at=NOW, meds=True, symptoms=["fever"])
    assert again == first and entry.episode_id == first.id
    assert [(e.pain, e.meds) for e in store.entries(first.id)] == [(5, False), (3, True)]
    assert [s.key for s in store.symptoms(first.id)] == ["fever"]
    store.close()
