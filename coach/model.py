"""Plain records shared by the store, the rules and the screens. Pure Python.

The records here and in the other modules on the way to the first screen (checkin,
plan, content, state, keymap, actions, settings, safety) are `typing.NamedTuple`s, not
frozen dataclasses: defining a dataclass writes and compiles its methods, about 0.8 ms
each on a slow machine, and the 30 records cost about 23 ms of coach's start-up (none
now: tests/unit/test_import_hygiene.py keeps it so). A NamedTuple is also quicker to
make and smaller. Copy one with `record._replace(...)`, not `dataclasses.replace`; a
default is shared by every record, so a mapping default is a read-only MappingProxyType.
A record is a tuple: it compares equal to a tuple of the same values, and it iterates
and unpacks, so never hand one where a plain tuple or list means something else (json,
`textsafe.shown_data`, Rich's `(text, style)` pairs).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, NamedTuple

Level = Literal["urgent", "caution", "info"]
LEVELS: tuple[Level, ...] = ("urgent", "caution", "info")
# Never colour alone: every level has a word and a symbol, wherever it is shown.
LEVEL_MARKS: dict[str, str] = {"urgent": "‼ URGENT", "caution": "▲ CAUTION", "info": "ℹ INFO"}
AREAS = ("lower", "middle", "upper")
SIDES = ("both", "left", "right")
# How a side reads in a sentence ("lower back, left side").
SIDE_WORDS: dict[str, str] = {"both": "both sides", "left": "left side", "right": "right side"}


class Episode(NamedTuple):
    """One stretch of back pain, from its onset until a new episode starts."""

    id: int
    onset: date
    activity: str
    area: str
    side: str
    started_at: datetime
    closed_at: datetime | None = None
    recovered_on: date | None = None
    cleared_on: date | None = None
    # The moment the clearance was recorded, for showing it.
    cleared_at: datetime | None = None
    # The last symptom report the clearance covers (reports are numbered in the order
    # they were made): any report after it locks the routines again, whatever its day.
    cleared_through: int | None = None

    def age(self, today: date) -> int:
        """Whole days from onset to today (0 on the day it started)."""
        return (today - self.onset).days


class DiaryEntry(NamedTuple):
    """One pain score logged at one moment. Several a day are allowed."""

    id: int
    episode_id: int
    logged_at: datetime
    day: date
    pain: int
    area: str = ""
    note: str = ""
    meds: bool = False
    source: str = "app"
    symptoms: tuple[str, ...] = ()


class Symptom(NamedTuple):
    """One report of a red-flag symptom: from the intake, or ticked on an entry."""

    key: str
    # The day it is for: its entry's day, or the intake's.
    day: date
    entry_id: int | None = None
    # When it was reported (not the entry's day: an entry can be back-dated).
    logged_at: datetime | None = None
    # Its number in the order of reporting; None (unknown) is never covered by a clearance.
    seq: int | None = None


class Session(NamedTuple):
    """A routine or an ice/heat session, complete or stopped early."""

    id: int
    episode_id: int | None
    kind: str
    name: str
    started_at: datetime
    day: date
    seconds_done: int = 0
    steps_done: int = 0
    stopped_for_pain: bool = False
    pain_before: int | None = None
    pain_after: int | None = None
    # The session's own planned length (a routine's get-ready not counted); None for
    # sessions saved before coach kept it.
    planned_seconds: int | None = None


class SafetyWarning(NamedTuple):
    """One active warning, with the numbers that raised it."""

    kind: str
    level: Level
    message: str
    since: date
    reasons: tuple[str, ...] = ()


class EpisodeSummary(NamedTuple):
    """An earlier episode, in one line of the diary."""

    episode: Episode
    days: int
    highest: int | None


class SessionDone(NamedTuple):
    """A routine or ice/heat session as a screen hands it over when it ends."""

    kind: str  # "routine", "ice" or "heat"
    name: str
    started_at: datetime | None
    seconds_done: int
    steps_done: int = 0
    stopped_for_pain: bool = False
    pain_before: int | None = None
    pain_after: int | None = None
    pain_note: str | None = None  # the "this hurts" note, logged with pain_after
    planned_seconds: int | None = None
