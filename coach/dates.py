"""Calendar helpers: strict parsing, the user's local day, friendly formatting.

Pure: no textual, no sqlite. "Now" and "today" come from `coach.clock`, never from
here.
"""

from __future__ import annotations

import re
from datetime import date, datetime

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(text: str) -> date:
    """`YYYY-MM-DD` and nothing else; ValueError with a plain message otherwise."""
    text = text.strip()
    if not ISO_DATE.match(text):
        raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD, e.g. 2026-11-25")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None


DAY_WORDS_HELP = (
    "today, yesterday, 3 days ago, 2 weeks ago, a weekday (the most recent one, today "
    "included), or a date like 2026-11-20"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AGO = re.compile(r"^(\d{1,3})\s*(?:(days?|d|weeks?|w)\s*(?:ago)?)?$")


def parse_day(text: str, today: date) -> date:
    """A day in words, as the intake and `coach log --date` both take it.

    `today`, `yesterday`, `N days ago` (or just `N`), `N weeks ago`, a weekday name
    (`monday` or `mon`: the most recent one, today included), or `YYYY-MM-DD`. Words
    are relative to `today` (the clock's, so `--today` moves them too). Raises
    ValueError with a plain message for anything else; ranges are the caller's.
    """
    import pendulum

    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise ValueError(f"say which day: {DAY_WORDS_HELP}")
    base = pendulum.date(today.year, today.month, today.day)
    found: date | None = None
    if cleaned == "today":
        found = base
    elif cleaned == "yesterday":
        found = base.subtract(days=1)
    elif match := _AGO.match(cleaned):
        count = int(match.group(1))
        unit = match.group(2) or "days"
        found = base.subtract(weeks=count) if unit.startswith("w") else base.subtract(days=count)
    else:
        for index, name in enumerate(_WEEKDAYS):
            if cleaned in (name, name[:3]):
                found = base if base.weekday() == index else base.previous(pendulum.WeekDay(index))
    if found is not None:
        return date(found.year, found.month, found.day)
    if ISO_DATE.match(cleaned):
        return parse_iso_date(cleaned)
    raise ValueError(f"'{text.strip()}' is not a day: use {DAY_WORDS_HELP}")


def short_day(day: date) -> str:
    """'Sun 22 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    """'Sun 22 Nov 2026'."""
    return f"{short_day(day)} {day.year}"


def day_and_time(day: date, moment: datetime, today: date | None = None) -> str:
    """'Wed 25 Nov 09:12': a stored day and the local time of `moment` (when it was
    logged); with the year when it is not `today`'s year."""
    words = long_day(day) if today is not None and day.year != today.year else short_day(day)
    return f"{words} {moment.astimezone():%H:%M}"
