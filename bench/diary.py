"""Diary benchmark: ten years of daily entries against one week, in the same run.

Builds two databases in a temporary folder (ten years of daily entries with several
on some days; one week), then, alternating between them for several rounds:

(a) opens the diary in the app: `app.run_test()` with the headless driver at 80x24,
    waits until the database is loaded, presses `d`, and stops the clock when the
    entries table holds rows and the screen has been drawn. The heap is collected
    just before the key press in both cases. Also timed, for context: the whole
    journey from creating the app to the diary drawn (this includes reading the
    whole episode into the app's snapshot, which the app does at start and after
    every save).
(b) computes the warnings (`coach.safety.evaluate`) of each episode.

Prints the medians and the ratios ten years / one week.
Target: opening the ten-year diary takes at most 1.5x the one-week one.

Usage: .venv/bin/python bench/diary.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TZ", "Europe/London")

TODAY = date(2026, 11, 25)
TARGET = 1.5
TEN_YEARS = 3653
# How often a bench looks for what a key brought on the screen: a short sleep, not a
# spin. A spin (sleep(0)) keeps the interpreter busy on the loop, and the diary's
# thread, where saves and reads run, gets it back only every switch interval (5 ms) at
# each SQLite call: a save then takes seconds, which no person's idle app does.
POLL = 0.0002


async def painted(app: Any) -> None:
    """Returns once the app's screen has been drawn after what is pending now."""
    done = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(done.set_result, None)
    await done


def build(path: Path, days: int) -> int:
    """A database with one episode of `days` days: one entry a day, two or three on some
    days (with notes, pain relief and now and then a symptom). Returns the entry count."""
    import pendulum

    from coach.store import Store

    tz = pendulum.local_timezone()  # type: ignore[operator]
    onset = TODAY - timedelta(days=days - 1)
    store = Store.open(path)
    store.set_setting("first_run_seen", "yes")
    at = pendulum.datetime(onset.year, onset.month, onset.day, 8, 30, tz=tz)
    with store.transaction():
        episode, _ = store.start_episode(onset=onset, now=at, pain=6, area="lower")
        count = 1
        for n in range(1, days):
            day = onset + timedelta(days=n)
            times = (8, 13, 20) if n % 5 == 0 else (8, 19) if n % 3 == 0 else (9,)
            for index, hour in enumerate(times):
                store.add_entry(
                    episode_id=episode.id,
                    pain=(n * 7 + index * 3) % 11,
                    logged_at=pendulum.datetime(day.year, day.month, day.day, hour, 5, tz=tz),
                    note=f"day {n}: walked, stretched [b]gently[/b]" if index == 0 else "",
                    meds=n % 4 == 0,
                    symptoms=("night_pain",) if n % 97 == 0 else (),
                )
                count += 1
    store.close()
    return count


async def open_diary(path: Path) -> tuple[float, float]:
    """Seconds from pressing `d` to a populated diary, and from creating the app."""
    from textual import events

    from coach.app import make_app
    from coach.screens.diary import DiaryScreen, EntryTable

    started = time.perf_counter()
    app = make_app(db_path=path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.snapshot is None:
            await asyncio.sleep(0.0005)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TodayScreen", app.screen
        # The key goes in as the terminal would send it. (Pilot.press would also wait
        # for the app to fall idle, which adds its own fixed delays to the figure.)
        key = events.Key("d", "d")
        # Start both diaries from a collected heap: the garbage left by loading ten years
        # into the snapshot belongs to the app's start, not to opening the diary.
        gc.collect()
        pressed = time.perf_counter()
        app.post_message(key)
        while True:
            screen = app.screen
            if isinstance(screen, DiaryScreen) and screen.is_mounted:
                table = screen.query_one("#entries", EntryTable)
                if table.row_count > 0:
                    break
            await asyncio.sleep(POLL)
        await painted(app)  # ...and until the screen with them has been drawn
        shown = time.perf_counter()
    return shown - pressed, shown - started


def warnings_time(path: Path, repeats: int = 20) -> float:
    """Median seconds for one `evaluate` of the episode, data already in memory."""
    from coach.content import red_flag_index
    from coach.safety import evaluate
    from coach.store import Store

    store = Store.open(path)
    episode = store.current_episode()
    assert episode is not None
    entries = store.entries(episode.id)
    symptoms = store.symptoms(episode.id)
    sessions = store.sessions(episode.id)
    store.close()
    flags = red_flag_index()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        evaluate(episode, entries, symptoms, sessions, TODAY, flags)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def snapshot_time(path: Path, repeats: int = 5) -> float:
    """Median seconds for the app's `load_snapshot` (run at start and after each save)."""
    from coach.store import Store

    try:
        from coach.actions import load_snapshot
    except ImportError:  # before it moved out of coach.app
        from coach.app import load_snapshot  # type: ignore[attr-defined,no-redef]

    store = Store.open(path)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        load_snapshot(store, TODAY)
        times.append(time.perf_counter() - start)
    store.close()
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    import pendulum

    pendulum.set_local_timezone(pendulum.timezone(os.environ["TZ"]))
    with tempfile.TemporaryDirectory() as tmp:
        paths = {"ten years": Path(tmp) / "ten-years.db", "one week": Path(tmp) / "week.db"}
        counts = {
            name: build(path, TEN_YEARS if name == "ten years" else 7)
            for name, path in paths.items()
        }
        for path in paths.values():  # warm imports and the file cache once
            asyncio.run(open_diary(path))
        press: dict[str, list[float]] = {name: [] for name in paths}
        whole: dict[str, list[float]] = {name: [] for name in paths}
        for _ in range(args.rounds):
            for name, path in paths.items():
                after_press, from_start = asyncio.run(open_diary(path))
                press[name].append(after_press)
                whole[name].append(from_start)
        warn = {name: warnings_time(path) for name, path in paths.items()}
        snap = {name: snapshot_time(path) for name, path in paths.items()}

    def report(title: str, values: dict[str, float], target: float | None = None) -> None:
        print(title)
        for name, value in values.items():
            print(f"  {name:9}  {ms(value)}   ({counts[name]:,} entries)")
        ratio = values["ten years"] / values["one week"]
        verdict = ""
        if target is not None:
            verdict = f"  (target <= {target})  {'ok' if ratio <= target else 'OVER TARGET'}"
        print(f"  ratio ten years / one week = {ratio:.2f}{verdict}")

    rounds = f"median of {args.rounds} rounds"
    report(
        f"(a) open the diary: press d until the entries are drawn, {rounds}",
        {name: statistics.median(v) for name, v in press.items()},
        TARGET,
    )
    report(
        f"    for context, new app to diary shown (includes loading the snapshot), {rounds}",
        {name: statistics.median(v) for name, v in whole.items()},
    )
    report("(b) compute the warnings (coach.safety.evaluate), median of 20", warn)
    report("    for context, load_snapshot (app start and after every save), median of 5", snap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
