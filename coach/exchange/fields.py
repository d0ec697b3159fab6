"""The fields of each record an export holds: one table per record type.

Each `Record` names its database table, the fields the JSON file carries (in the
file's order) and the columns that stay in this diary (rowids and the links between
rows, which an export replaces by nesting and uids). The JSON export reads the
columns from here and the import checks each field by its `Field`, so a field is
spelled once. tests/unit/test_exchange_fields.py checks every column of every table
is here, as a field or as an internal column, and nothing else is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from coach.validate import NOTE_LIMIT

FORMAT = "coach-export"
VERSION = 2
# Older versions this coach still reads.
READABLE_VERSIONS = (1, 2)
# Longest text accepted on import for short fields (activity, area, names, settings).
TEXT_LIMIT = 10_000
# Longest text for names, keys, kinds and other one-word fields.
NAME_LIMIT = 200
# Largest count accepted on import (seconds, steps, checklist counts).
COUNT_LIMIT = 2**31 - 1

# uid: text that must be unique per record type within a file. day: YYYY-MM-DD.
# moment: a UTC time in the store's form. whole: a whole number from `low` to `high`.
# pain: a 0-10 score with the pain message. flag: true or false (0/1 in the database).
Kind = Literal["uid", "text", "day", "moment", "whole", "pain", "flag"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    # May be null.
    optional: bool = False
    # Text: the longest accepted, and whether it may be empty.
    limit: int = TEXT_LIMIT
    empty: bool = True
    # Whole numbers: the range.
    low: int = 0
    high: int = COUNT_LIMIT
    # The first export version with this field (older files lack it, and it is worked
    # out on reading; see coach.exchange.importing).
    since: int = 1
    # Files written before this field existed may leave it out altogether.
    may_be_absent: bool = False
    # Stored in the record's table under this name; False: worked out on export.
    column: bool = True


@dataclass(frozen=True)
class Record:
    kind: str  # as messages name it: "the episode uid 'x'"
    table: str
    fields: tuple[Field, ...]
    # Columns that stay in this diary: rowids and links, replaced in the file by nesting.
    internal: tuple[str, ...] = ()
    # Lists nested in the file's record (their own records).
    children: tuple[str, ...] = ()
    # The order rows are exported in.
    order: str = "id"

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's columns the file carries, in the file's order."""
        return tuple(f.name for f in self.fields if f.column)

    def values(self, row: Mapping[str, Any], flag: Callable[[Any], Any]) -> dict[str, Any]:
        """The columns the file carries, from `row`, each flag through `flag`: `bool`
        for the file (true or false), `int` for the database (0 or 1)."""
        return {
            f.name: flag(row[f.name]) if f.kind == "flag" else row[f.name]
            for f in self.fields
            if f.column
        }

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def select(self, where: str = "") -> str:
        """The query reading this table's rows for an export, in export order."""
        names = ", ".join((*self.internal, *self.columns))
        condition = f" WHERE {where}" if where else ""
        return f"SELECT {names} FROM {self.table}{condition} ORDER BY {self.order}"


def _uid() -> Field:
    return Field("uid", "uid", limit=NAME_LIMIT, empty=False)


EPISODE = Record(
    kind="episode",
    table="episodes",
    fields=(
        _uid(),
        Field("onset", "day"),
        Field("activity", "text"),
        Field("area", "text", limit=NAME_LIMIT),
        Field("side", "text", limit=NAME_LIMIT),
        Field("started_at", "moment"),
        Field("closed_at", "moment", optional=True),
        Field("recovered_on", "day", optional=True),
        Field("cleared_on", "day", optional=True),
        Field("cleared_at", "moment", optional=True),
    ),
    # cleared_through: which symptom reports the clearance covers; the file says it
    # on each report instead ("covered").
    internal=("id", "cleared_through"),
    children=("symptoms", "entries", "sessions"),
    order="started_at, id",
)

ENTRY = Record(
    kind="entry",
    table="entries",
    fields=(
        _uid(),
        Field("logged_at", "moment"),
        Field("day", "day", since=2),
        Field("pain", "pain"),
        Field("area", "text", limit=NAME_LIMIT),
        Field("note", "text", limit=NOTE_LIMIT),
        Field("meds", "flag"),
        Field("source", "text", limit=NAME_LIMIT),
    ),
    internal=("id", "episode_id"),
    children=("symptoms",),
    order="day, logged_at, id",
)

SYMPTOM = Record(
    kind="symptom",
    table="symptoms",
    fields=(
        Field("key", "text", limit=NAME_LIMIT),
        Field("logged_at", "moment"),
        Field("day", "day", since=2),
        # Whether the episode's clearance covers this report (from cleared_through).
        Field("covered", "flag", since=2, column=False),
    ),
    # The id is the report's number, in the order of reporting: the file keeps that
    # order instead.
    internal=("id", "episode_id", "entry_id"),
    order="id",
)

SESSION = Record(
    kind="session",
    table="sessions",
    fields=(
        _uid(),
        Field("kind", "text", limit=NAME_LIMIT, empty=False),
        Field("name", "text", limit=1000),
        Field("started_at", "moment"),
        # A session keeps the day it ended (version 1: started_at plus seconds_done).
        Field("day", "day", since=2),
        Field("seconds_done", "whole"),
        Field("steps_done", "whole"),
        Field("stopped_for_pain", "flag"),
        Field("pain_before", "pain", optional=True),
        Field("pain_after", "pain", optional=True),
        # Files from before sessions kept their planned length lack it.
        Field("planned_seconds", "whole", optional=True, may_be_absent=True),
    ),
    internal=("id", "episode_id"),
    order="started_at, id",
)

CHECKLIST = Record(
    kind="checklist item",
    table="checklist",
    fields=(
        Field("day", "day"),
        Field("item", "text", limit=NAME_LIMIT, empty=False),
        Field("count", "whole"),
    ),
    order="day, item",
)

# The file holds settings as one object, {key: value}.
SETTING = Record(
    kind="setting",
    table="settings",
    fields=(
        Field("key", "text", limit=NAME_LIMIT, empty=False),
        Field("value", "text"),
    ),
    order="key",
)

ACTIVITY = Record(
    kind="activity",
    table="activities",
    fields=(
        _uid(),
        Field("name", "text", limit=NAME_LIMIT, empty=False),
        Field("position", "whole"),
        Field("created_at", "moment"),
        Field("retired_at", "moment", optional=True),
    ),
    internal=("id", "episode_id"),
    order="episode_id, position, id",
)

CHECKIN = Record(
    kind="check-in",
    table="checkins",
    fields=(
        _uid(),
        Field("day", "day"),
        Field("answered_at", "moment"),
        Field("pain", "whole", high=10),
        Field("enjoyment", "whole", high=10),
        Field("activity", "whole", high=10),
        Field("source", "text", limit=NAME_LIMIT),
    ),
    internal=("id", "episode_id"),
    children=("ratings",),
    order="episode_id, day, answered_at, id",
)

RATING = Record(
    kind="rating",
    table="ratings",
    fields=(
        # The rated activity's uid (activity_id in the database).
        Field("activity", "text", limit=NAME_LIMIT, empty=False, column=False),
        Field("score", "whole", high=10),
    ),
    internal=("checkin_id", "activity_id"),
    order="checkin_id, activity_id",
)

# Every record type an export holds, each table once.
RECORDS = (EPISODE, ENTRY, SYMPTOM, SESSION, CHECKLIST, SETTING, ACTIVITY, CHECKIN, RATING)
