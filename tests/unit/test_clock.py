"""One clock: nothing outside coach/clock.py reads the wall clock; the clocks behave."""

from __future__ import annotations

import ast
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

import coach
from coach.clock import DayClock, FixedClock, SystemClock, clock_for, on_day
from tests import wallclock

PACKAGE = Path(coach.__file__).parent
# Calls that read the wall clock, by the name of what they are called on.
WALL_CLOCK_CALLS = {
    "datetime": {"now", "utcnow", "today", "fromtimestamp", "utcfromtimestamp"},
    "date": {"today", "fromtimestamp"},
    "time": {"time", "time_ns", "localtime", "gmtime", "ctime", "asctime", "strftime"},
    "pendulum": {"now", "today", "yesterday", "tomorrow", "local_timezone"},
}
# Names that read the wall clock when imported on their own (`from time import time`).
WALL_CLOCK_IMPORTS = {
    "time": {"time", "time_ns", "localtime", "gmtime", "ctime", "asctime", "strftime"},
    "pendulum": {"now", "today", "yesterday", "tomorrow"},
}


def wall_clock_reads(source: str) -> list[str]:
    """Every place in `source` that reads the wall clock, as 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module in WALL_CLOCK_IMPORTS:
            for alias in node.names:
                if alias.name in WALL_CLOCK_IMPORTS[node.module]:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value
            name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", None)
            if name in WALL_CLOCK_CALLS and node.func.attr in WALL_CLOCK_CALLS[name]:
                found.append(f"{node.lineno}: {name}.{node.func.attr}()")
            # `.astimezone()` with no zone is fine (it converts, it reads no time); a
            # call with no receiver name we know is somebody's own method.
    return found


def test_no_module_outside_the_clock_reads_the_wall_clock() -> None:
    offenders = {
        str(path.relative_to(PACKAGE.parent)): reads
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "clock.py" or path.parent != PACKAGE
        if (reads := wall_clock_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "from datetime import datetime\nx = datetime.now()",
        "import datetime\nx = datetime.datetime.now(datetime.timezone.utc)",
        "from datetime import date\nx = date.today()",
        "import time\nx = time.time()",
        "from time import time",
        "import pendulum\nx = pendulum.now()",
        "import pendulum\nx = pendulum.today().date()",
        "from datetime import datetime\nx = datetime.utcnow()",
    ],
)
def test_the_guard_sees_each_way_of_reading_the_wall_clock(source: str) -> None:
    assert wall_clock_reads(source), source


def test_the_guard_lets_the_monotonic_clock_and_clock_objects_through() -> None:
    source = (
        "import time\n"
        "a = time.monotonic()\n"
        "b = self.clock.now()\n"
        "c = clock.today()\n"
        "d = moment.astimezone()\n"
    )
    assert wall_clock_reads(source) == []


# --- the clocks ----------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")


def test_a_fixed_clock_stays_until_moved() -> None:
    clock = FixedClock.at(date(2026, 11, 25), 23, 59, 59, tz=LONDON)
    assert clock.today() == date(2026, 11, 25)
    clock.advance(seconds=1)
    assert clock.today() == date(2026, 11, 26)
    assert clock.now().tzinfo is LONDON


def test_a_fixed_clock_needs_a_zone() -> None:
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 11, 25, 12))


def test_a_day_clock_keeps_its_date_and_takes_the_real_time_of_day() -> None:
    real = FixedClock.at(date(2026, 12, 2), 7, 45, tz=LONDON)
    clock = DayClock(date(2026, 6, 1), real)
    assert clock.today() == date(2026, 6, 1)
    now = clock.now()
    assert (now.date(), now.hour, now.minute) == (date(2026, 6, 1), 7, 45)
    # Summer time on that day: the offset is that day's, not today's.
    assert now.utcoffset() == timedelta(hours=1)


def test_on_day_across_the_spring_clock_change() -> None:
    # 01:30 does not exist in London on 29 March 2026; it still lands on that day.
    moment = on_day(date(2026, 3, 29), datetime(2026, 1, 1, 1, 30, tzinfo=LONDON))
    assert moment.date() == date(2026, 3, 29)


def test_the_system_clock_follows_the_wall_clock() -> None:
    target = datetime(2031, 7, 4, 0, 0, 30, tzinfo=timezone.utc)
    with time_machine.travel(target, tick=False):
        now = SystemClock().now()
        assert now == target
        assert now.tzinfo is not None
        assert SystemClock().today() == now.date()
        assert clock_for(None).now() == target
        assert clock_for(date(2026, 11, 25)).today() == date(2026, 11, 25)


@pytest.mark.skipif(not os.environ.get(wallclock.ENV), reason="only under make test-moved-clock")
def test_the_moved_run_really_moves_the_wall_clock() -> None:
    """`make test-moved-clock` is no second run of the same thing: the wall clock that
    coach's SystemClock reads is a year and more ahead, just after midnight."""
    assert wallclock.MOVED_FROM is not None
    now = SystemClock().now()
    assert (now.date() - wallclock.MOVED_FROM.date()).days >= 365
    assert now.hour == 0 or (now - wallclock.MOVED_FROM).days >= 365
