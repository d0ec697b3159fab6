"""Calendar helpers: strict parsing, the user's local day, friendly formatting.

Pure: no textual, no sqlite. "Now" and "today" come from `coach.clock`, never from
here.
"""

from __future__ import annotations

import re
from datetime import date

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


def short_day(day: date) -> str:
    """'Sun 22 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


def long_day(day: date) -> str:
    """'Sun 22 Nov 2026'."""
    return f"{short_day(day)} {day.year}"
