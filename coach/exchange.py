"""Export the diary (JSON, CSV, Markdown) and import a JSON export back.

* JSON holds everything the database holds (episodes with their symptoms, entries
  and sessions; sessions outside any episode; the daily checklist; the settings),
  under a `"format": "coach-export", "version": 2` header. Rows are matched by
  their `uid`, never by their rowid, so an export can go into any diary. Entries,
  sessions and symptom reports carry their stored `day`; each symptom report says
  whether the episode's clearance `covered` it, so a restored clearance covers
  exactly the reports it covered before, and nothing imported into an episode that
  is already here is covered by that episode's clearance. Version 1 files (no stored
  days) are still read: their days are worked out in the local time zone, as the
  database migration does.
* CSV is the diary entries as one table, written with the csv module, so any note
  (commas, quotes, newlines, any Unicode) reads back as it was.
* Markdown is a summary a person can hand to a physiotherapist. Every piece of text
  the person typed is escaped, so it shows literally and cannot break a table.

Import is all or nothing: the file is checked completely first (`parse_export`),
then added in one transaction (`import_document`). Importing the same file twice
adds nothing: episodes, entries and sessions already present (same `uid`) are kept
as they are, and so are checklist days and settings already set here. Imported
episodes keep their `closed_at`; if that leaves two open episodes, the newest by
`started_at` is the current one (as `Store.current_episode` always decides).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from coach import __version__
from coach.content import SYMPTOM_LEVEL_WORDS, RedFlag, red_flag_index
from coach.dates import long_day, parse_iso_date, short_day
from coach.model import LEVEL_MARKS, DiaryEntry, Episode, SafetyWarning, Session, Symptom
from coach.store import Store, insert_row, parse_utc, utc_iso
from coach.textsafe import csv_cell, first_unsafe, json_safe, shown, unsafe_problem
from coach.validate import NOTE_LIMIT, PAIN_MESSAGE

FORMAT = "coach-export"
VERSION = 2
# Older versions this coach still reads.
READABLE_VERSIONS = (1, 2)
# Longest text accepted on import for short fields (activity, area, names, settings).
TEXT_LIMIT = 10_000
# Largest count accepted on import (seconds, steps, checklist counts).
COUNT_LIMIT = 2**31 - 1

CSV_COLUMNS = (
    "episode_onset",
    "logged_at_utc",
    "local_day",
    "pain",
    "area",
    "pain_relief",
    "symptoms",
    "note",
    "source",
)
SPARKS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"
SPARK_DAYS = 90
# The columns of an episode as the export carries them (and the import writes them).
EPISODE_COLUMNS = (
    "uid",
    "onset",
    "activity",
    "area",
    "side",
    "started_at",
    "closed_at",
    "recovered_on",
    "cleared_on",
    "cleared_at",
)


class ExportFormatError(ValueError):
    """The file is not a usable coach export. The message follows the file's name:
    `f"{path} {error}"` reads as one sentence."""


# --- reading rows -------------------------------------------------------------------


# --- JSON export ----------------------------------------------------------------------


def _symptom_json(row: Mapping[str, Any], cleared_through: int | None) -> dict[str, Any]:
    return {
        "key": row["key"],
        "logged_at": row["logged_at"],
        "day": row["day"],
        "covered": cleared_through is not None and row["id"] <= cleared_through,
    }


def _session_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uid": row["uid"],
        "kind": row["kind"],
        "name": row["name"],
        "started_at": row["started_at"],
        "day": row["day"],
        "seconds_done": row["seconds_done"],
        "steps_done": row["steps_done"],
        "stopped_for_pain": bool(row["stopped_for_pain"]),
        "pain_before": row["pain_before"],
        "pain_after": row["pain_after"],
        "planned_seconds": row["planned_seconds"],
    }


def export_document(store: Store, *, now: datetime) -> dict[str, Any]:
    """Everything in the diary as one JSON-ready document, oldest first throughout;
    `now` (from the clock) is when it was exported."""
    # One read transaction: a consistent picture even if the app writes meanwhile.
    with store.transaction():
        episodes = store.rows("SELECT * FROM episodes ORDER BY started_at, id")
        entries = store.rows("SELECT * FROM entries ORDER BY day, logged_at, id")
        # In the order they were reported, which is what a clearance covers.
        symptoms = store.rows("SELECT * FROM symptoms ORDER BY id")
        sessions = store.rows("SELECT * FROM sessions ORDER BY started_at, id")
        checklist = store.rows("SELECT day, item, count FROM checklist ORDER BY day, item")
        settings = store.rows("SELECT key, value FROM settings ORDER BY key")
        weekly = _checkin_rows(store)

    entry_symptoms: dict[int, list[dict[str, Any]]] = {}
    episode_symptoms: dict[int, list[dict[str, Any]]] = {}
    cleared = {row["id"]: row["cleared_through"] for row in episodes}
    for row in symptoms:
        shown = _symptom_json(row, cleared.get(row["episode_id"]))
        if row["entry_id"] is not None:
            entry_symptoms.setdefault(row["entry_id"], []).append(shown)
        else:
            episode_symptoms.setdefault(row["episode_id"], []).append(shown)

    episode_entries: dict[int, list[dict[str, Any]]] = {}
    for row in entries:
        episode_entries.setdefault(row["episode_id"], []).append(
            {
                "uid": row["uid"],
                "logged_at": row["logged_at"],
                "day": row["day"],
                "pain": row["pain"],
                "area": row["area"],
                "note": row["note"],
                "meds": bool(row["meds"]),
                "source": row["source"],
                "symptoms": entry_symptoms.get(row["id"], []),
            }
        )
    episode_sessions: dict[int | None, list[dict[str, Any]]] = {}
    for row in sessions:
        episode_sessions.setdefault(row["episode_id"], []).append(_session_json(row))

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_iso(now),
        "coach_version": __version__,
        "episodes": [
            {
                "uid": row["uid"],
                "onset": row["onset"],
                "activity": row["activity"],
                "area": row["area"],
                "side": row["side"],
                "started_at": row["started_at"],
                "closed_at": row["closed_at"],
                "recovered_on": row["recovered_on"],
                "cleared_on": row["cleared_on"],
                "cleared_at": row["cleared_at"],
                "symptoms": episode_symptoms.get(row["id"], []),
                "entries": episode_entries.get(row["id"], []),
                "sessions": episode_sessions.get(row["id"], []),
                **_episode_checkins(weekly, row["id"]),
            }
            for row in episodes
        ],
        # Sessions that belong to no episode (prevention work between episodes).
        "sessions": episode_sessions.get(None, []),
        "checklist": [dict(row) for row in checklist],
        "settings": {row["key"]: row["value"] for row in settings},
    }


def export_json(store: Store, *, now: datetime) -> str:
    """The JSON export as `coach export` and the app write it: the whole diary, with
    control characters kept as \\u escapes so the text is safe on a terminal."""
    return json_safe(dumps(export_document(store, now=now)))


def dumps(document: Mapping[str, Any]) -> str:
    """The document as readable UTF-8 JSON text, ending with a newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- CSV export -----------------------------------------------------------------------


