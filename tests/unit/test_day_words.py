"""One parser of day words for the intake and `coach log --date` (PRODUCT.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach import validate
from coach.dates import parse_day

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("Yesterday", date(2026, 11, 24)),
        ("3 days ago", date(2026, 11, 22)),
        ("1 day ago", date(2026, 11, 24)),
        ("3", date(2026, 11, 22)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("1 week ago", date(2026, 11, 18)),
        ("monday", date(2026, 11, 23)),
        ("Mon", date(2026, 11, 23)),
        ("wednesday", date(2026, 11, 25)),  # today included
        ("thursday", date(2026, 11, 19)),  # the most recent one: last week's
        ("sun", date(2026, 11, 22)),
        ("2026-11-20", date(2026, 11, 20)),
        ("  3   days   ago ", date(2026, 11, 22)),
    ],
)
def test_the_words_a_person_uses(words: str, expected: date) -> None:
    day = parse_day(words, WEDNESDAY)
    assert day == expected and type(day) is date


@pytest.mark.parametrize("words", ["", "tomorrow", "25/11/2026", "next monday", "3 months ago"])
def test_anything_else_is_explained(words: str) -> None:
    with pytest.raises(ValueError, match="today, yesterday"):
        parse_day(words, WEDNESDAY)


@pytest.mark.parametrize("words", ["2 weeks ago", "monday", "yesterday", "2026-11-20"])
def test_the_intake_and_the_shell_take_the_same_words(words: str) -> None:
    assert validate.onset(words, WEDNESDAY) == validate.entry_day(words, WEDNESDAY)


@given(st.dates(date(2001, 1, 1), date(2099, 12, 31)), st.integers(0, 6))
def test_a_weekday_is_never_in_the_future_nor_a_week_or_more_back(today: date, index: int) -> None:
    name = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[index]
    day = parse_day(name, today)
    assert day.weekday() == index
    assert timedelta(0) <= today - day < timedelta(days=7)
