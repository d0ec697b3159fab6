"""The diary's chart, folded: any span of days in a given width, a column for each day
or for each group of days a person can read (2 or 3 days, a week, whole weeks), each
showing the highest score of its days. Pure: the diary screen draws it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ChartColumns:
    """The chart's columns: the highest score of each group of `days` days, or None."""

    values: tuple[int | None, ...]
    days: int  # days per column
    cells: int  # terminal cells per column (wider bars for short episodes)
    first: date
    last: date


def days_per_column(span: int, width: int) -> int:
    """The fewest days per column so that `span` days fit in `width` columns.

    1, 2 or 3 days, a week, or a whole number of weeks: groups a person can read.
    """
    if span <= width:
        return 1
    for days in (2, 3, 7):
        if math.ceil(span / days) <= width:
            return days
    return 7 * math.ceil(span / (7 * width))


def chart_columns(scores: Mapping[date, int], first: date, last: date, width: int) -> ChartColumns:
    """Fold the day scores from `first` to `last` into at most `width` columns.

    Columns end on `last`, so the newest column is always one whole group.
    """
    width = max(width, 1)
    span = (last - first).days + 1
    days = days_per_column(span, width)
    count = math.ceil(span / days)
    values: list[int | None] = []
    for index in range(count):
        end = last - timedelta(days=(count - 1 - index) * days)
        group = [scores.get(end - timedelta(days=back)) for back in range(days)]
        known = [value for value in group if value is not None]
        values.append(max(known) if known else None)
    cells = 1 if days > 1 else max(1, min(4, width // count))
    return ChartColumns(tuple(values), days, cells, first, last)


def group_words(days: int) -> str:
    """What one column of the chart stands for: "day", "3 days", "week", "2 weeks"."""
    if days == 1:
        return "day"
    if days % 7 == 0:
        weeks = days // 7
        return "week" if weeks == 1 else f"{weeks} weeks"
    return f"{days} days"
