"""Checking a JSON export (`parse_export`) and adding it to a diary (`import_document`).

Import is all or nothing: the file is checked completely first, every field by its
`coach.exchange.fields.Field`, then added in one transaction. Importing the same file
twice adds nothing: rows already present (the same `uid`; checklist days and settings
by their keys) are kept as they are; the store's `add_new` decides. Imported
episodes keep their `closed_at`; if that leaves two open episodes, the newest by
`started_at` is the current one (as `Store.current_episode` always decides).

Version 1 files (no stored days) are still read: their days are worked out in the
local time zone, as the database migration does.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from coach.content import RedFlag, red_flag_index
from coach.dates import parse_iso_date
from coach.exchange.fields import (
    ACTIVITY,
    CHECKIN,
    CHECKLIST,
    ENTRY,
    EPISODE,
    FORMAT,
    RATING,
    READABLE_VERSIONS,
    SESSION,
    SETTING,
    SYMPTOM,
    TEXT_LIMIT,
    VERSION,
    Field,
    Record,
)
from coach.store import Store, parse_utc, utc_iso
from coach.textsafe import first_unsafe, unsafe_problem
from coach.validate import PAIN_MESSAGE


class ExportFormatError(ValueError):
    """The file is not a usable coach export. The message follows the file's name:
    `f"{path} {error}"` reads as one sentence."""


# --- checking values ------------------------------------------------------------------


def _fail(where: str, problem: str) -> ExportFormatError:
    return ExportFormatError(f"is not a usable coach export: {where} {problem}")


def _object(value: Any, where: str, required: Iterable[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "must be an object")
    keys = set(required)
    missing = sorted(keys.difference(value))
    if missing:
        raise _fail(where, f"is missing {', '.join(repr(k) for k in missing)}")
    unknown = sorted(set(value).difference(keys))
    if unknown:
        raise _fail(where, f"has unknown field {', '.join(repr(k) for k in unknown)}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "must be a list")
    return value


def _text(value: Any, where: str, limit: int = TEXT_LIMIT, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise _fail(where, "must be text")
    if len(value) > limit:
        raise _fail(where, f"is {len(value):,} characters; the limit is {limit:,}")
    if not empty and not value:
        raise _fail(where, "must not be empty")
    char = first_unsafe(value)
    if char is not None:
        raise _fail(where, unsafe_problem(char))
    return value


def _whole(value: Any, where: str, low: int, high: int, message: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, message or f"must be a whole number from {low} to {high:,}")
    return value


def _pain(value: Any, where: str) -> int:
    return _whole(value, where, 0, 10, PAIN_MESSAGE.removeprefix("pain "))


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "must be true or false")
    return value


def _day_text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(where, "must be a date, YYYY-MM-DD")
    try:
        return parse_iso_date(value).isoformat()
    except ValueError:
        raise _fail(where, f"must be a date, YYYY-MM-DD (got {value[:40]!r})") from None


def _moment_text(value: Any, where: str) -> str:
    """A UTC time as the store writes it; returned in the store's exact form."""
    if isinstance(value, str) and value.endswith("Z") and len(value) <= 40:
        try:
            # strptime, not the store's fast parse_utc: a hand-edited file may drop a
            # leading zero or shorten the fraction, and still mean one exact moment.
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
            return utc_iso(moment.replace(tzinfo=timezone.utc))
        except ValueError:
            pass
    shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
    raise _fail(where, f"must be a UTC time like 2026-11-25T09:30:00.000000Z (got {shown})")


