"""Busy benchmark: a save while another process holds the diary's write lock.

Another process may be writing the diary when a person saves (`coach log 4` or
`coach import` in another terminal): SQLite makes the save wait for the lock, up to
coach.store.BUSY_TIMEOUT_MS. The wait cannot be helped; a frozen screen while it lasts
(nothing drawn, no timer ticking, no key read) can.

Each round opens a new app on a one-week diary (`App.run_test()`, headless, 80x24,
as bench/save.py does), then:
- for context, ticks water (`w` on Today) with nothing held;
- starts another process (the stdlib sqlite3 module) that runs `BEGIN IMMEDIATE` on
  the diary, says so, holds the lock for HOLD seconds, commits and exits. Once it has
  said so (not timed), `w` goes in as the terminal would send it, and the clock runs
  until Today's checklist says one glass more and the screen has been drawn after it.
  That should take about HOLD: the save waits for the lock (and up to 100 ms more:
  SQLite's busy handler sleeps between tries).
While each save runs, and for 250 ms after the screen shows it, three things watch:
- bench/save.py's LoopWatch: the loop's longest block (a task that sleeps 1 ms and
  records how late it wakes);
- a 50 ms interval timer on the app (`set_interval`): the longest gap between its
  ticks, what a countdown on the screen would show;
- each tick also queues a callback on the app's message queue (`call_next`), where
  keys are read: the longest gap between those, for context (a loop can be free
  while the app still waits on the save before it reads the next key).
Each save must land (the checklist shows the new count, the other process exits 0);
if one does not, one line says so and the exit status is 1.

Prints the figures per round, their medians and, for context, those of the save with
nothing held. Target: the event loop never busy for more than 16 ms at a stretch while
the save waits (bench/save.py's TARGET_BLOCK_MS).

Usage: .venv/bin/python bench/busy.py [--rounds N] [--hold S]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from diary import build  # type: ignore[import-not-found]  # noqa: E402
from save import (  # type: ignore[import-not-found]  # noqa: E402
    AFTERMATH,
    TARGET_BLOCK_MS,
    LoopWatch,
    ms,
    open_today,
    prepare,
    settle,
    timed_save,
)

if TYPE_CHECKING:
    from coach.app import CoachApp

TICK = 0.05  # seconds between the interval timer's ticks
HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding the write lock", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
conn.close()
"""


class SaveFailed(Exception):
    """A round whose save did not land: said in one line, exit 1."""


@dataclass
class Figure:
    seconds: float  # key to screen
    block: float  # the loop's longest block (LoopWatch lateness)
    timer_gap: float  # longest gap between the interval timer's ticks
    queue_gap: float  # longest gap between the callbacks on the app's queue
    ticks: int  # the timer's ticks in the window
    due: int  # the ticks a free loop would have run in it


@dataclass
class Ticks:
    """When the interval timer ticked, and when the app's queue ran what each tick queued."""

    timer: list[float]
    queue: list[float]

    def longest_gap(self, times: list[float], began: float, ended: float) -> float:
        """The longest stretch in [began, ended] without a tick (from the tick before)."""
        before = [t for t in times if t < began]
        inside = [t for t in times if began <= t <= ended]
        points = (before[-1:] or [began]) + inside + [ended]
        return max(b - a for a, b in zip(points, points[1:], strict=False))


async def watched_water_save(
    app: CoachApp, watch: LoopWatch, ticks: Ticks, timeout: float, what: str
) -> Figure:
    key, shown = await prepare(app, None, "water")
    began = time.perf_counter()
    try:
        save = await timed_save(app, key, shown, watch, timeout=timeout)
    except TimeoutError:
        from coach.store import BUSY_TIMEOUT_MS

        watch.active = False
        raise SaveFailed(
            f"the save {what}: the checklist did not show the new glass within {timeout:.0f} s "
            f"of the key (SQLite waits up to {BUSY_TIMEOUT_MS / 1000:.0f} s for the lock)"
        ) from None
    ended = time.perf_counter()
    return Figure(
        save.seconds,
        save.lateness,
        ticks.longest_gap(ticks.timer, began, ended),
        ticks.longest_gap(ticks.queue, began, ended),
        sum(began <= t <= ended for t in ticks.timer),
        int((ended - began) / TICK),
    )


