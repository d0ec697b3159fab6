"""The one clock: the only module that reads the wall clock.

The app, every command and every rule ask a `Clock` for "now" (an aware local
date-time) and "today" (its local calendar date); nothing else in coach reads the
wall clock, and a test in tests/unit/test_clock.py fails if anything does.
Countdowns keep their own monotonic clock (`time.monotonic`), which no date change
can move.

* `SystemClock`: the machine's local time, in the machine's local time zone.
* `DayClock`: `--today D`: the date D at the real local time of day, so entries made
  "as of" D keep their order within the day.
* `FixedClock`: one moment that moves only when a test moves it.

Pure standard library: no textual, no sqlite, no pendulum (it is not needed on the
way to the first screen).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Where "now" comes from."""

    def now(self) -> datetime:
        """The current moment, time-zone aware, in the local zone."""
        ...

    def today(self) -> date:
        """The local calendar date of `now()`."""
        ...


def _system_now() -> datetime:
    # astimezone() with no argument gives the local zone's offset for that moment,
    # daylight saving included.
    return datetime.now().astimezone()


def on_day(day: date, moment: datetime) -> datetime:
    """`moment`'s local time of day, on `day`, in `moment`'s zone (or the system's local
    zone when `moment` carries only a fixed offset).

    A time that a daylight-saving change skips on `day` resolves as the system does
    (the local time is taken as standard time); one that repeats takes its first
    occurrence.
    """
    wall = datetime.combine(
        day, time(moment.hour, moment.minute, moment.second, moment.microsecond)
    )
    zone = moment.tzinfo
    if zone is not None and hasattr(zone, "key"):  # a named zone (zoneinfo): exact rules
        return wall.replace(tzinfo=zone)
    return wall.astimezone()  # naive: the system's local zone decides the offset


class SystemClock:
    """The machine's wall clock, in its local time zone."""

    def now(self) -> datetime:
        return _system_now()

    def today(self) -> date:
        return self.now().date()


class DayClock:
    """`--today D`: the date is D; the time of day is the real local time of day."""

    def __init__(self, day: date, real: Clock | None = None) -> None:
        self.day = day
        self.real = real or SystemClock()

    def now(self) -> datetime:
        return on_day(self.day, self.real.now())

    def today(self) -> date:
        return self.day


class FixedClock:
    """A clock for tests: `moment` until a test moves it with `advance` or `set`."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a clock's moment must be time-zone aware")
        self.moment = moment

    @classmethod
    def at(
        cls, day: date, hour: int = 12, minute: int = 0, second: int = 0, *, tz: tzinfo
    ) -> FixedClock:
        return cls(datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz))

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()

    def advance(self, **delta: float) -> None:
        """Move on by a `timedelta(**delta)`, e.g. `advance(seconds=1)`."""
        self.moment = self.moment + timedelta(**delta)

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a clock's moment must be time-zone aware")
        self.moment = moment


def clock_for(today: date | None) -> Clock:
    """The command line's clock: `--today D` if given, else the system clock."""
    return SystemClock() if today is None else DayClock(today)