def export_csv(store: Store) -> str:
    """The diary entries of every episode as one CSV table (RFC 4180, CRLF rows)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    from coach.intake import intake_flags_by_entry, shown_flags

    for episode in sorted(store.episodes(), key=lambda e: (e.started_at, e.id)):
        entries = store.entries(episode.id)
        intake = intake_flags_by_entry(entries, store.symptoms(episode.id))
        for entry in entries:
            writer.writerow(
                csv_cell(cell)
                for cell in (
                    episode.onset.isoformat(),
                    utc_iso(entry.logged_at),
                    entry.day.isoformat(),
                    entry.pain,
                    entry.area,
                    "yes" if entry.meds else "no",
                    ";".join(shown_flags(entry, intake)),
                    entry.note,
                    entry.source,
                )
            )
    return buffer.getvalue()


# --- Markdown export ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_escape(text: str) -> str:
    """Text the person typed, made literal inside a Markdown paragraph or table cell.

    Markdown punctuation is backslash-escaped, line breaks become `<br>` (so a note
    stays in its table cell) and other control characters become U+FFFD.
    """
    lines = text.splitlines() or [""]
    cleaned = []
    for line in lines:
        line = "".join(
            "\ufffd" if ch != "\t" and unicodedata.category(ch) == "Cc" else ch for ch in line
        )
        line = shown(line)  # bidi overrides and lone surrogates too
        cleaned.append(_MD_SPECIAL.sub(r"\\\1", line))
    return "<br>".join(cleaned)


def spark(score: int) -> str:
    """One bar for a 0-10 score: ▁ 0-1, then one bar a point (▂ 2 ... ▇ 7), and █ for
    8 or more, the severe scores. The middle of the scale, where changes matter most,
    keeps a bar for every point."""
    return SPARKS[min(max(score - 1, 0), len(SPARKS) - 1)]


def sparkline(scores: Mapping[date, int], last_days: int = SPARK_DAYS) -> str:
    """One character per calendar day from the first to the last logged day:
    `spark` bars, and · for a day with nothing logged. At most `last_days`."""
    if not scores:
        return ""
    last = max(scores)
    first = max(min(scores), last - timedelta(days=last_days - 1))
    chars = []
    day = first
    while day <= last:
        score = scores.get(day)
        chars.append(SPARK_GAP if score is None else spark(score))
        day += timedelta(days=1)
    return "".join(chars)


def trend_line(scores: Mapping[date, int]) -> str:
    """'▆▅·▃ from 6 on Mon 23 Nov to 3 on Fri 27 Nov (down 3; highest 6 on Mon 23 Nov)'."""
    if not scores:
        return "nothing logged"
    days = sorted(scores)
    first, last = days[0], days[-1]
    spark = sparkline(scores)
    shown = (last - first).days + 1
    prefix = f"{spark} " if shown <= SPARK_DAYS else f"{spark} (last {SPARK_DAYS} days) "
    if first == last:
        return f"{prefix}one day logged: {scores[first]} on {short_day(first)}"
    change = scores[last] - scores[first]
    if change > 0:
        direction = f"up {change}"
    elif change < 0:
        direction = f"down {-change}"
    else:
        direction = "no change"
    top_day = min(days, key=lambda d: (-scores[d], d))
    return (
        f"{prefix}from {scores[first]} on {_day(first, last)} to {scores[last]} on "
        f"{_day(last, first)} ({direction}; highest {scores[top_day]} on {_day(top_day, last)})"
    )


def _day(day: date, other: date) -> str:
    """`short_day`, with the year when the two days are in different years."""
    return long_day(day) if day.year != other.year else short_day(day)


def _local_time(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{short_day(local.date())} {local:%H:%M}"


def _minutes(seconds: int) -> str:
    if 0 < seconds < 60:
        return "under 1"
    return str(round(seconds / 60))


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str) -> list[str]:
    """A Markdown table; `align` has one letter per column: l or r."""
    marks = {"l": "---", "r": "---:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(marks[a] for a in align) + " |",
    ]
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return lines


def _routines(sessions: Iterable[tuple[str, str, int, bool]]) -> list[str]:
    """Sessions (kind, name, seconds done, stopped for pain) grouped by routine."""
    groups: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    for kind, name, seconds, stopped in sessions:
        groups.setdefault((kind, name), []).append((seconds, stopped))
    if not groups:
        return ["None recorded."]
    return _table(
        ("Routine", "Kind", "Sessions", "Minutes", "Stopped: it hurt"),
        (
            (
                md_escape(name),
                md_escape(kind),
                len(group),
                _minutes(sum(seconds for seconds, _ in group)),
                sum(1 for _, stopped in group if stopped),
            )
            for (kind, name), group in groups.items()
        ),
        "llrrr",
    )


def _where(episode: Episode) -> str:
    area = f"{md_escape(episode.area)} back" if episode.area else ""
    side = {"both": "both sides", "left": "left side", "right": "right side"}.get(
        episode.side, md_escape(episode.side)
    )
    text = ", ".join(part for part in (area, side) if part)
    return text or "not recorded"


def _episode_markdown(
    episode: Episode,
    *,
    current: bool,
    entries: Sequence[DiaryEntry],
    symptoms: Sequence[Symptom],
    sessions: Sequence[Session],
    warnings: Sequence[SafetyWarning],
    flags: Mapping[str, RedFlag],
    today: date,
) -> list[str]:
    title = "Current episode" if current else "Earlier episode"
    out = [f"## {title}: pain since {long_day(episode.onset)}", ""]
    status = f"current, day {episode.age(today)} today ({short_day(today)})" if current else ""
    if episode.closed_at is not None:
        status = f"closed on {long_day(episode.closed_at.astimezone().date())}"
    elif not current:
        status = "open (a newer episode is the current one)"
    out.append(f"- Onset: {long_day(episode.onset)}")
    out.append(f"- Activity: {md_escape(episode.activity) if episode.activity else 'not recorded'}")
    out.append(f"- Where: {_where(episode)}")
    out.append(f"- Status: {status}")
    if episode.recovered_on:
        out.append(f"- Recovered: {long_day(episode.recovered_on)}")
    if episode.cleared_on:
        out.append(f"- Cleared by a clinician: {long_day(episode.cleared_on)}")
    out.append("")

    by_day: dict[date, list[DiaryEntry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    scores = {day: max(e.pain for e in day_entries) for day, day_entries in by_day.items()}
    out += ["### Daily pain", ""]
    if scores:
        out.append("The day's score is the highest pain logged that day (0 none, 10 worst).")
        out.append("")
        out += _table(
            ("Day", "Score", "Entries", "Pain relief"),
            (
                (
                    _day(day, today),
                    scores[day],
                    len(by_day[day]),
                    "yes" if any(e.meds for e in by_day[day]) else "no",
                )
                for day in sorted(by_day)
            ),
            "lrrl",
        )
        out += ["", f"Trend: {trend_line(scores)}", ""]
    else:
        out += ["Nothing logged.", ""]

    if current:
        out += ["### Warnings", ""]
        if warnings:
            for warning in warnings:
                out.append(f"- {LEVEL_MARKS[warning.level]}: {md_escape(warning.message)}")
                out.extend(f"  - {md_escape(reason)}" for reason in warning.reasons)
        else:
            out.append(f"No active warnings on {long_day(today)}.")
        out.append("")

    out += ["### Routines done", ""]
    out += _routines((s.kind, s.name, s.seconds_done, s.stopped_for_pain) for s in sessions)
    out.append("")

    out += ["### Symptoms", ""]
    first_seen: dict[str, date] = {}
    for symptom in symptoms:
        if symptom.key not in first_seen or symptom.day < first_seen[symptom.key]:
            first_seen[symptom.key] = symptom.day
    if first_seen:
        for key, day in sorted(first_seen.items(), key=lambda item: (item[1], item[0])):
            flag = flags.get(key)
            text = md_escape(flag.text) if flag else md_escape(key)
            level = f"{SYMPTOM_LEVEL_WORDS[flag.level]}; " if flag else ""
            out.append(f"- {text} ({level}first noted {_day(day, today)})")
    else:
        out.append("None of the red-flag symptoms were noted.")
    out.append("")

    noted = [entry for entry in entries if entry.note.strip()]
    if noted:
        out += ["### Notes", ""]
        out += _table(
            ("When", "Pain", "Note"),
            ((_local_time(e.logged_at), e.pain, md_escape(e.note)) for e in noted),
            "lrl",
        )
        out.append("")
    return out


def export_markdown(store: Store, today: date, flags: Mapping[str, RedFlag] | None = None) -> str:
    """A summary to hand to a physiotherapist: the current episode first, then the rest."""
    from coach.safety import evaluate

    flags = red_flag_index() if flags is None else flags
    current = store.current_episode()
    episodes = store.episodes()  # newest first
    if current is not None:
        episodes = [current] + [e for e in episodes if e.id != current.id]
    out = [
        "# Back pain diary",
        "",
        f"Exported from coach on {long_day(today)}. A self-care diary kept by the person, "
        "not a diagnosis. Pain is scored 0 (no pain) to 10 (worst imaginable).",
        "",
    ]
    if not episodes:
        out += ["No episodes logged yet.", ""]
    for episode in episodes:
        entries = store.entries(episode.id)
        symptoms = store.symptoms(episode.id)
        sessions = store.sessions(episode.id)
        is_current = current is not None and episode.id == current.id
        warnings = (
            evaluate(episode, entries, symptoms, sessions, today, flags) if is_current else []
        )
        out += _episode_markdown(
            episode,
            current=is_current,
            entries=entries,
            symptoms=symptoms,
            sessions=sessions,
            warnings=warnings,
            flags=flags,
            today=today,
        )
        out += _checkins_markdown(store.checkins(episode.id))
    loose = store.rows(
        "SELECT kind, name, seconds_done, stopped_for_pain FROM sessions"
        " WHERE episode_id IS NULL ORDER BY started_at, id",
    )
    if loose:
        out += ["## Sessions outside an episode (prevention)", ""]
        out += _routines(
            (r["kind"], r["name"], r["seconds_done"], bool(r["stopped_for_pain"])) for r in loose
        )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- writing files --------------------------------------------------------------------


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path`, mode 0600, atomically: a temporary file in the same
    folder, fsynced, then renamed over `path`. Readers see the old file or the new
    one, never half of it; on any failure the temporary file is removed."""
    path = Path(path)
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp_name)
        raise
    # Make the rename itself durable; not every file system lets a folder be fsynced.
    with suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# --- checking an export -----------------------------------------------------------------


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