class _Uids:
    """Each uid may appear once per kind in a file."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {}

    def take(self, kind: str, uid: str, where: str) -> str:
        seen = self.seen.setdefault(kind, set())
        if uid in seen:
            raise _fail(where, f"repeats the {kind} uid {uid!r}")
        seen.add(uid)
        return uid


class _Reading:
    """What one file's checks need besides the values: the red-flag keys, the file's
    version, and the zone a version 1 file's days are worked out in."""

    def __init__(
        self, known: Mapping[str, RedFlag], version: int, zone: tzinfo | None = None
    ) -> None:
        self.known = known
        self.version = version
        self.zone = zone
        self.uids = _Uids()
        self._fields: dict[str, tuple[Field, ...]] = {}

    def fields(self, record: Record) -> tuple[Field, ...]:
        """The record's fields that files of this version have."""
        found = self._fields.get(record.table)
        if found is None:
            found = tuple(f for f in record.fields if f.since <= self.version)
            self._fields[record.table] = found
        return found

    def day(self, row: Mapping[str, Any], moment: str, where: str, extra: int = 0) -> str:
        """A stored day (version 2), or the local day of `moment` (version 1)."""
        if self.version >= 2:
            return _day_text(row["day"], f"{where}.day")
        try:
            shifted = parse_utc(moment) + timedelta(seconds=extra)
            return shifted.astimezone(self.zone).date().isoformat()
        except (OverflowError, ValueError):
            # At the very ends of the calendar: no usable day, and the date checks
            # (coach.importcheck) refuse the file with a plain message.
            return moment[:10]


def _value(field: Field, value: Any, where: str, reading: _Reading, kind: str) -> Any:
    """One field's value, checked as its `Field` says."""
    if field.optional and value is None:
        return None
    if field.kind in ("uid", "text"):
        text = _text(value, where, field.limit, empty=field.empty)
        return reading.uids.take(kind, text, where) if field.kind == "uid" else text
    if field.kind == "day":
        return _day_text(value, where)
    if field.kind == "moment":
        return _moment_text(value, where)
    if field.kind == "whole":
        return _whole(value, where, field.low, field.high)
    if field.kind == "pain":
        return _pain(value, where)
    return _flag(value, where)


def _record(
    record: Record, value: Any, where: str, reading: _Reading
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record of the file checked against its field table: (the record as the file
    has it, its checked fields). Fields newer than the file's version are left out (the
    caller works them out); a field that `may_be_absent` and is absent reads as null."""
    fields = reading.fields(record)
    present = value if isinstance(value, dict) else {}
    row = _object(
        value,
        where,
        (
            *(f.name for f in fields if not f.may_be_absent or f.name in present),
            *record.children,
        ),
    )
    clean = {
        f.name: _value(f, row.get(f.name), f"{where}.{f.name}", reading, record.kind)
        for f in fields
    }
    return row, clean


def _symptoms(
    value: Any, where: str, reading: _Reading, cleared: tuple[str | None, str | None]
) -> list[dict[str, Any]]:
    """Symptom reports; `cleared` is the episode's (cleared_at, cleared_on), which decides
    what a version 1 file's clearance covered (by the moments, as version 1 did)."""
    cleared_at, cleared_on = cleared
    result = []
    for index, item in enumerate(_list(value, where)):
        at = f"{where}[{index}]"
        row, clean = _record(SYMPTOM, item, at, reading)
        if clean["key"] not in reading.known:
            raise _fail(f"{at}.key", f"is an unknown symptom {clean['key']!r}")
        moment = clean["logged_at"]
        day = reading.day(row, moment, at)
        if reading.version >= 2:
            covered = clean["covered"]
        elif cleared_at is not None:
            covered = parse_utc(moment) <= parse_utc(cleared_at)
        else:
            covered = cleared_on is not None and day <= cleared_on
        result.append({**clean, "day": day, "covered": covered})
    return result


def _session(value: Any, where: str, reading: _Reading) -> dict[str, Any]:
    row, clean = _record(SESSION, value, where, reading)
    # A session keeps the day it ended.
    clean["day"] = reading.day(row, clean["started_at"], where, clean["seconds_done"])
    return clean


def _entry(
    value: Any, where: str, reading: _Reading, cleared: tuple[str | None, str | None]
) -> dict[str, Any]:
    row, clean = _record(ENTRY, value, where, reading)
    clean["day"] = reading.day(row, clean["logged_at"], where)
    clean["symptoms"] = _symptoms(row["symptoms"], f"{where}.symptoms", reading, cleared)
    return clean


