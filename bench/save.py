"""Save benchmark: from a keypress that saves to the updated screen, ten years against one week.

A save must never freeze the screen. What a person waits for is the screen showing what
they did, not the write returning, so the clock runs from the key that saves to the
moment the new value is on the screen:
- water: `w` on Today, until Today's checklist says one glass more;
- pain: `l` opens the log form, a score is typed (not timed: that is the person), then
  ctrl+s, until the form has gone and Today says one entry more today.
"On the screen" means the widget holds the new text and the screen has been drawn
after it (a callback after the next refresh, as bench/diary.py waits for the diary).

It runs in-process, `App.run_test()` with the headless driver at 80x24, not in a pty
like bench/startup.py: the second figure needs the inside of the event loop, and a pty
would only add the terminal's own, fixed, cost of reading the keys and writing the
frame (the same for both diaries). The keys go in as the terminal would send them
(posted `Key` events; `Pilot.press` would also wait for the app to fall idle).

While each save runs, and for 250 ms after the screen shows it (what the save sets off
then, such as the footer rebuilt after the refresh, freezes the screen too), two
watchers measure how long the event loop was busy at a stretch (nothing else drawn, no
other key read):
- lateness, as bench/timer.py measures it: a task that sleeps 1 ms records how late it
  wakes; the largest lateness during the save is the loop's longest block (to within
  the 1 ms sleep);
- for context, the longest single asyncio callback (every callback timed by wrapping
  `asyncio.events.Handle._run`, in this process only), with what it was running.

The garbage collector is left as it is: a person's save does not start from a
collected heap, so its pauses count. Each round opens a new app on each diary in turn
(one week, ten years), ticks water several times and logs pain once.

Prints the medians and the ratios ten years / one week, and the worst loop block (a
busy machine stretches it too: the load average is printed with the figures). For
context, the same watchers time the anchor in the same run: a bare Textual app (its
own Footer) whose small modal form closes on ctrl+s and one line of the main screen
counts the entry, which is the least a pain save in Textual does.
Targets: ten years / one week <= 1.5 for each save; the loop never busy > 16 ms.

`--profile` instead prints where a save's time goes on each diary (store writes and
reads, load_snapshot's parts, Today's update, the paint, garbage collection), by
wrapping the functions by name in this process, then a cProfile of ten-year saves.

Usage: .venv/bin/python bench/save.py [--rounds N] [--saves N] [--profile]
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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TZ", "Europe/London")

from diary import POLL, TEN_YEARS, TODAY, build, painted  # type: ignore[import-not-found]  # noqa: E402

if TYPE_CHECKING:
    from coach.app import CoachApp

TARGET_RATIO = 1.5
TARGET_BLOCK_MS = 16.0
WATCH_INTERVAL = 0.001
AFTERMATH = 0.25  # seconds the loop is still watched after the screen shows the save
PAIN = 3  # the score typed into the log form


@dataclass
class LoopWatch:
    """How long the event loop was busy at a stretch while `active`."""

    active: bool = False
    lateness: float = 0.0
    callback: float = 0.0
    callback_what: str = ""
    task: asyncio.Task[None] | None = None
    original: Any = None

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self._watch())
        handle = asyncio.events.Handle
        self.original = handle._run
        original = self.original
        watch = self

        def timed_run(self: asyncio.Handle) -> None:
            if not watch.active:
                return original(self)  # type: ignore[no-any-return]
            began = time.perf_counter()
            try:
                return original(self)  # type: ignore[no-any-return]
            finally:
                took = time.perf_counter() - began
                if took > watch.callback:
                    watch.callback = took
                    watch.callback_what = describe(self)

        handle._run = timed_run  # type: ignore[method-assign]

    async def stop(self) -> None:
        asyncio.events.Handle._run = self.original  # type: ignore[method-assign]
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)

    def reset(self) -> None:
        self.lateness = self.callback = 0.0
        self.callback_what = ""
        self.active = True

    async def _watch(self) -> None:
        while True:
            due = time.perf_counter() + WATCH_INTERVAL
            await asyncio.sleep(WATCH_INTERVAL)
            late = time.perf_counter() - due
            if self.active and late > self.lateness:
                self.lateness = late


def describe(handle: asyncio.Handle) -> str:
    """What a callback was running: the task's coroutine, or the function's name."""
    callback = getattr(handle, "_callback", None)
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, asyncio.Task):
        coro = owner.get_coro()
        code = getattr(coro, "cr_code", None)
        if code is not None:
            return f"task {code.co_qualname}"
        return f"task {owner.get_name()}"
    return getattr(callback, "__qualname__", repr(callback))


@dataclass
class Save:
    seconds: float
    lateness: float
    callback: float
    callback_what: str


@dataclass
class Figures:
    water: list[Save] = field(default_factory=list)
    pain: list[Save] = field(default_factory=list)


def plain(widget: Any) -> str:
    """The text a Static shows now."""
    visual = widget.visual
    return str(getattr(visual, "plain", visual))


async def timed_save(
    app: CoachApp, key: Any, shown: Callable[[], bool], watch: LoopWatch, timeout: float = 30
) -> Save:
    """Post `key` as the terminal would and wait until `shown()` and the paint after it."""
    watch.reset()
    pressed = time.perf_counter()
    app.post_message(key)
    while not shown():
        if time.perf_counter() - pressed > timeout:
            raise TimeoutError("the save never showed on the screen")
        await asyncio.sleep(POLL)
    await painted(app)
    seconds = time.perf_counter() - pressed
    # What the save sets off after the screen shows it (the footer rebuilt after the
    # refresh, a notice, a read finishing elsewhere) can still freeze the screen: the
    # watchers go on for AFTERMATH, which also lets the last owed wake-up report.
    await asyncio.sleep(AFTERMATH)
    watch.active = False
    return Save(seconds, watch.lateness, watch.callback, watch.callback_what)


async def settle(app: CoachApp, pilot: Any) -> None:
    """Wait until the app is idle: past the background load of sqlite-utils too."""
    from coach.app import PRELOAD_AFTER

    await pilot.pause(PRELOAD_AFTER + 0.05)
    await app.workers.wait_for_complete()
    await pilot.pause(0.05)


async def open_today(path: Path, body: Callable[[CoachApp, Any], Awaitable[None]]) -> None:
    """A new app on the diary at `path`, Today drawn and the app idle, then `body`."""
    from coach.app import make_app

    # As `coach` starts (coach.__main__.run_app): collection off until Today is drawn,
    # then what start-up made is frozen out of later collections.
    gc.collect()
    gc.disable()
    app = make_app(db_path=path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.snapshot is None:
            await asyncio.sleep(0.0005)
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TodayScreen", app.screen
        await body(app, pilot)


def today_text(app: CoachApp, widget_id: str) -> str:
    screen = app.screen
    if type(screen).__name__ != "TodayScreen" or not screen.query(f"#{widget_id}"):
        return ""
    return plain(screen.query_one(f"#{widget_id}"))


async def prepare(app: CoachApp, pilot: Any, kind: str) -> tuple[Any, Callable[[], bool]]:
    """What a person does before the key that saves (not timed), then that key and
    how to tell the screen shows the save: `w` on Today, or the log form with a score."""
    from textual import events
    from textual.widgets import Input

    assert app.snapshot is not None
    if kind == "water":
        expected = f"Water {app.snapshot.checklist.get('water', 0) + 1} glass"
        return events.Key("w", "w"), lambda: expected in today_text(app, "checklist")
    # The entry is logged at the fixed clock's "now", which may sort before entries made
    # later that day, so the count of today's entries is what shows it reliably.
    logged = f" {len(app.snapshot.entries_on(TODAY)) + 1} entr"
    await pilot.press("l")
    while not (
        type(app.screen).__name__ == "LogEntryModal"
        and app.screen.is_mounted
        and isinstance(app.focused, Input)
    ):
        await pilot.pause(0.01)
    await pilot.press(*str(PAIN))
    await settle(app, pilot)
    return events.Key("ctrl+s", None), lambda: logged in today_text(app, "episode-detail")


async def water_save(app: CoachApp, watch: LoopWatch) -> Save:
    key, shown = await prepare(app, None, "water")
    assert not shown()
    return await timed_save(app, key, shown, watch)


async def pain_save(app: CoachApp, pilot: Any, watch: LoopWatch) -> Save:
    key, shown = await prepare(app, pilot, "pain")
    assert app.focused.value == str(PAIN), app.focused.value  # type: ignore[union-attr]
    return await timed_save(app, key, shown, watch)


async def round_on(path: Path, saves: int, figures: Figures) -> None:
    watch = LoopWatch()
    watch.start()

    async def body(app: CoachApp, pilot: Any) -> None:
        for _ in range(saves):
            figures.water.append(await water_save(app, watch))
            await settle(app, pilot)
        figures.pain.append(await pain_save(app, pilot, watch))
        await settle(app, pilot)

    try:
        await open_today(path, body)
    finally:
        await watch.stop()


def bare_form_app() -> Any:
    """The anchor: a bare Textual app (Textual's own Footer) whose `l` opens a small
    modal form; ctrl+s closes it and one line of the main screen counts the entry."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import ModalScreen
    from textual.widgets import Footer, Input, Static

    class Form(ModalScreen[int]):
        BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

        def compose(self) -> ComposeResult:
            yield Static("How much does it hurt now? (0-10)")
            yield Input(type="integer")
            yield Footer()

        def action_save(self) -> None:
            self.dismiss(int(self.query_one(Input).value or 0))

        def action_cancel(self) -> None:
            self.dismiss(-1)

    class BareFormApp(App[None]):
        BINDINGS = [Binding("l", "log", "Log pain"), Binding("q", "quit", "Quit")]

        def __init__(self) -> None:
            super().__init__()
            self.logged = 0

        def compose(self) -> ComposeResult:
            yield Static("Today", id="title")
            yield Static("0 entries today", id="count")
            for _ in range(6):
                yield Static("A line of the day's advice, long enough to wrap. " * 2)
            yield Footer()

        def action_log(self) -> None:
            def saved(pain: int | None) -> None:
                if pain is not None and pain >= 0:
                    self.logged += 1
                    self.query_one("#count", Static).update(f"{self.logged} entries today")

            self.push_screen(Form(), saved)

    return BareFormApp()


async def idle_round(windows: list[float]) -> None:
    """The machine's own stalls: an event loop with nothing to do, watched the same
    way for as long as a save is (up to its screen and AFTERMATH after)."""
    watch = LoopWatch()
    watch.start()
    try:
        for _ in range(4):
            watch.reset()
            await asyncio.sleep(0.03 + AFTERMATH)
            watch.active = False
            windows.append(watch.lateness)
    finally:
        await watch.stop()


async def anchor_round(saves: list[Save]) -> None:
    """One pain-like save in the bare app, timed and watched as coach's are."""
    from textual import events
    from textual.widgets import Input

    gc.collect()
    app = bare_form_app()
    watch = LoopWatch()
    watch.start()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.3)
            expected = f"{app.logged + 1} entries today"
            await pilot.press("l")
            while not isinstance(app.focused, Input):
                await pilot.pause(0.01)
            await pilot.press(*str(PAIN))
            await pilot.pause(0.35)
            count = app.screen_stack[0].query_one("#count")
            saves.append(
                await timed_save(
                    app, events.Key("ctrl+s", None), lambda: expected in plain(count), watch
                )
            )
    finally:
        await watch.stop()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def measure(paths: dict[str, Path], counts: dict[str, int], rounds: int, saves: int) -> int:
    figures = {name: Figures() for name in paths}
    anchor: list[Save] = []
    idle: list[float] = []
    for path in paths.values():  # warm imports and the file cache once
        asyncio.run(round_on(path, 1, Figures()))
    asyncio.run(anchor_round([]))
    for _ in range(rounds):
        for name, path in paths.items():
            asyncio.run(round_on(path, saves, figures[name]))
        asyncio.run(anchor_round(anchor))
        asyncio.run(idle_round(idle))

    print(
        f"a save, from the key to the updated screen (headless app, 80x24), {rounds} rounds: "
        f"water {rounds * saves} saves, pain {rounds} saves per diary"
    )
    worst_block = 0.0
    failed = False
    for kind in ("water", "pain"):
        what = "w on Today" if kind == "water" else "l, a score, ctrl+s"
        print(f"  {kind} ({what})")
        medians = {}
        for name in paths:
            saves_of = getattr(figures[name], kind)
            medians[name] = statistics.median(s.seconds for s in saves_of)
            late = [s.lateness for s in saves_of]
            longest = max(saves_of, key=lambda s: s.callback)
            worst_block = max(worst_block, max(late))
            print(
                f"    {name:9}  {ms(medians[name])}  (max {ms(max(s.seconds for s in saves_of))})"
                f"   loop busy at a stretch: median {ms(statistics.median(late))}, "
                f"max {ms(max(late))}   ({counts[name]:,} entries)"
            )
            print(
                f"               longest single callback {ms(longest.callback)}: "
                f"{longest.callback_what}"
            )
        ratio = medians["ten years"] / medians["one week"]
        ok = ratio <= TARGET_RATIO
        failed |= not ok
        print(
            f"    ratio ten years / one week = {ratio:.2f}  (target <= {TARGET_RATIO})  "
            f"{'ok' if ok else 'OVER TARGET'}"
        )
    late = [save.lateness for save in anchor]
    print(
        f"  for context, a bare Textual app closing a small modal form (its own Footer, one "
        f"line updated), same watchers: {ms(statistics.median(s.seconds for s in anchor))} "
        f"to the screen; loop busy at a stretch: median {ms(statistics.median(late))}, "
        f"max {ms(max(late))}"
    )
    print(
        f"  for context, an idle event loop watched as long, {len(idle)} times: longest "
        f"stall median {ms(statistics.median(idle))}, max {ms(max(idle))} (the machine's own)"
    )
    ok = worst_block * 1000 <= TARGET_BLOCK_MS
    failed |= not ok
    print(
        f"  longest the event loop was busy during a save (and {AFTERMATH * 1000:.0f} ms after): "
        f"{worst_block * 1000:.1f} ms  "
        f"(target <= {TARGET_BLOCK_MS:.0f} ms)  {'ok' if ok else 'OVER TARGET'}"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  (load average at the end: {load}, on {os.cpu_count()} cores)")
    print(f"{'FAIL' if failed else 'PASS'}: a save never freezes the screen")
    return 0


# --- --profile: where a save's time goes ---------------------------------------------------

# (label, module, attribute path, depth): wrapped by name if it exists, so the breakdown
# follows the code as it changes (a name that is gone is left out). Wrapped before the
# app is made, so methods bound at mount (Today's watcher, the screen's update timer)
# are the wrapped ones.
PROFILED = (
    ("app._save (the whole action, on the loop)", "coach.app", "CoachApp._save", 0),
    ("Diary.run (one transaction and the new state)", "coach.actions", "Diary.run", 1),
    ("store: log_pain", "coach.store", "Store.log_pain", 2),
    ("store: bump_checklist", "coach.store", "Store.bump_checklist", 2),
    ("Diary.refresh", "coach.actions", "Diary.refresh", 2),
    ("records read again (only what changed)", "coach.actions", "_Records.update", 3),
    ("records to snapshot", "coach.actions", "_Records.snapshot", 3),
    ("state.build_snapshot", "coach.state", "build_snapshot", 4),
    ("safety.daily_scores", "coach.safety", "daily_scores", 5),
    ("safety.evaluate", "coach.safety", "evaluate", 5),
    ("safety.recovered_on", "coach.safety", "recovered_on", 5),
    ("plan.streak", "coach.plan", "streak", 5),
    ("plan.make_plan", "coach.plan", "make_plan", 5),
    ("TodayScreen.show (widgets updated)", "coach.screens.today", "TodayScreen.show", 1),
    ("app.refresh_bindings (keys told)", "textual.app", "App.refresh_bindings", 1),
    ("screen update timer (layout + paint)", "textual.screen", "Screen._on_timer_update", 0),
    ("screen._refresh_layout", "textual.screen", "Screen._refresh_layout", 1),
    ("screen._compositor_refresh", "textual.screen", "Screen._compositor_refresh", 1),
    ("restyle (Stylesheet.update_nodes)", "textual.css.stylesheet", "Stylesheet.update_nodes", 0),
    ("mount new widgets (App._register)", "textual.app", "App._register", 0),
)
EXTRA = (
    "key to screen drawn (what the person waits)",
    "  of which: widgets updated to screen drawn",
    "garbage collection (during the save and after)",
    "loop busy at a stretch, longest (lateness)",
)


class Timings:
    """Seconds spent under each label, per save (`begin` starts a new save)."""

    def __init__(self) -> None:
        self.saves: list[dict[str, float]] = []
        self.recording = False

    def begin(self) -> None:
        self.saves.append({})
        self.recording = True

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(label, time.perf_counter() - began)

        return timed

    def add(self, label: str, seconds: float) -> None:
        if self.recording:
            totals = self.saves[-1]
            totals[label] = totals.get(label, 0.0) + seconds


def install(timings: Timings) -> list[tuple[Any, str, Any]]:
    """Wrap every function of PROFILED that exists; returns what to put back."""
    import importlib

    undo = []
    for label, module_name, path, _ in PROFILED:
        owner: Any = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        original = owner.__dict__.get(name) if owner is not None else None
        if original is None or not callable(original):
            continue
        setattr(owner, name, timings.wrap(label, original))
        undo.append((owner, name, original))
    return undo


async def cprofile_saves(path: Path, saves: int) -> None:
    import cProfile
    import pstats

    from textual import events

    profiler = cProfile.Profile()

    async def body(app: CoachApp, pilot: Any) -> None:
        for _ in range(saves):
            assert app.snapshot is not None
            expected = f"Water {app.snapshot.checklist.get('water', 0) + 1} glass"
            profiler.enable()
            app.post_message(events.Key("w", "w"))
            while expected not in today_text(app, "checklist"):
                await asyncio.sleep(POLL)
            await painted(app)
            await asyncio.sleep(AFTERMATH)
            profiler.disable()
            await settle(app, pilot)

    await open_today(path, body)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(15)


async def profile_saves(path: Path, saves: int, kind: str) -> list[dict[str, float]]:
    """Per save of `kind`: seconds under each label, the paint and GC."""
    timings = Timings()
    undo = install(timings)
    gc_began: list[float] = []
    collections: dict[int, int] = {}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_began.append(time.perf_counter())
        elif gc_began:
            if timings.recording:
                collections[info["generation"]] = collections.get(info["generation"], 0) + 1
            timings.add(EXTRA[2], time.perf_counter() - gc_began.pop())

    async def body(app: CoachApp, pilot: Any) -> None:
        watch = LoopWatch()
        watch.start()
        try:
            for _ in range(saves):
                key, shown = await prepare(app, pilot, kind)
                timings.begin()
                watch.reset()
                pressed = time.perf_counter()
                app.post_message(key)
                while not shown():
                    await asyncio.sleep(POLL)
                updated = time.perf_counter()
                await painted(app)
                done = time.perf_counter()
                await asyncio.sleep(AFTERMATH)
                watch.active = False
                timings.recording = False
                timings.saves[-1][EXTRA[0]] = done - pressed
                timings.saves[-1][EXTRA[1]] = done - updated
                timings.saves[-1][EXTRA[3]] = watch.lateness
                await settle(app, pilot)
        finally:
            await watch.stop()

    gc.callbacks.append(on_gc)
    try:
        await open_today(path, body)
    finally:
        gc.callbacks.remove(on_gc)
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)
    print(
        f"  ({kind}, {path.stem}: collections during {saves} saves: "
        + (", ".join(f"gen {g} x{n}" for g, n in sorted(collections.items())) or "none")
        + ")"
    )
    return timings.saves