def _pain(value: Any, where: str, *, optional: bool = False) -> int | None:
    if optional and value is None:
        return None
    return _whole(value, where, 0, 10, PAIN_MESSAGE.removeprefix("pain "))


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "must be true or false")
    return value


def _day_text(value: Any, where: str, *, optional: bool = False) -> str | None:
    if optional and value is None:
        return None
    if not isinstance(value, str):
        raise _fail(where, "must be a date, YYYY-MM-DD")
    try:
        return parse_iso_date(value).isoformat()
    except ValueError:
        raise _fail(where, f"must be a date, YYYY-MM-DD (got {value[:40]!r})") from None


def _moment_text(value: Any, where: str, *, optional: bool = False) -> str | None:
    """A UTC time as the store writes it; returned in the store's exact form."""
    if optional and value is None:
        return None
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

    def take(self, kind: str, value: Any, where: str) -> str:
        uid = _text(value, where, 200, empty=False)
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

    def fields(self, *names: str) -> tuple[str, ...]:
        """The fields a record of this file's version must have (`names` are v2's own)."""
        return () if self.version < 2 else names

    def day(self, row: Mapping[str, Any], moment: str, where: str, extra: int = 0) -> str:
        """A stored day (version 2), or the local day of `moment` (version 1)."""
        if self.version >= 2:
            return str(_day_text(row["day"], f"{where}.day"))
        try:
            shifted = parse_utc(moment) + timedelta(seconds=extra)
            return shifted.astimezone(self.zone).date().isoformat()
        except (OverflowError, ValueError):
            # At the very ends of the calendar: no usable day, and the date checks
            # (coach.importcheck) refuse the file with a plain message.
            return moment[:10]


