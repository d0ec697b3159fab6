"""The one module that touches the database.

SQLite through sqlite-utils, in WAL mode with a busy timeout, the schema versioned
with `PRAGMA user_version` and migrated forward in one transaction per step. Every
user action is one transaction: it all lands or none of it does.

Instants are stored as UTC ISO-8601 strings, for ordering. Calendar days are stored
as they were meant (PRODUCT.md, "Time"): an entry keeps the local day it was logged
for, a session the day it ended, a symptom report the day of its entry, so changing
time zone never moves anything to another day. Symptom reports are numbered in the
order they were made (an AUTOINCREMENT id, never reused), and a clearance records the
last report it covers: a report added after it, whatever day it is dated, is not
covered.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

from coach.checkin import Activity, CheckIn, Rating
from coach.dbfile import SCHEMA_VERSION as KNOWN_VERSION
from coach.dbfile import StoreError, existing_version, prepare_location
from coach.model import DiaryEntry, Episode, Session, Symptom

BUSY_TIMEOUT_MS = 5000


# --- schema -----------------------------------------------------------------------


def _v1(db: sqlite3.Connection, zone: tzinfo | None = None) -> None:
    db.execute(
        """
        CREATE TABLE episodes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            onset TEXT NOT NULL,
            activity TEXT NOT NULL DEFAULT '',
            area TEXT NOT NULL DEFAULT '',
            side TEXT NOT NULL DEFAULT '',
            started_at TEXT NOT NULL,
            closed_at TEXT,
            recovered_on TEXT,
            cleared_on TEXT,
            cleared_at TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            episode_id INTEGER NOT NULL REFERENCES episodes(id),
            logged_at TEXT NOT NULL,
            pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
            area TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            meds INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT 'app'
        )"""
    )
    db.execute("CREATE INDEX entries_episode ON entries(episode_id, logged_at)")
    db.execute(
        """
        CREATE TABLE symptoms (
            id INTEGER PRIMARY KEY,
            episode_id INTEGER NOT NULL REFERENCES episodes(id),
            entry_id INTEGER REFERENCES entries(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            logged_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX symptoms_episode ON symptoms(episode_id)")
    db.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            episode_id INTEGER REFERENCES episodes(id),
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            started_at TEXT NOT NULL,
            seconds_done INTEGER NOT NULL DEFAULT 0,
            steps_done INTEGER NOT NULL DEFAULT 0,
            stopped_for_pain INTEGER NOT NULL DEFAULT 0,
            pain_before INTEGER,
            pain_after INTEGER
        )"""
    )
    db.execute("CREATE INDEX sessions_episode ON sessions(episode_id, started_at)")
    db.execute(
        """
        CREATE TABLE checklist (
            day TEXT NOT NULL,
            item TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (day, item)
        )"""
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v2(db: sqlite3.Connection, zone: tzinfo | None = None) -> None:
    """Stored days, and symptom reports numbered in the order they were made.

    v1 worked days out from the UTC instants in whatever zone the machine was in when
    a row was read. v2 stores them: each existing row gets the day it falls on in the
    current local zone (`zone`, the system's when None), once, so a user in the same
    zone sees exactly what v1 showed. Symptoms are rebuilt with an AUTOINCREMENT id
    (ids are never reused, so a clearance can record "every report up to this one"),
    and each clearance gets the last report it covered under v1's rule.
    """

    def day_of(text: str, extra_seconds: int = 0) -> str:
        moment = parse_utc(text) + timedelta(seconds=extra_seconds)
        return moment.astimezone(zone).date().isoformat()

    db.execute("ALTER TABLE entries ADD COLUMN day TEXT NOT NULL DEFAULT ''")
    db.executemany(
        "UPDATE entries SET day = ? WHERE id = ?",
        [(day_of(at), rowid) for rowid, at in db.execute("SELECT id, logged_at FROM entries")],
    )
    db.execute("DROP INDEX entries_episode")
    db.execute("CREATE INDEX entries_episode ON entries(episode_id, day, logged_at)")
    # A session keeps the day it ended: v1 kept its start and how long it ran.
    db.execute("ALTER TABLE sessions ADD COLUMN day TEXT NOT NULL DEFAULT ''")
    db.executemany(
        "UPDATE sessions SET day = ? WHERE id = ?",
        [
            (day_of(at, int(done)), rowid)
            for rowid, at, done in db.execute("SELECT id, started_at, seconds_done FROM sessions")
        ],
    )
    db.execute(
        """
        CREATE TABLE symptoms_v2 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            episode_id INTEGER NOT NULL REFERENCES episodes(id),
            entry_id INTEGER REFERENCES entries(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            logged_at TEXT NOT NULL,
            day TEXT NOT NULL
        )"""
    )
    entry_days = dict(db.execute("SELECT id, day FROM entries").fetchall())
    rows = db.execute(
        "SELECT id, episode_id, entry_id, key, logged_at FROM symptoms ORDER BY id"
    ).fetchall()
    db.executemany(
        "INSERT INTO symptoms_v2(id, episode_id, entry_id, key, logged_at, day)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (rowid, episode, entry, key, at, entry_days.get(entry) or day_of(at))
            for rowid, episode, entry, key, at in rows
        ],
    )
    db.execute("DROP TABLE symptoms")
    db.execute("ALTER TABLE symptoms_v2 RENAME TO symptoms")
    db.execute("CREATE INDEX symptoms_episode ON symptoms(episode_id)")
    db.execute("ALTER TABLE episodes ADD COLUMN cleared_through INTEGER")
    # v1 covered a report made at or before the clearance's moment. Reports are kept in
    # the order they were made (by id); the clearance covers the run of them, in that
    # order, that v1 covered, and nothing from the first one it did not cover on.
    for episode_id, cleared_at, cleared_on in db.execute(
        "SELECT id, cleared_at, cleared_on FROM episodes WHERE cleared_on IS NOT NULL"
    ).fetchall():
        through = 0
        for rowid, at, day in db.execute(
            "SELECT id, logged_at, day FROM symptoms WHERE episode_id = ? ORDER BY id", [episode_id]
        ).fetchall():
            covered = parse_utc(at) <= parse_utc(cleared_at) if cleared_at else day <= cleared_on
            if not covered:
                break
            through = rowid
        db.execute("UPDATE episodes SET cleared_through = ? WHERE id = ?", [through, episode_id])


def _v3(db: sqlite3.Connection, zone: tzinfo | None = None) -> None:
    """Weekly check-ins (PEG answers) and the person's own activities with their ratings."""
    db.execute(
        """
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            episode_id INTEGER NOT NULL REFERENCES episodes(id),
            name TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            retired_at TEXT
        )"""
    )
    db.execute("CREATE INDEX activities_episode ON activities(episode_id)")
    db.execute(
        """
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            episode_id INTEGER NOT NULL REFERENCES episodes(id),
            day TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
            enjoyment INTEGER NOT NULL CHECK (enjoyment BETWEEN 0 AND 10),
            activity INTEGER NOT NULL CHECK (activity BETWEEN 0 AND 10),
            source TEXT NOT NULL DEFAULT 'app'
        )"""
    )
    db.execute("CREATE INDEX checkins_episode ON checkins(episode_id, day)")
    db.execute(
        """
        CREATE TABLE ratings (
            checkin_id INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
            activity_id INTEGER NOT NULL REFERENCES activities(id),
            score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
            PRIMARY KEY (checkin_id, activity_id)
        )"""
    )


# Each function moves the schema from version N to N+1, on the plain sqlite3 connection
# (a new diary is created without sqlite-utils). Never edit a released one: add the next.
def _v4(db: sqlite3.Connection, zone: tzinfo | None = None) -> None:
    """Sessions keep their planned length, so a session counts for the checklist and
    streaks only when at least half of it was done (coach.plan.counts). Older sessions
    keep NULL: their plan is unknown, and they go on counting."""
    db.execute("ALTER TABLE sessions ADD COLUMN planned_seconds INTEGER")


MIGRATIONS: list[Callable[[sqlite3.Connection, tzinfo | None], None]] = [_v1, _v2, _v3, _v4]
# coach.dbfile checks files against this before sqlite-utils is even imported;
# tests/unit/test_store.py checks it matches len(MIGRATIONS).
SCHEMA_VERSION = KNOWN_VERSION


# --- time helpers -------------------------------------------------------------------


def utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    utc = moment.astimezone(timezone.utc)
    # Not strftime("%Y"): it does not pad years below 1000, which fromisoformat refuses.
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S.%f}Z"


def parse_utc(text: str) -> datetime:
    # Python 3.11 reads the trailing "Z" as UTC; many times faster than strptime, which
    # dominated reading a ten-year diary.
    return datetime.fromisoformat(text)


def insert_row(db: sqlite_utils.Database, table: str, row: Mapping[str, Any]) -> int:
    """Insert one row and return its rowid."""
    pk = db.table(table).insert(dict(row)).last_pk
    if not isinstance(pk, int):
        raise RuntimeError(f"no rowid for the new row in {table}")
    return pk


def _only(after: int, ids: Sequence[int] | None, column: str = "id") -> tuple[str, list[int]]:
    """The SQL condition on `column` for rows after `after`, or in `ids` (a fixed
    column name from this module, never from input)."""
    if ids is not None:
        return f" AND {column} IN ({', '.join('?' * len(ids))})", list(ids)
    if after:
        return f" AND {column} > ?", [after]
    return "", []


def _uid() -> str:
    return os.urandom(16).hex()


def _opt_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class Store:
    """The diary database. Safe to share between threads: calls are serialised."""

    def __init__(self, conn: sqlite3.Connection, path: Path, zone: tzinfo | None = None) -> None:
        # Reads use the plain connection: opening a diary and drawing Today needs no
        # sqlite-utils (0.1 s of imports). It comes in with the first write (`db`).
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self.path = path
        # The local zone a migration uses to fill stored days (None: the system's).
        self.zone = zone
        self._lock = threading.RLock()

    @property
    def db(self) -> sqlite_utils.Database:
        """The connection as a sqlite-utils Database, for writes (imported on first use)."""
        with self._lock:
            if self._db is None:
                import sqlite_utils

                self._db = sqlite_utils.Database(self.conn)
            return self._db

    @classmethod
    def open(cls, path: Path, zone: tzinfo | None = None) -> Store:
        """Open (creating and migrating if needed) the database at `path`.

        `zone` is the local time zone an old diary's days are filled in from, once, when
        it is migrated (the system's local zone when None)."""
        path = Path(path)
        prepare_location(path)
        store = cls(cls._connect(path), path, zone)
        try:
            store.migrate()
        except sqlite3.DatabaseError as error:
            store.conn.close()
            raise StoreError(f"cannot prepare the database {path}: {error}") from error
        return store

    @classmethod
    def open_current(cls, path: Path) -> Store | None:
        """The quick way in: an existing diary already at the current schema, or the
        empty file `coach` makes before the app starts, opened with the standard
        library alone. None when the file is missing, not a regular file, or needs
        migrating: `open` does that (and reports trouble)."""
        path = Path(path)
        if not path.is_file():
            return None
        prepare_location(path)
        empty = path.stat().st_size == 0
        store = cls(cls._connect(path), path)
        if empty and store.version == 0:
            # The empty file `coach` makes before the app starts: a new diary, created
            # here in a few milliseconds on the plain connection.
            try:
                store.migrate()
            except sqlite3.DatabaseError:
                store.conn.close()
                return None
        if store.version != SCHEMA_VERSION:
            store.conn.close()
            return None
        return store

    @classmethod
    def open_for_reading(cls, path: Path) -> Store:
        """Open the database for a command that reads; an empty one if there is no diary
        yet (no file, a dangling symlink, an empty file).

        The empty one lives in memory: reading never creates, initialises or chmods a
        file, and anything but a regular file (a device, a FIFO) is refused before it is
        opened. An older diary is upgraded, as every command does."""
        path = Path(path)
        version = existing_version(path)
        if version is None:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            store = cls(conn, path)
            store.migrate()
            return store
        if version < SCHEMA_VERSION:
            return cls.open(path)
        # mode=rw: never creates the file, even if it went away since the check.
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return cls(conn, path)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                str(path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open the database {path}: {error}") from error
        return conn

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Apply every missing migration up to `target`, each in its own transaction.

        A diary already at `target` is only read (no write lock, no sqlite-utils)."""
        with self._lock:
            if self.version >= target:
                return
            while True:
                with self._begin():  # the plain connection: no sqlite-utils to import
                    current = self.version
                    if current >= target:
                        return
                    MIGRATIONS[current](self.conn, self.zone)
                    self.conn.execute(f"PRAGMA user_version = {current + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One user action: everything inside commits together or not at all."""
        with self._begin():
            yield self.db

    @contextmanager
    def _begin(self) -> Iterator[None]:
        """A transaction on the plain connection (nested: the outer one owns it)."""
        with self._lock:
            conn = self.conn
            if conn.in_transaction:
                yield
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """The rows of a query, as dicts by column name."""
        with self._lock:
            cursor = self.conn.execute(sql, list(params))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- episodes -------------------------------------------------------------------

    @staticmethod
    def _episode(row: dict[str, Any]) -> Episode:
        return Episode(
            id=row["id"],
            onset=date.fromisoformat(row["onset"]),
            activity=row["activity"],
            area=row["area"],
            side=row["side"],
            started_at=parse_utc(row["started_at"]),
            closed_at=parse_utc(row["closed_at"]) if row["closed_at"] else None,
            recovered_on=_opt_date(row["recovered_on"]),
            cleared_on=_opt_date(row["cleared_on"]),
            cleared_at=parse_utc(row["cleared_at"]) if row["cleared_at"] else None,
            cleared_through=row["cleared_through"],
        )

    def current_episode(self) -> Episode | None:
        """The open episode (the newest one not closed), if any."""
        rows = self.rows(
            "SELECT * FROM episodes WHERE closed_at IS NULL"
            " ORDER BY started_at DESC, id DESC LIMIT 1"
        )
        return self._episode(rows[0]) if rows else None

    def episodes(self) -> list[Episode]:
        """Every episode, newest first."""
        return [
            self._episode(r)
            for r in self.rows("SELECT * FROM episodes ORDER BY started_at DESC, id DESC")
        ]

    def start_episode(
        self,
        *,
        onset: date,
        now: datetime,
        pain: int,
        activity: str = "",
        area: str = "",
        side: str = "",
        symptoms: Iterable[str] = (),
        intake_symptoms: Iterable[str] = (),
        note: str = "",
        meds: bool = False,
        source: str = "intake",
        entry_at: datetime | None = None,
        entry_day: date | None = None,
    ) -> tuple[Episode, DiaryEntry]:
        """Close the open episode (kept, never deleted), open a new one with its first entry.

        `symptoms` belong to that first entry (as when `coach log` starts an episode);
        `intake_symptoms` are the intake's answers and belong to the episode itself, so
        editing or deleting the first entry never takes them away.
        """
        with self.transaction() as db:
            db.execute("UPDATE episodes SET closed_at = ? WHERE closed_at IS NULL", [utc_iso(now)])
            episode_id = insert_row(
                db,
                "episodes",
                {
                    "uid": _uid(),
                    "onset": onset.isoformat(),
                    "activity": activity,
                    "area": area,
                    "side": side,
                    "started_at": utc_iso(now),
                },
            )
            entry = self.add_entry(
                episode_id=int(episode_id),
                pain=pain,
                logged_at=entry_at or now,
                day=entry_day,
                area=area,
                note=note,
                meds=meds,
                symptoms=symptoms,
                source=source,
                reported_at=now,
            )
            for key in dict.fromkeys(intake_symptoms):
                insert_row(
                    db,
                    "symptoms",
                    {
                        "episode_id": episode_id,
                        "entry_id": None,
                        "key": key,
                        "logged_at": utc_iso(now),
                        "day": entry.day.isoformat(),
                    },
                )
            episode = self._episode(
                self.rows("SELECT * FROM episodes WHERE id = ?", [episode_id])[0]
            )
        return episode, entry

    def log_pain(
        self,
        *,
        pain: int,
        logged_at: datetime,
        day: date | None = None,
        reported_at: datetime | None = None,
        area: str = "",
        note: str = "",
        meds: bool = False,
        symptoms: Iterable[str] = (),
        source: str = "app",
    ) -> tuple[Episode, DiaryEntry]:
        """Add an entry to the open episode, or start one on the entry's day if there is
        none (PRODUCT.md: logging with no episode yet starts one). One transaction.

        `day` is the calendar day the entry is for (the date of `logged_at` when None);
        `reported_at` is when it was reported (`logged_at` when None)."""
        day = day or logged_at.date()
        with self.transaction():
            episode = self.current_episode()
            if episode is None:
                return self.start_episode(
                    onset=day,
                    now=reported_at or logged_at,
                    entry_at=logged_at,
                    entry_day=day,
                    pain=pain,
                    area=area,
                    note=note,
                    meds=meds,
                    symptoms=symptoms,
                    source=source,
                )
            entry = self.add_entry(
                episode_id=episode.id,
                pain=pain,
                logged_at=logged_at,
                day=day,
                reported_at=reported_at,
                area=area,
                note=note,
                meds=meds,
                symptoms=symptoms,
                source=source,
            )
        return episode, entry

    def set_cleared(self, episode_id: int, at: datetime) -> None:
        """Record that a clinician cleared the person to exercise, at the local moment `at`.

        The clearance covers every symptom report made before it, and none made after,
        whatever day those are dated: it records the number of the last report so far
        (report numbers are never reused)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE episodes SET cleared_on = ?, cleared_at = ?, cleared_through = ?"
                " WHERE id = ?",
                [at.date().isoformat(), utc_iso(at), self.last_report(), episode_id],
            )

    def last_report(self) -> int:
        """The number of the latest symptom report ever made in this diary (0: none)."""
        row = self.conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'symptoms'"
        ).fetchone()
        return int(row[0]) if row else 0

    def set_recovered(self, episode_id: int, day: date | None) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE episodes SET recovered_on = ? WHERE id = ?",
                [day.isoformat() if day else None, episode_id],
            )

    # --- diary entries --------------------------------------------------------------

    def add_entry(
        self,
        *,
        episode_id: int,
        pain: int,
        logged_at: datetime,
        day: date | None = None,
        area: str = "",
        note: str = "",
        meds: bool = False,
        symptoms: Iterable[str] = (),
        source: str = "app",
        reported_at: datetime | None = None,
    ) -> DiaryEntry:
        """Add one diary entry and its symptoms in one transaction.

        `day` is the calendar day it is for (the date of the aware local `logged_at`
        when None); `reported_at` is when its symptoms were reported (`logged_at` when
        None): an entry back-dated with `--date` still reports them now."""
        if not 0 <= pain <= 10:
            raise ValueError("pain must be a whole number from 0 to 10")
        keys = tuple(dict.fromkeys(symptoms))
        day = day or logged_at.date()
        reported = utc_iso(reported_at or logged_at)
        with self.transaction() as db:
            entry_id = insert_row(
                db,
                "entries",
                {
                    "uid": _uid(),
                    "episode_id": episode_id,
                    "logged_at": utc_iso(logged_at),
                    "day": day.isoformat(),
                    "pain": pain,
                    "area": area,
                    "note": note,
                    "meds": int(meds),
                    "source": source,
                },
            )
            for key in keys:
                insert_row(
                    db,
                    "symptoms",
                    {
                        "episode_id": episode_id,
                        "entry_id": entry_id,
                        "key": key,
                        "logged_at": reported,
                        "day": day.isoformat(),
                    },
                )
        return DiaryEntry(
            id=int(entry_id),
            episode_id=episode_id,
            logged_at=parse_utc(utc_iso(logged_at)),
            day=day,
            pain=pain,
            area=area,
            note=note,
            meds=meds,
            source=source,
            symptoms=keys,
        )

    def entries(
        self,
        episode_id: int,
        *,
        after_id: int = 0,
        ids: Sequence[int] | None = None,
        since: date | None = None,
    ) -> list[DiaryEntry]:
        """Every entry of an episode, oldest first; or only those added after the entry
        `after_id` (a new entry always has a higher id), or only those in `ids`, or
        only those of `since` and later days."""
        where, only = _only(after_id, ids)
        params: list[object] = [*only]
        if since is not None:
            where += " AND day >= ?"
            params.append(since.isoformat())
        with self._lock:
            symptoms: dict[int, list[str]] = {}
            for entry_id, key in self.conn.execute(
                "SELECT entry_id, key FROM symptoms WHERE episode_id = ? AND entry_id IS NOT NULL"
                + _only(after_id, ids, "entry_id")[0]
                + " ORDER BY id",
                [episode_id, *only],
            ):
                symptoms.setdefault(entry_id, []).append(key)
            rows = self.conn.execute(
                "SELECT id, episode_id, logged_at, day, pain, area, note, meds, source"
                " FROM entries WHERE episode_id = ?" + where + " ORDER BY day, logged_at, id",
                [episode_id, *params],
            ).fetchall()
        # Rows as tuples and entries built by position, with the parsers called
        # directly (parse_utc is datetime.fromisoformat): a ten-year episode is read at
        # start-up, and this is most of that time (bench/startup.py).
        day_of = date.fromisoformat
        moment_of = datetime.fromisoformat
        keys = {entry_id: tuple(found) for entry_id, found in symptoms.items()}
        return [
            DiaryEntry(
                entry_id,
                episode,
                moment_of(logged_at),
                day_of(day),
                pain,
                area,
                note,
                bool(meds),
                source,
                keys.get(entry_id, ()),
            )
            for entry_id, episode, logged_at, day, pain, area, note, meds, source in rows
        ]

    def entry_days(self, episode_id: int) -> list[tuple[date, int, bool]]:
        """Each entry's day, pain and whether pain relief was taken, in day order: all
        the safety rules read from the entries, few enough columns to read years of
        them at start-up (coach.actions reads the entries themselves afterwards)."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT day, pain, meds FROM entries WHERE episode_id = ? ORDER BY day",
                [episode_id],
            ).fetchall()
        day_of = date.fromisoformat
        return [(day_of(day), pain, bool(meds)) for day, pain, meds in rows]

    def reading(self) -> AbstractContextManager[object]:
        """Hold this to read several tables with no action writing in between."""
        return self._lock

    def update_entry(
        self,
        entry_id: int,
        *,
        pain: int,
        area: str,
        note: str,
        meds: bool,
        symptoms: Iterable[str],
        now: datetime | None = None,
    ) -> None:
        """Change an entry and its symptoms, in one transaction. Its time and day stay.

        A symptom that stays ticked keeps its report; one newly ticked is a new report,
        made at `now` (so a clearance made before the edit does not cover it); one
        unticked is removed."""
        if not 0 <= pain <= 10:
            raise ValueError("pain must be a whole number from 0 to 10")
        keys = tuple(dict.fromkeys(symptoms))
        with self.transaction() as db:
            row = db.execute(
                "SELECT episode_id, logged_at, day FROM entries WHERE id = ?", [entry_id]
            ).fetchone()
            if row is None:
                raise KeyError(f"no diary entry {entry_id}")
            db.execute(
                "UPDATE entries SET pain = ?, area = ?, note = ?, meds = ? WHERE id = ?",
                [pain, area, note, int(meds), entry_id],
            )
            before = {
                key
                for (key,) in db.execute(
                    "SELECT key FROM symptoms WHERE entry_id = ?", [entry_id]
                ).fetchall()
            }
            for key in before.difference(keys):
                db.execute("DELETE FROM symptoms WHERE entry_id = ? AND key = ?", [entry_id, key])
            for key in keys:
                if key in before:
                    continue
                insert_row(
                    db,
                    "symptoms",
                    {
                        "episode_id": row[0],
                        "entry_id": entry_id,
                        "key": key,
                        "logged_at": utc_iso(now) if now is not None else row[1],
                        "day": row[2],
                    },
                )

    def delete_entry(self, entry_id: int) -> None:
        """Delete one entry and its symptoms, in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM symptoms WHERE entry_id = ?", [entry_id])
            db.execute("DELETE FROM entries WHERE id = ?", [entry_id])

    def symptoms(
        self, episode_id: int, *, after_seq: int = 0, entry_ids: Sequence[int] | None = None
    ) -> list[Symptom]:
        """Every symptom recorded in an episode, from the intake and from entries, in the
        order reported; or only those reported after `after_seq`, or only those of the
        entries `entry_ids`."""
        if entry_ids is not None:
            where, params = _only(0, entry_ids, "entry_id")
        else:
            where, params = _only(after_seq, None)
        return [
            Symptom(
                key=r["key"],
                day=date.fromisoformat(r["day"]),
                entry_id=r["entry_id"],
                logged_at=parse_utc(r["logged_at"]),
                seq=r["id"],
            )
            for r in self.rows(
                "SELECT * FROM symptoms WHERE episode_id = ?" + where + " ORDER BY id",
                [episode_id, *params],
            )
        ]

    # --- sessions -------------------------------------------------------------------

    def add_session(
        self,
        *,
        episode_id: int | None,
        kind: str,
        name: str,
        started_at: datetime,
        seconds_done: int,
        steps_done: int = 0,
        stopped_for_pain: bool = False,
        pain_before: int | None = None,
        pain_after: int | None = None,
        day: date | None = None,
        planned_seconds: int | None = None,
    ) -> Session:
        """Save a session. `day` is the day it ended (by default the local date of the
        aware `started_at` plus `seconds_done`)."""
        day = day or (started_at + timedelta(seconds=seconds_done)).date()
        with self.transaction() as db:
            session_id = insert_row(
                db,
                "sessions",
                {
                    "uid": _uid(),
                    "episode_id": episode_id,
                    "kind": kind,
                    "name": name,
                    "started_at": utc_iso(started_at),
                    "day": day.isoformat(),
                    "seconds_done": seconds_done,
                    "steps_done": steps_done,
                    "stopped_for_pain": int(stopped_for_pain),
                    "pain_before": pain_before,
                    "pain_after": pain_after,
                    "planned_seconds": planned_seconds,
                },
            )
        return Session(
            id=int(session_id),
            episode_id=episode_id,
            kind=kind,
            name=name,
            started_at=parse_utc(utc_iso(started_at)),
            day=day,
            seconds_done=seconds_done,
            steps_done=steps_done,
            stopped_for_pain=stopped_for_pain,
            pain_before=pain_before,
            pain_after=pain_after,
            planned_seconds=planned_seconds,
        )

    def sessions(self, episode_id: int, *, after_id: int = 0) -> list[Session]:
        """Every session of an episode in the order started; or those added after `after_id`."""
        where, params = _only(after_id, None)
        result = []
        for row in self.rows(
            "SELECT * FROM sessions WHERE episode_id = ?" + where + " ORDER BY started_at, id",
            [episode_id, *params],
        ):
            result.append(
                Session(
                    id=row["id"],
                    episode_id=row["episode_id"],
                    kind=row["kind"],
                    name=row["name"],
                    started_at=parse_utc(row["started_at"]),
                    day=date.fromisoformat(row["day"]),
                    seconds_done=row["seconds_done"],
                    steps_done=row["steps_done"],
                    stopped_for_pain=bool(row["stopped_for_pain"]),
                    pain_before=row["pain_before"],
                    pain_after=row["pain_after"],
                    planned_seconds=row["planned_seconds"],
                )
            )
        return result

    # --- checklist and settings -----------------------------------------------------

    def checklist(self, day: date) -> dict[str, int]:
        return {
            r["item"]: r["count"]
            for r in self.rows("SELECT item, count FROM checklist WHERE day = ?", [day.isoformat()])
        }

    def bump_checklist(self, day: date, item: str, delta: int = 1) -> int:
        """Add `delta` (never below zero) to a checklist counter; return the new count."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO checklist(day, item, count) VALUES (?, ?, max(0, ?))"
                " ON CONFLICT(day, item) DO UPDATE SET count = max(0, count + ?)",
                [day.isoformat(), item, delta, delta],
            )
            row = db.execute(
                "SELECT count FROM checklist WHERE day = ? AND item = ?", [day.isoformat(), item]
            ).fetchone()
        return int(row[0])

    def settings(self, keys: Iterable[str]) -> dict[str, str]:
        """The stored values of `keys` (those set), in one query."""
        keys = list(keys)
        return {
            r["key"]: r["value"]
            for r in self.rows(
                f"SELECT key, value FROM settings WHERE key IN ({', '.join('?' * len(keys))})",
                keys,
            )
        }

    def setting(self, key: str, default: str | None = None) -> str | None:
        rows = self.rows("SELECT value FROM settings WHERE key = ?", [key])
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # --- weekly check-ins and activities ---------------------------------------------

    def activities(self, episode_id: int, *, retired: bool = False) -> list[Activity]:
        """The episode's activities in their order; the replaced ones too when `retired`."""
        sql = "SELECT * FROM activities WHERE episode_id = ?"
        if not retired:
            sql += " AND retired_at IS NULL"
        return [
            Activity(
                id=r["id"],
                name=r["name"],
                position=r["position"],
                retired=r["retired_at"] is not None,
                uid=r["uid"],
            )
            for r in self.rows(sql + " ORDER BY position, id", [episode_id])
        ]

    def rename_activity(self, activity_id: int, name: str) -> None:
        """Rename an activity; its ratings stay with it (the same activity, new words)."""
        with self.transaction() as db:
            db.execute("UPDATE activities SET name = ? WHERE id = ?", [name, activity_id])

    def replace_activity(self, activity_id: int, name: str, now: datetime) -> Activity:
        """Retire an activity and put a new one, rated from scratch, in its place."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT episode_id, position FROM activities WHERE id = ?", [activity_id]
            ).fetchone()
            if row is None:
                raise KeyError(f"no activity {activity_id}")
            db.execute(
                "UPDATE activities SET retired_at = ? WHERE id = ?", [utc_iso(now), activity_id]
            )
            new_id = insert_row(
                db,
                "activities",
                {
                    "uid": _uid(),
                    "episode_id": row[0],
                    "name": name,
                    "position": row[1],
                    "created_at": utc_iso(now),
                },
            )
        return Activity(id=new_id, name=name, position=row[1])

    def add_checkin(
        self,
        *,
        episode_id: int,
        day: date,
        at: datetime,
        pain: int,
        enjoyment: int,
        activity: int,
        goals: Iterable[tuple[str, int]] = (),
        source: str = "app",
    ) -> CheckIn:
        """Save one check-in with its activities' ratings, in one transaction.

        `goals` are (name, score): a name the episode already has (any case) rates that
        activity; a new name adds an activity. When that would make more than three,
        the activities not rated this time are replaced, oldest first."""
        from coach.checkin import MAX_ACTIVITIES, check_answer

        for value, what in ((pain, "pain"), (enjoyment, "enjoyment"), (activity, "activity")):
            check_answer(value, what)
        goals = list(goals)
        for _, score in goals:
            check_answer(score, "an activity's score")
        if len(goals) > MAX_ACTIVITIES:
            raise ValueError(f"at most {MAX_ACTIVITIES} activities")
        if len({name.casefold() for name, _ in goals}) < len(goals):
            raise ValueError("each activity is rated once")
        with self.transaction() as db:
            active = {a.name.casefold(): a for a in self.activities(episode_id)}
            rated: list[tuple[Activity, int]] = []
            kept = {name.casefold() for name, _ in goals}
            spare = [a for key, a in active.items() if key not in kept]
            room = MAX_ACTIVITIES - len(active)
            position = max((a.position for a in active.values()), default=-1) + 1
            for name, score in goals:
                existing = active.get(name.casefold())
                if existing is not None:
                    rated.append((existing, score))
                    continue
                if room > 0:
                    room -= 1
                    new_id = insert_row(
                        db,
                        "activities",
                        {
                            "uid": _uid(),
                            "episode_id": episode_id,
                            "name": name,
                            "position": position,
                            "created_at": utc_iso(at),
                        },
                    )
                    rated.append((Activity(id=new_id, name=name, position=position), score))
                    position += 1
                else:
                    old = spare.pop(0)
                    rated.append((self.replace_activity(old.id, name, at), score))
            checkin_id = insert_row(
                db,
                "checkins",
                {
                    "uid": _uid(),
                    "episode_id": episode_id,
                    "day": day.isoformat(),
                    "answered_at": utc_iso(at),
                    "pain": pain,
                    "enjoyment": enjoyment,
                    "activity": activity,
                    "source": source,
                },
            )
            for item, score in rated:
                insert_row(
                    db,
                    "ratings",
                    {"checkin_id": checkin_id, "activity_id": item.id, "score": score},
                )
        return CheckIn(
            id=checkin_id,
            episode_id=episode_id,
            day=day,
            pain=pain,
            enjoyment=enjoyment,
            activity=activity,
            ratings=tuple(Rating(a.id, a.name, s) for a, s in rated),
        )

    def checkins(self, episode_id: int) -> list[CheckIn]:
        """Every check-in of an episode, oldest first, with the activities' current names."""
        ratings: dict[int, list[Rating]] = {}
        for r in self.rows(
            "SELECT r.checkin_id, r.activity_id, r.score, a.name FROM ratings r"
            " JOIN activities a ON a.id = r.activity_id WHERE a.episode_id = ?"
            " ORDER BY a.position, a.id",
            [episode_id],
        ):
            ratings.setdefault(r["checkin_id"], []).append(
                Rating(r["activity_id"], r["name"], r["score"])
            )
        return [
            CheckIn(
                id=r["id"],
                episode_id=r["episode_id"],
                day=date.fromisoformat(r["day"]),
                pain=r["pain"],
                enjoyment=r["enjoyment"],
                activity=r["activity"],
                ratings=tuple(ratings.get(r["id"], ())),
                uid=r["uid"],
            )
            for r in self.rows(
                "SELECT * FROM checkins WHERE episode_id = ? ORDER BY day, answered_at, id",
                [episode_id],
            )
        ]

    # --- rows from an export (coach.exchange.importing), matched by their keys ----------

    def add_new(
        self, table: str, rows: Iterable[Mapping[str, Any]], key: tuple[str, ...] = ("uid",)
    ) -> list[int | None]:
        """Insert, in order, the rows whose `key` (their unique uid, or the table's
        primary key) is not here yet: sqlite-utils `insert_all(..., ignore=True)`. For
        each row, its new rowid, or None when a row with its key was here already (that
        one is kept exactly as it is)."""
        records = [dict(row) for row in rows]
        if not records:
            return []
        names = ", ".join(key)
        with self.transaction() as db:
            # New rows take rowids above the largest so far (coach never sets one).
            before = self.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()
            db.table(table).insert_all(records, ignore=True)
            added = {
                tuple(found[1:]): int(found[0])
                for found in self.conn.execute(
                    f"SELECT rowid, {names} FROM {table} WHERE rowid > ?", before
                )
            }
            result: list[int | None] = []
            where = " AND ".join(f"{name} = ?" for name in key)
            for record in records:
                values = tuple(record[name] for name in key)
                rowid = added.get(values)
                # OR IGNORE also skips a row that a NOT NULL or CHECK constraint refuses:
                # only a row already here under the same key counts as present.
                if rowid is None and (
                    self.conn.execute(f"SELECT 1 FROM {table} WHERE {where}", values).fetchone()
                    is None
                ):
                    raise sqlite3.IntegrityError(f"a row for {table} was refused")
                result.append(rowid)
        return result

    def id_of(self, table: str, uid: str) -> int | None:
        """The rowid of the row with this uid, or None."""
        row = self.conn.execute(f"SELECT id FROM {table} WHERE uid = ?", [uid]).fetchone()
        return int(row[0]) if row else None

    def intake_reports(self, episode_id: int) -> list[tuple[str, str]]:
        """(key, logged_at) of each symptom report from the intake, outside any entry."""
        return [
            (str(key), str(logged_at))
            for key, logged_at in self.conn.execute(
                "SELECT key, logged_at FROM symptoms WHERE episode_id = ? AND entry_id IS NULL",
                [episode_id],
            ).fetchall()
        ]

    def add_reports(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Add symptom reports; each takes the next number in the order of reporting."""
        records = [dict(row) for row in rows]
        if records:
            with self.transaction() as db:
                db.table("symptoms").insert_all(records)

    def cover_reports_so_far(self, episode_id: int) -> None:
        """Make the episode's clearance cover every symptom report made so far (an
        imported clearance: its date and time come with the episode)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE episodes SET cleared_through = ? WHERE id = ?",
                [self.last_report(), episode_id],
            )

    def add_ratings(self, rows: Iterable[Mapping[str, Any]]) -> None:
        records = [dict(row) for row in rows]
        if records:
            with self.transaction() as db:
                db.table("ratings").insert_all(records)