async def timeline(path: Path, kind: str) -> None:
    """One save of `kind`, as the event loop ran it: each callback busy over 1 ms, in
    order, with the profiled functions that ran inside it (wrapping adds a little)."""
    events_seen: list[tuple[float, float, int, str]] = []
    recording = False
    handle = asyncio.events.Handle
    original_run = handle._run

    def timed_run(self: asyncio.Handle) -> None:
        began = time.perf_counter()
        try:
            original_run(self)
        finally:
            took = time.perf_counter() - began
            if recording and took > 0.001:
                events_seen.append((began, took, 0, describe(self)))

    class Inside(Timings):
        def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
            depth = {name: d for name, _, _, d in PROFILED}[label]

            def timed(*args: Any, **kwargs: Any) -> Any:
                began = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    took = time.perf_counter() - began
                    if recording and took > 0.0005:
                        events_seen.append((began, took, depth + 1, label))

            return timed

    undo = install(Inside())
    handle._run = timed_run  # type: ignore[method-assign]

    async def body(app: CoachApp, pilot: Any) -> None:
        nonlocal recording
        for _ in range(2):  # the first one warms up
            key, shown = await prepare(app, pilot, kind)
            events_seen.clear()
            recording = True
            pressed = time.perf_counter()
            app.post_message(key)
            while not shown():
                await asyncio.sleep(POLL)
            await painted(app)
            drawn = time.perf_counter()
            await asyncio.sleep(AFTERMATH)
            recording = False
            await settle(app, pilot)
        print(f"  {kind} on {path.stem}: the screen showed it after {ms(drawn - pressed)}")
        for began, took, depth, what in sorted(events_seen):
            print(f"    {ms(began - pressed)} {ms(took)}  {'  ' * depth}{what}")

    try:
        await open_today(path, body)
    finally:
        handle._run = original_run  # type: ignore[method-assign]
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)