def _symptoms(
    value: Any, where: str, reading: _Reading, cleared: tuple[str | None, str | None]
) -> list[dict[str, Any]]:
    """Symptom reports; `cleared` is the episode's (cleared_at, cleared_on), which decides
    what a version 1 file's clearance covered (by the moments, as version 1 did)."""
    cleared_at, cleared_on = cleared
    result = []
    for index, item in enumerate(_list(value, where)):
        at = f"{where}[{index}]"
        row = _object(item, at, ("key", "logged_at", *reading.fields("day", "covered")))
        key = _text(row["key"], f"{at}.key", 200)
        if key not in reading.known:
            raise _fail(f"{at}.key", f"is an unknown symptom {key!r}")
        moment = str(_moment_text(row["logged_at"], f"{at}.logged_at"))
        day = reading.day(row, moment, at)
        if reading.version >= 2:
            covered = _flag(row["covered"], f"{at}.covered")
        elif cleared_at is not None:
            covered = parse_utc(moment) <= parse_utc(cleared_at)
        else:
            covered = cleared_on is not None and day <= cleared_on
        result.append({"key": key, "logged_at": moment, "day": day, "covered": covered})
    return result


def _session(value: Any, where: str, reading: _Reading) -> dict[str, Any]:
    row = _object(
        value,
        where,
        (
            "uid",
            "kind",
            "name",
            "started_at",
            "seconds_done",
            "steps_done",
            "stopped_for_pain",
            "pain_before",
            "pain_after",
            *reading.fields("day"),
            # Optional: files from before sessions kept their planned length lack it.
            *(
                ("planned_seconds",)
                if isinstance(value, dict) and "planned_seconds" in value
                else ()
            ),
        ),
    )
    started = str(_moment_text(row["started_at"], f"{where}.started_at"))
    planned = row.get("planned_seconds")
    seconds = _whole(row["seconds_done"], f"{where}.seconds_done", 0, COUNT_LIMIT)
    return {
        "uid": reading.uids.take("session", row["uid"], f"{where}.uid"),
        "kind": _text(row["kind"], f"{where}.kind", 200, empty=False),
        "name": _text(row["name"], f"{where}.name", 1000),
        "started_at": started,
        # A session keeps the day it ended.
        "day": reading.day(row, started, where, seconds),
        "seconds_done": seconds,
        "steps_done": _whole(row["steps_done"], f"{where}.steps_done", 0, COUNT_LIMIT),
        "stopped_for_pain": _flag(row["stopped_for_pain"], f"{where}.stopped_for_pain"),
        "pain_before": _pain(row["pain_before"], f"{where}.pain_before", optional=True),
        "pain_after": _pain(row["pain_after"], f"{where}.pain_after", optional=True),
        "planned_seconds": None
        if planned is None
        else _whole(planned, f"{where}.planned_seconds", 0, COUNT_LIMIT),
    }