def _episode(value: Any, where: str, reading: _Reading) -> dict[str, Any]:
    value, weekly = _split_checkins(value, where, reading)
    row, clean = _record(EPISODE, value, where, reading)
    cleared = (clean["cleared_at"], clean["cleared_on"])
    return {
        **clean,
        "symptoms": _symptoms(row["symptoms"], f"{where}.symptoms", reading, cleared),
        "entries": [
            _entry(item, f"{where}.entries[{i}]", reading, cleared)
            for i, item in enumerate(_list(row["entries"], f"{where}.entries"))
        ],
        "sessions": [
            _session(item, f"{where}.sessions[{i}]", reading)
            for i, item in enumerate(_list(row["sessions"], f"{where}.sessions"))
        ],
        **weekly,
    }


def _split_checkins(value: Any, where: str, reading: _Reading) -> tuple[Any, dict[str, Any]]:
    """Take an episode's optional "activities" and "checkins" (files written before
    check-ins existed have neither) out of it, checked."""
    if not isinstance(value, dict):
        return value, {}
    value = dict(value)
    activities_value = value.pop("activities", [])
    checkins_value = value.pop("checkins", [])
    activities = []
    names: set[str] = set()
    for index, item in enumerate(_list(activities_value, f"{where}.activities")):
        _, clean = _record(ACTIVITY, item, f"{where}.activities[{index}]", reading)
        names.add(clean["uid"])
        activities.append(clean)
    checkins = []
    for index, item in enumerate(_list(checkins_value, f"{where}.checkins")):
        at = f"{where}.checkins[{index}]"
        row, clean = _record(CHECKIN, item, at, reading)
        rated: list[dict[str, Any]] = []
        for r_index, rating in enumerate(_list(row["ratings"], f"{at}.ratings")):
            r_at = f"{at}.ratings[{r_index}]"
            _, r_clean = _record(RATING, rating, r_at, reading)
            uid = r_clean["activity"]
            if uid not in names:
                raise _fail(f"{r_at}.activity", f"is {uid!r}, not one of this episode's activities")
            if any(r["activity"] == uid for r in rated):
                raise _fail(r_at, f"rates the activity {uid!r} twice")
            rated.append(r_clean)
        checkins.append({**clean, "ratings": rated})
    return value, {"activities": activities, "checkins": checkins}


