"""Checks on an import that need the clock: the dates it holds must be ones coach can
work with, and each diary entry must lie within its episode.

Pure. Runs on the document `coach.exchange.parse_export` returns (times already in
the store's form), before anything is written. Any field named `onset` or `day`, or
ending in `_on`, is a calendar day; any field ending in `_at` is a UTC instant. So
fields added to the export later are checked too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from coach.validate import stored_day_range


class DateRangeError(ValueError):
    """A date in the document is out of range; the message follows the file's name."""


def _is_day_field(name: str) -> bool:
    return name in ("onset", "day") or name.endswith("_on")


def _moment_day(text: str) -> date:
    return datetime.fromisoformat(text).date()


def _check(value: Any, where: str, first: date, last: date) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            here = f"{where}.{key}" if where else str(key)
            if isinstance(item, str) and isinstance(key, str):
                low = first
                try:
                    if _is_day_field(key):
                        day = date.fromisoformat(item)
                    elif key.endswith("_at"):
                        day = _moment_day(item)
                        # An instant on the first day somewhere east of Greenwich is
                        # still the day before in UTC: one day of slack.
                        low = first - timedelta(days=1)
                    else:
                        continue
                except ValueError:
                    continue  # not a date after all; parse_export checked its form
                if not low <= day <= last:
                    raise DateRangeError(
                        f"is not a usable coach export: {here} is {day.isoformat()}; dates "
                        f"must be from {first.isoformat()} to {last.isoformat()} (tomorrow)"
                    )
            else:
                _check(item, here, first, last)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]", first, last)


def check_dates(document: Mapping[str, Any], today: date) -> None:
    """Refuse (DateRangeError) a date outside FIRST_DAY..tomorrow, and an entry dated
    before its episode's onset (as `coach log` refuses it)."""
    first, last = stored_day_range(today)
    # Settings are free text, whatever their keys are called.
    skip = ("exported_at", "settings")
    _check({k: v for k, v in document.items() if k not in skip}, "", first, last)
    for i, episode in enumerate(document.get("episodes", [])):
        onset = date.fromisoformat(episode["onset"])
        for j, entry in enumerate(episode.get("entries", [])):
            # The stored day when the file has one; otherwise the UTC day, with a day
            # of slack for the time zone it was logged in.
            if isinstance(entry.get("day"), str):
                day, earliest = date.fromisoformat(entry["day"]), onset
            else:
                day, earliest = _moment_day(entry["logged_at"]), onset - timedelta(days=1)
            if day < earliest:
                raise DateRangeError(
                    f"is not a usable coach export: episodes[{i}].entries[{j}] is dated "
                    f"{day.isoformat()}, before its episode began ({onset.isoformat()})"
                )