def profile(paths: dict[str, Path], counts: dict[str, int], saves: int) -> int:
    for kind in ("water", "pain"):
        print(
            f"where a save's time goes ({kind}, and {AFTERMATH * 1000:.0f} ms after it is "
            f"drawn), median of {saves} saves, ms per save"
        )
        results = {}
        for name, path in paths.items():
            asyncio.run(profile_saves(path, 1, kind))  # warm
            results[name] = asyncio.run(profile_saves(path, saves, kind))
        depth = {label: d for label, _, _, d in PROFILED}
        names = list(paths)
        print(f"  {'':58}" + "".join(f"{name:>11}" for name in names))
        for label in [label for label, *_ in PROFILED] + list(EXTRA):
            row = [
                statistics.median(save.get(label, 0.0) for save in results[name]) for name in names
            ]
            indent = "  " * depth.get(label, 0)
            print(f"  {indent + label:58}" + "".join(f"{value * 1000:11.2f}" for value in row))
        print(
            "  (" + ", ".join(f"{name}: {counts[name]:,} entries" for name in names) + "; the "
            "timer, restyle and mount rows overlap: restyles and mounts run inside the timer "
            "and elsewhere)"
        )
        print()
    print("the event loop during one save: callbacks busy over 1 ms, from the key")
    for kind in ("water", "pain"):
        asyncio.run(timeline(paths["ten years"], kind))
    print()
    print(f"cProfile of {saves} water saves on the ten-year diary (key to screen drawn and after):")
    asyncio.run(cprofile_saves(paths["ten years"], saves))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--saves", type=int, default=3, help="water saves per round (3)")
    parser.add_argument("--profile", action="store_true", help="where a save's time goes")
    args = parser.parse_args()
    if args.rounds < 1 or args.saves < 1:
        parser.error("--rounds and --saves must be at least 1")

    import pendulum

    pendulum.set_local_timezone(pendulum.timezone(os.environ["TZ"]))
    with tempfile.TemporaryDirectory() as tmp:
        paths = {"one week": Path(tmp) / "week.db", "ten years": Path(tmp) / "ten-years.db"}
        counts = {
            name: build(path, TEN_YEARS if name == "ten years" else 7)
            for name, path in paths.items()
        }
        if args.profile:
            return profile(paths, counts, max(args.saves, 5))
        return measure(paths, counts, args.rounds, args.saves)


if __name__ == "__main__":
    sys.exit(main())