def _entry(
    value: Any, where: str, reading: _Reading, cleared: tuple[str | None, str | None]
) -> dict[str, Any]:
    row = _object(
        value,
        where,
        (
            "uid",
            "logged_at",
            "pain",
            "area",
            "note",
            "meds",
            "source",
            "symptoms",
            *reading.fields("day"),
        ),
    )
    logged = str(_moment_text(row["logged_at"], f"{where}.logged_at"))
    return {
        "uid": reading.uids.take("entry", row["uid"], f"{where}.uid"),
        "logged_at": logged,
        "day": reading.day(row, logged, where),
        "pain": _pain(row["pain"], f"{where}.pain"),
        "area": _text(row["area"], f"{where}.area", 200),
        "note": _text(row["note"], f"{where}.note", NOTE_LIMIT),
        "meds": _flag(row["meds"], f"{where}.meds"),
        "source": _text(row["source"], f"{where}.source", 200),
        "symptoms": _symptoms(row["symptoms"], f"{where}.symptoms", reading, cleared),
    }


def _episode(value: Any, where: str, reading: _Reading) -> dict[str, Any]:
    value, weekly = _split_checkins(value, where, reading)
    row = _object(
        value,
        where,
        (*EPISODE_COLUMNS, "symptoms", "entries", "sessions"),
    )
    cleared = (
        _moment_text(row["cleared_at"], f"{where}.cleared_at", optional=True),
        _day_text(row["cleared_on"], f"{where}.cleared_on", optional=True),
    )
    return {
        "uid": reading.uids.take("episode", row["uid"], f"{where}.uid"),
        "onset": _day_text(row["onset"], f"{where}.onset"),
        "activity": _text(row["activity"], f"{where}.activity"),
        "area": _text(row["area"], f"{where}.area", 200),
        "side": _text(row["side"], f"{where}.side", 200),
        "started_at": _moment_text(row["started_at"], f"{where}.started_at"),
        "closed_at": _moment_text(row["closed_at"], f"{where}.closed_at", optional=True),
        "recovered_on": _day_text(row["recovered_on"], f"{where}.recovered_on", optional=True),
        "cleared_on": cleared[1],
        "cleared_at": cleared[0],
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
        entry = _object(item, at, ("day", "item", "count"))
        clean = {
            "day": _day_text(entry["day"], f"{at}.day"),
            "item": _text(entry["item"], f"{at}.item", 200, empty=False),
            "count": _whole(entry["count"], f"{at}.count", 0, COUNT_LIMIT),
        }
        pair = (str(clean["day"]), str(clean["item"]))
        if pair in seen_days:
            raise _fail(at, f"repeats {clean['item']!r} on {clean['day']}")
        seen_days.add(pair)
        checklist.append(clean)
    settings_value = row["settings"]
    if not isinstance(settings_value, dict):
        raise _fail("settings", "must be an object of text values")
    settings = {}
    for key, value in settings_value.items():
        _text(key, "a settings key", 200, empty=False)
        settings[key] = _text(value, f"settings[{key!r}]")
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


def _row_id(store: Store, table: str, uid: str) -> int | None:
    row = store.db.execute(f"SELECT id FROM {table} WHERE uid = ?", [uid]).fetchone()
    return int(row[0]) if row else None


def _import_session(
    store: Store, session: Mapping[str, Any], episode_id: int | None, counts: ImportCounts
) -> None:
    if _row_id(store, "sessions", session["uid"]) is not None:
        counts.present += 1
        return
    insert_row(
        store.db,
        "sessions",
        {
            **session,
            "episode_id": episode_id,
            "stopped_for_pain": int(session["stopped_for_pain"]),
        },
    )
    counts.sessions += 1


def _symptom_row(
    episode_id: int, entry_id: int | None, symptom: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "episode_id": episode_id,
        "entry_id": entry_id,
        "key": symptom["key"],
        "logged_at": symptom["logged_at"],
        "day": symptom["day"],
    }


def _import_episode(store: Store, episode: Mapping[str, Any], counts: ImportCounts) -> None:
    """One episode with its entries, symptom reports and sessions.

    Symptom reports are numbered in the order they are added here. For an episode new
    to this diary, the reports its clearance covered go in first, then the clearance
    is set to cover exactly those, then the rest: a restored clearance covers what it
    covered before and nothing more. Reports added to an episode already here come
    after its clearance, so they are not covered by it.
    """
    episode_id = _row_id(store, "episodes", episode["uid"])
    new_episode = episode_id is None
    if episode_id is None:
        episode_id = insert_row(
            store.db, "episodes", {key: episode[key] for key in EPISODE_COLUMNS}
        )
        counts.episodes += 1
    else:
        counts.present += 1
    reports: list[tuple[dict[str, Any], bool]] = []
    # Symptoms from the intake, outside any entry: as many of each (key, time) as the
    # file has, counting those already here.
    have = Counter(
        (row[0], row[1])
        for row in store.db.execute(
            "SELECT key, logged_at FROM symptoms WHERE episode_id = ? AND entry_id IS NULL",
            [episode_id],
        ).fetchall()
    )
    wanted: Counter[tuple[str, str]] = Counter()
    for symptom in episode["symptoms"]:
        pair = (symptom["key"], symptom["logged_at"])
        wanted[pair] += 1
        if wanted[pair] > have[pair]:
            reports.append((_symptom_row(episode_id, None, symptom), symptom["covered"]))
    for entry in episode["entries"]:
        if _row_id(store, "entries", entry["uid"]) is not None:
            counts.present += 1
            continue
        fields = {k: v for k, v in entry.items() if k != "symptoms"}
        entry_id = insert_row(
            store.db, "entries", {**fields, "episode_id": episode_id, "meds": int(entry["meds"])}
        )
        counts.entries += 1
        for symptom in entry["symptoms"]:
            reports.append((_symptom_row(episode_id, entry_id, symptom), symptom["covered"]))
    cleared = new_episode and episode["cleared_on"] is not None
    for row, covered in reports:
        if cleared and covered:
            insert_row(store.db, "symptoms", row)
    if cleared:
        store.db.execute(
            "UPDATE episodes SET cleared_through = ? WHERE id = ?",
            [store.last_report(), episode_id],
        )
    for row, covered in reports:
        if not (cleared and covered):
            insert_row(store.db, "symptoms", row)
    counts.symptoms += len(reports)
    for session in episode["sessions"]:
        _import_session(store, session, episode_id, counts)
    _import_checkins(store, episode, episode_id, counts)


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
        for session in document["sessions"]:
            _import_session(store, session, None, counts)
        for row in document["checklist"]:
            cursor = store.db.execute(
                "INSERT INTO checklist(day, item, count) VALUES (?, ?, ?)"
                " ON CONFLICT(day, item) DO NOTHING",
                [row["day"], row["item"], row["count"]],
            )
            if cursor.rowcount == 1:
                counts.checklist += 1
            else:
                counts.present += 1
        for key, value in document["settings"].items():
            cursor = store.db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                [key, value],
            )
            if cursor.rowcount == 1:
                counts.settings += 1
            else:
                counts.present += 1
    return counts


