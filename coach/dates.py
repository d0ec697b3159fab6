"""Calendar helpers: strict parsing, the user's local day, friendly formatting.

Pure: no textual, no sqlite. pendulum does the time-zone work; it is imported
inside the functions that need it so that importing this module stays free.
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


def local_today() -> date:
    import pendulum

    return pendulum.today().date()


def local_now() -> datetime:
    import pendulum

    return pendulum.now()


def moment_on(day: date, now: datetime) -> datetime:
    """`now`'s local time of day, on `day`: where an entry made "as of" that day goes."""
    import pendulum

    tz = pendulum.local_timezone()
    local = pendulum.instance(now).in_tz(tz)
    return pendulum.datetime(
        day.year, day.month, day.day, local.hour, local.minute, local.second, tz=tz
    )


def short_day(day: date) -> str:
    """'Sun 22 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    """'Sun 22 Nov 2026'."""
    return f"{short_day(day)} {day.year}"