def parse_export(
    text: str, flags: Mapping[str, RedFlag] | None = None, zone: tzinfo | None = None
) -> dict[str, Any]:
    """Check a JSON export completely; return it cleaned (in this version's form), or
    raise ExportFormatError. `zone` is where a version 1 file's days are worked out
    (the system's local zone when None).

    Nothing is written here: a file with one bad value anywhere is refused whole.
    """
    known = red_flag_index() if flags is None else flags
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if not text.lstrip().startswith(("{", "[")):
            # A Markdown or CSV export, or any other text: say what import reads.
            raise ExportFormatError(
                "is not a coach export: coach import reads the JSON export "
                "(coach export --format json)"
            ) from None
        raise ExportFormatError(
            f"is not a coach export: not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})"
        ) from None
    except RecursionError:
        raise ExportFormatError(
            "is not a coach export: not valid JSON (nested too deeply)"
        ) from None
    except ValueError:
        # Python refuses integers of more than 4,300 digits while reading JSON.
        raise ExportFormatError(
            "is not a usable coach export: it holds a number with too many digits"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportFormatError(
            f'is not a coach export: it has no "format": "{FORMAT}" header '
            "(use a file from `coach export --format json`)"
        )
    version = data.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise ExportFormatError(
            f"is a coach export of version {json.dumps(version)}; this coach reads versions "
            f"{READABLE_VERSIONS[0]} to {VERSION}"
        )
    optional = {"exported_at", "coach_version"}
    required = {"format", "version", "episodes", "sessions", "checklist", "settings"}
    row = _object({k: v for k, v in data.items() if k not in optional}, "the file", required)
    reading = _Reading(known, version, zone)
    episodes = [
        _episode(item, f"episodes[{i}]", reading)
        for i, item in enumerate(_list(row["episodes"], "episodes"))
    ]
    sessions = [
        _session(item, f"sessions[{i}]", reading)
        for i, item in enumerate(_list(row["sessions"], "sessions"))
    ]
    checklist = []
    seen_days: set[tuple[str, str]] = set()
    for index, item in enumerate(_list(row["checklist"], "checklist")):
        at = f"checklist[{index}]"
        _, clean = _record(CHECKLIST, item, at, reading)
        pair = (str(clean["day"]), str(clean["item"]))
        if pair in seen_days:
            raise _fail(at, f"repeats {clean['item']!r} on {clean['day']}")
        seen_days.add(pair)
        checklist.append(clean)
    settings_value = row["settings"]
    if not isinstance(settings_value, dict):
        raise _fail("settings", "must be an object of text values")
    settings = {}
    key_field, value_field = SETTING.field("key"), SETTING.field("value")
    for key, value in settings_value.items():
        _value(key_field, key, "a settings key", reading, SETTING.kind)
        settings[key] = _value(value_field, value, f"settings[{key!r}]", reading, SETTING.kind)
    return {
        "format": FORMAT,
        "version": VERSION,
        "episodes": episodes,
        "sessions": sessions,
        "checklist": checklist,
        "settings": settings,
    }


# --- importing ----------------------------------------------------------------------------


@dataclass
class ImportCounts:
    episodes: int = 0
    entries: int = 0
    sessions: int = 0
    symptoms: int = 0
    checklist: int = 0
    settings: int = 0
    present: int = 0
    checkins: int = 0
    activities: int = 0

    @property
    def added(self) -> int:
        return (
            self.episodes
            + self.entries
            + self.sessions
            + self.symptoms
            + self.checklist
            + self.settings
            + self.checkins
            + self.activities
        )

    def summary(self) -> str:
        """'Imported 1 episode, 12 entries, 3 sessions, 2 checklist items, 0 settings;
        0 already present.'"""

        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        return (
            f"Imported {count(self.episodes, 'episode', 'episodes')}, "
            f"{count(self.entries, 'entry', 'entries')}, "
            f"{count(self.sessions, 'session', 'sessions')}, "
            f"{count(self.checklist, 'checklist item', 'checklist items')}, "
            f"{count(self.settings, 'setting', 'settings')}"
            + (
                f", {count(self.checkins, 'check-in', 'check-ins')}"
                if self.checkins or self.activities
                else ""
            )
            + "; "
            f"{self.present} already present."
        )


def _import_sessions(
    store: Store,
    sessions: Iterable[Mapping[str, Any]],
    episode_id: int | None,
    counts: ImportCounts,
) -> None:
    rows = [{**SESSION.values(s, int), "episode_id": episode_id} for s in sessions]
    _count(store.add_new(SESSION.table, rows), counts, "sessions")


def _count(ids: list[int | None], counts: ImportCounts, name: str) -> None:
    """Count the rows added (as `name`) and those already present."""
    added = sum(1 for rowid in ids if rowid is not None)
    setattr(counts, name, getattr(counts, name) + added)
    counts.present += len(ids) - added


def _symptom_row(
    episode_id: int, entry_id: int | None, symptom: Mapping[str, Any]
) -> dict[str, Any]:
    return {**SYMPTOM.values(symptom, int), "episode_id": episode_id, "entry_id": entry_id}


def _import_episode(store: Store, episode: Mapping[str, Any], counts: ImportCounts) -> None:
    """One episode with its entries, symptom reports and sessions.

    Symptom reports are numbered in the order they are added here. For an episode new
    to this diary, the reports its clearance covered go in first, then the clearance
    is set to cover exactly those, then the rest: a restored clearance covers what it
    covered before and nothing more. Reports added to an episode already here come
    after its clearance, so they are not covered by it.
    """
    [added] = store.add_new(EPISODE.table, [EPISODE.values(episode, int)])
    _count([added], counts, "episodes")
    new_episode = added is not None
    episode_id = added if added is not None else store.id_of(EPISODE.table, episode["uid"])
    assert episode_id is not None  # add_new found it here
    reports: list[tuple[dict[str, Any], bool]] = []
    # Symptoms from the intake, outside any entry: as many of each (key, time) as the
    # file has, counting those already here.
    have = Counter(store.intake_reports(episode_id))
    wanted: Counter[tuple[str, str]] = Counter()
    for symptom in episode["symptoms"]:
        pair = (symptom["key"], symptom["logged_at"])
        wanted[pair] += 1
        if wanted[pair] > have[pair]:
            reports.append((_symptom_row(episode_id, None, symptom), symptom["covered"]))
    entries = episode["entries"]
    entry_ids = store.add_new(
        ENTRY.table, [{**ENTRY.values(e, int), "episode_id": episode_id} for e in entries]
    )
    _count(entry_ids, counts, "entries")
    for entry, entry_id in zip(entries, entry_ids, strict=True):
        if entry_id is not None:
            for symptom in entry["symptoms"]:
                reports.append((_symptom_row(episode_id, entry_id, symptom), symptom["covered"]))
    cleared = new_episode and episode["cleared_on"] is not None
    store.add_reports(row for row, covered in reports if cleared and covered)
    if cleared:
        store.cover_reports_so_far(episode_id)
    store.add_reports(row for row, covered in reports if not (cleared and covered))
    counts.symptoms += len(reports)
    _import_sessions(store, episode["sessions"], episode_id, counts)
    _import_checkins(store, episode, episode_id, counts)


def _import_checkins(
    store: Store, episode: Mapping[str, Any], episode_id: int, counts: ImportCounts
) -> None:
    """Activities and check-ins new to this diary (by uid); those here stay as they are."""
    activities = [
        {**ACTIVITY.values(a, int), "episode_id": episode_id} for a in episode.get("activities", ())
    ]
    _count(store.add_new(ACTIVITY.table, activities), counts, "activities")
    checkins = list(episode.get("checkins", ()))
    checkin_ids = store.add_new(
        CHECKIN.table, [{**CHECKIN.values(c, int), "episode_id": episode_id} for c in checkins]
    )
    _count(checkin_ids, counts, "checkins")
    store.add_ratings(
        {
            "checkin_id": checkin_id,
            "activity_id": store.id_of(ACTIVITY.table, rating["activity"]),
            **RATING.values(rating, int),
        }
        for checkin, checkin_id in zip(checkins, checkin_ids, strict=True)
        if checkin_id is not None
        for rating in checkin["ratings"]
    )


def import_document(store: Store, document: Mapping[str, Any]) -> ImportCounts:
    """Add a checked export (`parse_export`) to the diary, in one transaction.

    Rows already present are left exactly as they are; see the module docstring.
    """
    try:
        return _import(store, document)
    except sqlite3.IntegrityError as error:
        # Rolled back whole by the transaction; the file does not fit this diary.
        raise ExportFormatError(
            f"does not fit this diary ({error}); nothing was imported"
        ) from None


def _import(store: Store, document: Mapping[str, Any]) -> ImportCounts:
    counts = ImportCounts()
    with store.transaction():
        for episode in document["episodes"]:
            _import_episode(store, episode, counts)
        _import_sessions(store, document["sessions"], None, counts)
        checklist = [CHECKLIST.values(row, int) for row in document["checklist"]]
        _count(store.add_new(CHECKLIST.table, checklist, ("day", "item")), counts, "checklist")
        settings = [{"key": key, "value": value} for key, value in document["settings"].items()]
        _count(store.add_new(SETTING.table, settings, ("key",)), counts, "settings")
    return counts