# --- weekly check-ins and activities (export, checks, import) ----------------------------

CHECKIN_FIELDS = ("uid", "day", "answered_at", "pain", "enjoyment", "activity", "source", "ratings")
ACTIVITY_FIELDS = ("uid", "name", "position", "created_at", "retired_at")


def _checkin_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {
        "activities": store.rows("SELECT * FROM activities ORDER BY episode_id, position, id"),
        "checkins": store.rows("SELECT * FROM checkins ORDER BY episode_id, day, answered_at, id"),
        "ratings": store.rows(
            "SELECT r.checkin_id, r.score, a.uid FROM ratings r"
            " JOIN activities a ON a.id = r.activity_id ORDER BY a.position, a.id"
        ),
    }


def _episode_checkins(
    weekly: Mapping[str, list[dict[str, Any]]], episode_id: int
) -> dict[str, Any]:
    """An episode's activities and check-ins, activities matched by uid in the ratings."""
    ratings: dict[int, list[dict[str, Any]]] = {}
    for row in weekly["ratings"]:
        ratings.setdefault(row["checkin_id"], []).append(
            {"activity": row["uid"], "score": row["score"]}
        )
    return {
        "activities": [
            {key: row[key] for key in ACTIVITY_FIELDS}
            for row in weekly["activities"]
            if row["episode_id"] == episode_id
        ],
        "checkins": [
            {
                **{key: row[key] for key in CHECKIN_FIELDS if key != "ratings"},
                "ratings": ratings.get(row["id"], []),
            }
            for row in weekly["checkins"]
            if row["episode_id"] == episode_id
        ],
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
        at = f"{where}.activities[{index}]"
        row = _object(item, at, ACTIVITY_FIELDS)
        uid = reading.uids.take("activity", row["uid"], f"{at}.uid")
        names.add(uid)
        activities.append(
            {
                "uid": uid,
                "name": _text(row["name"], f"{at}.name", 200, empty=False),
                "position": _whole(row["position"], f"{at}.position", 0, COUNT_LIMIT),
                "created_at": _moment_text(row["created_at"], f"{at}.created_at"),
                "retired_at": _moment_text(row["retired_at"], f"{at}.retired_at", optional=True),
            }
        )
    checkins = []
    for index, item in enumerate(_list(checkins_value, f"{where}.checkins")):
        at = f"{where}.checkins[{index}]"
        row = _object(item, at, CHECKIN_FIELDS)
        rated: list[dict[str, Any]] = []
        for r_index, rating in enumerate(_list(row["ratings"], f"{at}.ratings")):
            r_at = f"{at}.ratings[{r_index}]"
            r_row = _object(rating, r_at, ("activity", "score"))
            uid = _text(r_row["activity"], f"{r_at}.activity", 200, empty=False)
            if uid not in names:
                raise _fail(f"{r_at}.activity", f"is {uid!r}, not one of this episode's activities")
            if any(r["activity"] == uid for r in rated):
                raise _fail(r_at, f"rates the activity {uid!r} twice")
            rated.append({"activity": uid, "score": _whole(r_row["score"], f"{r_at}.score", 0, 10)})
        checkins.append(
            {
                "uid": reading.uids.take("check-in", row["uid"], f"{at}.uid"),
                "day": _day_text(row["day"], f"{at}.day"),
                "answered_at": _moment_text(row["answered_at"], f"{at}.answered_at"),
                "pain": _whole(row["pain"], f"{at}.pain", 0, 10),
                "enjoyment": _whole(row["enjoyment"], f"{at}.enjoyment", 0, 10),
                "activity": _whole(row["activity"], f"{at}.activity", 0, 10),
                "source": _text(row["source"], f"{at}.source", 200),
                "ratings": rated,
            }
        )
    return value, {"activities": activities, "checkins": checkins}


def _import_checkins(
    store: Store, episode: Mapping[str, Any], episode_id: int, counts: ImportCounts
) -> None:
    """Activities and check-ins new to this diary (by uid); those here stay as they are."""
    for activity in episode.get("activities", ()):
        if _row_id(store, "activities", activity["uid"]) is not None:
            counts.present += 1
            continue
        insert_row(store.db, "activities", {**activity, "episode_id": episode_id})
        counts.activities += 1
    for checkin in episode.get("checkins", ()):
        if _row_id(store, "checkins", checkin["uid"]) is not None:
            counts.present += 1
            continue
        fields = {k: v for k, v in checkin.items() if k != "ratings"}
        checkin_id = insert_row(store.db, "checkins", {**fields, "episode_id": episode_id})
        for rating in checkin["ratings"]:
            activity_id = _row_id(store, "activities", rating["activity"])
            insert_row(
                store.db,
                "ratings",
                {"checkin_id": checkin_id, "activity_id": activity_id, "score": rating["score"]},
            )
        counts.checkins += 1


def _checkins_markdown(checkins: Sequence[Any]) -> list[str]:
    """The weekly check-ins with their verdicts, after the episode's other sections."""
    from coach.checkin import tenths_text, verdicts

    if not checkins:
        return []
    out = ["### Weekly check-ins", ""]
    out += _table(
        ("Day", "Pain, enjoyment, activity", "PEG", "Verdict", "Activities"),
        (
            (
                short_day(v.checkin.day),
                f"{v.checkin.pain}, {v.checkin.enjoyment}, {v.checkin.activity}",
                tenths_text(v.checkin.peg_tenths),
                md_escape(v.text()),
                md_escape(", ".join(f"{r.name} {r.score}" for r in v.checkin.ratings)),
            )
            for v in verdicts(checkins)
        ),
        "llrll",
    )
    out.append("")
    return out