async def round_on(path: Path, hold: float, free: list[Figure], held: list[Figure]) -> None:
    """One app: a save with nothing held, then one while another process holds the lock."""
    from coach.store import BUSY_TIMEOUT_MS

    timeout = BUSY_TIMEOUT_MS / 1000 + 3
    watch = LoopWatch()
    watch.start()

    async def body(app: CoachApp, pilot: Any) -> None:
        ticks = Ticks([], [])

        def tick() -> None:
            ticks.timer.append(time.perf_counter())
            app.call_next(lambda: ticks.queue.append(time.perf_counter()))

        app.set_interval(TICK, tick)
        await pilot.pause(4 * TICK)
        free.append(await watched_water_save(app, watch, ticks, timeout, "with nothing held"))
        await settle(app, pilot)
        holder = await asyncio.create_subprocess_exec(
            *(sys.executable, "-c", HOLDER, str(path), str(hold)),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert holder.stdout is not None and holder.stderr is not None
        try:
            said = await asyncio.wait_for(holder.stdout.readline(), timeout=30)
            if not said.startswith(b"holding"):
                why = (await holder.stderr.read()).decode(errors="replace").strip()
                raise SaveFailed(
                    "the other process could not take the diary's write lock: "
                    + (why.splitlines() or ["it said nothing"])[-1]
                )
            held.append(
                await watched_water_save(app, watch, ticks, timeout, "while the diary was held")
            )
            code = await asyncio.wait_for(holder.wait(), timeout=hold + 30)
        except TimeoutError:
            raise SaveFailed("the process holding the diary did not finish in time") from None
        finally:
            if holder.returncode is None:
                holder.kill()
                await holder.wait()
        if code != 0:
            raise SaveFailed(f"the process holding the diary exited {code}")
        await settle(app, pilot)

    try:
        await open_today(path, body)
    finally:
        await watch.stop()


def report(hold: float, free: list[Figure], held: list[Figure]) -> bool:
    """Prints the figures; True if the target is met."""

    def row(label: str, figures: list[Figure], median: bool = False) -> str:
        pick = statistics.median if median else max
        return (
            f"  {label:9}   {ms(pick(f.seconds for f in figures))}"
            f"   {ms(pick(f.block for f in figures))}"
            f"     {ms(pick(f.timer_gap for f in figures))} "
            f"({pick(f.ticks for f in figures):2.0f}/{pick(f.due for f in figures):2.0f})"
            f"    {ms(pick(f.queue_gap for f in figures))}"
        )

    print(
        f"a water save (w on Today) while another process holds the diary's write lock for "
        f"{hold:.1f} s, {len(held)} rounds (headless app, 80x24, one-week diary)"
    )
    print(
        f"  {'':9}{'key to screen':>13}{'loop busy':>13}{'timer gap (ticks/due)':>23}"
        f"{'app queue gap':>14}"
    )
    for number, figure in enumerate(held, 1):
        print(row(f"round {number}", [figure]))
    print(row("median", held, median=True))
    print(
        f"  (loop busy: the event loop's longest block; timer gap: the longest gap between "
        f"ticks of a {TICK * 1000:.0f} ms interval timer, its ticks and those due; app "
        f"queue gap: the same for a callback each tick queues where keys are read. From the key to "
        f"{AFTERMATH * 1000:.0f} ms after the screen shows the save.)"
    )
    print("  for context, the same save with nothing held, in the same apps:")
    print(row("median", free, median=True))
    worst = max(f.block for f in held)
    ok = worst * 1000 <= TARGET_BLOCK_MS
    print(
        f"  longest the event loop was busy while a save waited for the diary: "
        f"{worst * 1000:.1f} ms  (target <= {TARGET_BLOCK_MS:.0f} ms)  "
        f"{'ok' if ok else 'OVER TARGET'}"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  (load average at the end: {load}, on {os.cpu_count()} cores)")
    print(f"{'PASS' if ok else 'FAIL'}: the screen keeps drawing while a save waits for the diary")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--hold", type=float, default=1.0, help="seconds the lock is held (1.0)")
    args = parser.parse_args()
    if args.rounds < 1 or not 0 < args.hold < 60:
        parser.error("--rounds must be at least 1 and --hold between 0 and 60 seconds")

    import pendulum

    pendulum.set_local_timezone(pendulum.timezone(os.environ["TZ"]))
    free: list[Figure] = []
    held: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "week.db"
        build(path, 7)
        for number in range(args.rounds + 1):  # round 0 warms imports and the file cache
            try:
                asyncio.run(round_on(path, args.hold, *(([], []) if number == 0 else (free, held))))
            except SaveFailed as error:
                where = f"round {number}" if number else "the warm-up round"
                print(f"busy.py: {where}, {error}", file=sys.stderr)
                return 1
    report(args.hold, free, held)
    return 0


if __name__ == "__main__":
    sys.exit(main())
