"""Checks on what a person types, shared by the command line and the screens.

Pure. Each check returns the clean value or raises ValueError with a message that
says what is wrong and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from coach.dates import parse_day, parse_iso_date
from coach.textsafe import unsafe_message

NOTE_LIMIT = 2000
ONSET_LIMIT_DAYS = 365
PAIN_MESSAGE = "pain must be a whole number from 0 to 10"
# ASCII digits only: int() would also read Arabic-Indic or full-width digits, which a
# person reading the diary (or a spreadsheet) would not see as the same number.
_WHOLE = re.compile(r"^[+-]?[0-9]+$", re.ASCII)
# The days coach works with. Stored data (an import) must lie between FIRST_DAY and
# tomorrow; `--today` may pretend any day up to LAST_DAY, far enough from the end of the
# calendar (9999-12-31) that no date arithmetic coach does can overflow.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2999, 12, 31)


def pain(text: str) -> int:
    """'4' -> 4; anything but a whole number from 0 to 10 is refused."""
    text = text.strip()
    if not _WHOLE.match(text):
        raise ValueError(PAIN_MESSAGE)
    value = int(text)
    if not 0 <= value <= 10:
        raise ValueError(PAIN_MESSAGE)
    return value


def plain_text(text: str, what: str) -> str:
    """Refuse control characters, bidi overrides and lone surrogates (coach.textsafe):
    `what` names the field in the message ('the note')."""
    problem = unsafe_message(text, what)
    if problem is not None:
        raise ValueError(problem)
    return text


def note(text: str) -> str:
    if len(text) > NOTE_LIMIT:
        raise ValueError(f"the note is {len(text):,} characters; the limit is {NOTE_LIMIT:,}")
    return plain_text(text, "the note")


def pretend_today(text: str) -> date:
    """`--today`: a real date from FIRST_DAY to LAST_DAY."""
    day = parse_iso_date(text)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{day.isoformat()} is out of range; --today must be from "
            f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
        )
    return day


def stored_day_range(today: date) -> tuple[date, date]:
    """The first and last day a stored date may have: FIRST_DAY to tomorrow (a day of
    slack for a diary written in a time zone ahead of this one)."""
    return FIRST_DAY, today + timedelta(days=1)


def entry_day(text: str, today: date) -> date:
    """A diary day, in the words `coach.dates.parse_day` takes; not in the future."""
    day = parse_day(text, today)
    if day > today:
        raise ValueError(f"{day.isoformat()} is in the future; today is {today.isoformat()}")
    _not_before_first(day)
    return day


def _not_before_first(day: date) -> None:
    if day < FIRST_DAY:
        raise ValueError(f"{day.isoformat()} is too early; coach keeps days from {FIRST_DAY}")


def onset(text: str, today: date) -> date:
    """When the pain started, in the words `coach.dates.parse_day` takes (today,
    yesterday, N days or weeks ago, a weekday, YYYY-MM-DD).

    Never in the future and never more than a year ago.
    """
    if not text.strip():
        raise ValueError("say when it started: today, yesterday, 3 days ago, or a date")
    day = parse_day(text, today)
    if day > today:
        raise ValueError("that is in the future; pain can only have started by today")
    if (today - day).days > ONSET_LIMIT_DAYS:
        raise ValueError("that is more than a year ago; coach is for a recent strain")
    _not_before_first(day)
    return day


def symptom_keys(keys: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    valid = list(known)
    result = []
    for key in keys:
        if key not in valid:
            raise ValueError(f"unknown symptom '{key}'; valid keys: {', '.join(valid)}")
        if key not in result:
            result.append(key)
    return tuple(result)
