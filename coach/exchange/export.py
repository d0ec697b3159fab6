"""The JSON export (everything the database holds) and the CSV export (the entries).

* JSON holds the episodes with their symptoms, entries, sessions, activities and
  weekly check-ins; sessions outside any episode; the daily checklist; the settings,
  under a `"format": "coach-export", "version": 2` header. The fields of each record
  are those of `coach.exchange.fields`. Rows are matched by their `uid`, never by
  their rowid, so an export can go into any diary. Entries, sessions and symptom
  reports carry their stored `day`; each symptom report says whether the episode's
  clearance `covered` it, so a restored clearance covers exactly the reports it
  covered before.
* CSV is the diary entries as one table, written with the csv module, so any note
  (commas, quotes, newlines, any Unicode) reads back as it was.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from coach import __version__
from coach.exchange.fields import (
    ACTIVITY,
    CHECKIN,
    CHECKLIST,
    ENTRY,
    EPISODE,
    FORMAT,
    SESSION,
    SETTING,
    SYMPTOM,
    VERSION,
)
from coach.store import Store, utc_iso
from coach.textsafe import csv_cell, json_safe

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


def _group(
    rows: list[dict[str, Any]], key: str, shown: list[dict[str, Any]]
) -> dict[Any, list[dict[str, Any]]]:
    """`shown[i]` (the file's form of `rows[i]`) grouped by `rows[i][key]`, in order."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row, item in zip(rows, shown, strict=True):
        groups.setdefault(row[key], []).append(item)
    return groups


def export_document(store: Store, *, now: datetime) -> dict[str, Any]:
    """Everything in the diary as one JSON-ready document, oldest first throughout;
    `now` (from the clock) is when it was exported."""
    # One read transaction: a consistent picture even if the app writes meanwhile.
    with store.transaction():
        episodes = store.rows(EPISODE.select())
        entries = store.rows(ENTRY.select())
        # In the order they were reported, which is what a clearance covers.
        symptoms = store.rows(SYMPTOM.select())
        sessions = store.rows(SESSION.select())
        checklist = store.rows(CHECKLIST.select())
        settings = store.rows(SETTING.select())
        activities = store.rows(ACTIVITY.select())
        checkins = store.rows(CHECKIN.select())
        ratings = store.rows(
            "SELECT r.checkin_id, r.score, a.uid FROM ratings r"
            " JOIN activities a ON a.id = r.activity_id ORDER BY a.position, a.id"
        )

    cleared = {row["id"]: row["cleared_through"] for row in episodes}
    entry_symptoms: dict[int, list[dict[str, Any]]] = {}
    episode_symptoms: dict[int, list[dict[str, Any]]] = {}
    for row in symptoms:
        through = cleared.get(row["episode_id"])
        shown = {
            **SYMPTOM.values(row, bool),
            "covered": through is not None and row["id"] <= through,
        }
        if row["entry_id"] is not None:
            entry_symptoms.setdefault(row["entry_id"], []).append(shown)
        else:
            episode_symptoms.setdefault(row["episode_id"], []).append(shown)

    episode_entries = _group(
        entries,
        "episode_id",
        [
            {**ENTRY.values(row, bool), "symptoms": entry_symptoms.get(row["id"], [])}
            for row in entries
        ],
    )
    episode_sessions = _group(sessions, "episode_id", [SESSION.values(r, bool) for r in sessions])
    episode_activities = _group(
        activities, "episode_id", [ACTIVITY.values(r, bool) for r in activities]
    )
    rated: dict[int, list[dict[str, Any]]] = {}
    for row in ratings:
        rated.setdefault(row["checkin_id"], []).append(
            {"activity": row["uid"], "score": row["score"]}
        )
    episode_checkins = _group(
        checkins,
        "episode_id",
        [{**CHECKIN.values(row, bool), "ratings": rated.get(row["id"], [])} for row in checkins],
    )

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utc_iso(now),
        "coach_version": __version__,
        "episodes": [
            {
                **EPISODE.values(row, bool),
                "symptoms": episode_symptoms.get(row["id"], []),
                "entries": episode_entries.get(row["id"], []),
                "sessions": episode_sessions.get(row["id"], []),
                "activities": episode_activities.get(row["id"], []),
                "checkins": episode_checkins.get(row["id"], []),
            }
            for row in episodes
        ],
        # Sessions that belong to no episode (prevention work between episodes).
        "sessions": episode_sessions.get(None, []),
        "checklist": [CHECKLIST.values(row, bool) for row in checklist],
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
