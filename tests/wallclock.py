"""Run the tests, and the `coach` processes they start, under a moved wall clock.

`make test-moved-clock` sets COACH_TEST_WALL_CLOCK=ahead: the wall clock of every
test process (and of every `coach` the command-line tests start, through
`python -m tests.wallclock ARGS`) then reads just after local midnight about a year
from now, and keeps ticking. The suite must pass all the same: the tests pass their
own fixed clocks, and nothing in coach reads the wall clock but `coach.clock`.
An ISO-8601 moment works as the value too.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, time, timedelta

ENV = "COACH_TEST_WALL_CLOCK"
# The real moment when `start` moved the clock (None: it was not moved).
MOVED_FROM: datetime | None = None


def destination() -> datetime | None:
    """Where the wall clock goes, or None when it stays where it is."""
    value = os.environ.get(ENV, "")
    if not value:
        return None
    if value == "ahead":
        # Just after local midnight, a year and a day from today: a new day, a new year.
        real = datetime.now().astimezone()
        day = real.date() + timedelta(days=366)
        return datetime.combine(day, time(0, 0, 30)).astimezone()
    return datetime.fromisoformat(value)


def start() -> None:
    """Move this process's wall clock, if asked (time-machine leaves monotonic alone)."""
    global MOVED_FROM
    moment = destination()
    if moment is None:
        return
    import time_machine

    MOVED_FROM = datetime.now().astimezone()
    # A POSIX timestamp, not the aware datetime: time-machine would also switch the
    # process's time zone to the destination's, and the local zone must stay as it is.
    time_machine.travel(moment.timestamp(), tick=True).start()


def coach_argv() -> list[str]:
    """How a test starts the real `coach` command in a new process."""
    if os.environ.get(ENV):
        return [sys.executable, "-m", "tests.wallclock"]
    return [sys.executable, "-m", "coach"]


if __name__ == "__main__":
    start()
    from coach.__main__ import main

    sys.exit(main(sys.argv[1:]))
