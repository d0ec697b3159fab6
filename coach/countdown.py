"""The routine player's countdown engine. Pure: standard library only.

Time comes from deadlines on an injected monotonic clock, never from counting
ticks. The current phase has a deadline (when it started, plus its seconds, plus
any time spent paused). A tick only *reads* the clock: when it comes late, every
phase whose deadline has passed ends at its own deadline and the next one starts
from there, so the overshoot is carried over exactly and a slow frame neither
loses nor adds time. Pausing freezes the remaining seconds; resuming sets a new
deadline from them.

Semantics worth knowing:

- `back()` works like a music player's: more than `back_grace` seconds (2 s) into
  a phase it restarts that phase; otherwise it goes to the start of the previous
  phase (at the first phase it restarts the first phase).
- `seconds_done` is the time the routine actually ran: pauses are excluded, the
  unplayed remainder of a skipped phase is excluded, and a phase replayed after
  `back()` counts again (the person did stretch for that long).
- `steps_done` counts the distinct "step" phases that ran to their end. A skipped
  step is not counted; a step completed and then replayed counts once.
- Once finished, the countdown stays finished: start, pause, resume, toggle,
  skip and back do nothing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

PhaseKind = Literal["ready", "step", "switch", "rest"]
PHASE_KINDS: tuple[PhaseKind, ...] = ("ready", "step", "switch", "rest")
Side = Literal["left", "right"]
SIDES: tuple[Side, ...] = ("left", "right")
BreathKind = Literal["in", "out"]
ChangeReason = Literal["ended", "skip", "back"]

BACK_GRACE = 2.0
"""Seconds into a phase within which `back()` goes to the previous phase."""


@dataclass(frozen=True)
class Phase:
    """One timed stretch of a routine: get ready, a step, a side switch or a rest.

    `breath_in` and `breath_out` are the halves of a paced breathing cycle in
    seconds; both 0 means no pacing.
    """

    kind: PhaseKind
    label: str
    seconds: float
    step_index: int | None = None
    side: Side | None = None
    breath_in: float = 0
    breath_out: float = 0

    def __post_init__(self) -> None:
        if self.kind not in PHASE_KINDS:
            raise ValueError(f"phase kind must be one of {', '.join(PHASE_KINDS)}: {self.kind!r}")
        if self.side is not None and self.side not in SIDES:
            raise ValueError(f"phase side must be left, right or None: {self.side!r}")
        for name in ("seconds", "breath_in", "breath_out"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"phase {name} must be a finite number of seconds >= 0: {value}")

    @property
    def paced(self) -> bool:
        """Whether this phase has a paced breathing cycle."""
        return self.breath_in + self.breath_out > 0


@dataclass(frozen=True)
class PhaseChange:
    """One move from a phase to another, reported once by the next `tick()`.

    `to_index` is None when the move finished the routine. `at` is the clock
    time of the move: the exact deadline for "ended", the call time for "skip"
    and "back". A "back" that restarts the current phase has `to_index ==
    from_index`.
    """

    from_index: int
    to_index: int | None
    at: float
    reason: ChangeReason


@dataclass(frozen=True)
class Tick:
    """A snapshot of the countdown at clock time `now`."""

    now: float
    index: int
    phase: Phase
    remaining: float
    elapsed: float
    fraction: float
    remaining_total: float
    total_fraction: float
    started: bool
    paused: bool
    finished: bool
    breath: tuple[BreathKind | None, float]
    changes: tuple[PhaseChange, ...]

    @property
    def ended(self) -> tuple[int, ...]:
        """Indices of the phases that ran out since the previous tick (ring once each)."""
        return tuple(change.from_index for change in self.changes if change.reason == "ended")


def with_ready(
    phases: Iterable[Phase], ready_seconds: float = 5, label: str = "Get ready"
) -> tuple[Phase, ...]:
    """The phases with a "ready" phase of `ready_seconds` in front (none if 0)."""
    rest = tuple(phases)
    if ready_seconds == 0:
        return rest
    return (Phase("ready", label, ready_seconds), *rest)


class Countdown:
    """A sequence of phases counted down against deadlines on `clock`.

    Every method and property first brings the countdown up to the clock's
    current time, so reads are never stale. Phase changes are queued and handed
    out once by `tick()`.
    """

    def __init__(
        self,
        phases: Sequence[Phase],
        clock: Callable[[], float] = time.monotonic,
        *,
        back_grace: float = BACK_GRACE,
    ) -> None:
        self._phases = tuple(phases)
        if not self._phases:
            raise ValueError("a countdown needs at least one phase")
        self._clock = clock
        self._back_grace = back_grace
        seconds = [phase.seconds for phase in self._phases]
        self._total = math.fsum(seconds)
        # Seconds of all phases after index i, for the whole-routine remaining time.
        self._after = tuple(math.fsum(seconds[i + 1 :]) for i in range(len(seconds)))
        self._index = 0
        self._started = False
        self._paused = False
        self._finished = False
        self._deadline = 0.0  # meaningful only while running
        self._frozen = self._phases[0].seconds  # remaining while not running
        self._left_behind = 0.0  # run time of phases already left
        self._ready_behind = 0.0  # the part of it spent in "ready" phases
        self._completed: set[int] = set()
        self._changes: list[PhaseChange] = []
        self._started_at: float | None = None
        self._finished_at: float | None = None

    # -- controls -------------------------------------------------------------

    def start(self) -> None:
        """Start counting down the current phase. Does nothing once started."""
        if self._started or self._finished:
            return
        now = self._clock()
        self._started = True
        self._started_at = now
        self._deadline = now + self._frozen

    def pause(self) -> None:
        """Freeze the remaining time exactly. Does nothing unless running."""
        now = self._advance()
        if not self._running:
            return
        self._frozen = max(0.0, self._deadline - now)
        self._paused = True

    def resume(self) -> None:
        """Continue after a pause with a new deadline from the frozen remaining time."""
        if not (self._started and self._paused) or self._finished:
            return
        self._deadline = self._clock() + self._frozen
        self._paused = False

    def toggle(self) -> None:
        """Start if not started, else pause when running and resume when paused."""
        if not self._started:
            self.start()
        elif self._paused:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        """Leave the current phase now for the next one; at the last phase, finish."""
        now = self._advance()
        if self._finished:
            return
        index = self._index
        self._leave(index, self._elapsed(now))
        if index + 1 < len(self._phases):
            self._enter(index + 1, now)
            self._changes.append(PhaseChange(index, index + 1, now, "skip"))
        else:
            self._finish(now, "skip")

    def back(self) -> None:
        """Restart the current phase, or go to the previous one if barely into this one."""
        now = self._advance()
        if self._finished:
            return
        index = self._index
        elapsed = self._elapsed(now)
        self._leave(index, elapsed)
        target = index if elapsed > self._back_grace or index == 0 else index - 1
        self._enter(target, now)
        self._changes.append(PhaseChange(index, target, now, "back"))

    def tick(self) -> Tick:
        """A snapshot at the clock's current time, with the changes since the last tick."""
        now = self._advance()
        changes = tuple(self._changes)
        self._changes.clear()
        phase = self._phases[self._index]
        remaining = self._remaining(now)
        elapsed = phase.seconds - remaining
        if self._finished:
            fraction = 1.0
        elif phase.seconds > 0:
            fraction = min(1.0, elapsed / phase.seconds)
        else:
            fraction = 0.0
        remaining_total = 0.0 if self._finished else remaining + self._after[self._index]
        return Tick(
            now=now,
            index=self._index,
            phase=phase,
            remaining=remaining,
            elapsed=elapsed,
            fraction=fraction,
            remaining_total=remaining_total,
            total_fraction=self._total_fraction(remaining_total),
            started=self._started,
            paused=self._paused,
            finished=self._finished,
            breath=self._breath(now),
            changes=changes,
        )

    def breath(self, now: float | None = None) -> tuple[BreathKind | None, float]:
        """The half of the paced breath at `now` and how far into that half (0-1).

        (None, 0.0) when the current phase has no pacing or the routine is over.
        The breath follows the time run in the phase, so it stops while paused.
        """
        return self._breath(self._advance(now))

    # -- reads ----------------------------------------------------------------

    @property
    def phases(self) -> tuple[Phase, ...]:
        return self._phases

    @property
    def total_seconds(self) -> float:
        """The sum of all phases' seconds."""
        return self._total

    @property
    def index(self) -> int:
        self._advance()
        return self._index

    @property
    def phase(self) -> Phase:
        self._advance()
        return self._phases[self._index]

    @property
    def started(self) -> bool:
        return self._started

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def finished(self) -> bool:
        self._advance()
        return self._finished

    @property
    def started_at(self) -> float | None:
        """Clock time of `start()`, or None before it."""
        return self._started_at

    @property
    def finished_at(self) -> float | None:
        """Clock time the routine finished: the last deadline, or the final skip."""
        self._advance()
        return self._finished_at

    @property
    def remaining(self) -> float:
        """Seconds left in the current phase (never negative)."""
        return self._remaining(self._advance())

    @property
    def remaining_total(self) -> float:
        """Seconds left in the whole routine from where it is now."""
        now = self._advance()
        if self._finished:
            return 0.0
        return self._remaining(now) + self._after[self._index]

    @property
    def seconds_done(self) -> float:
        """Seconds actually run: no pauses, no skipped remainders; replays count."""
        now = self._advance()
        return self._left_behind + self._elapsed(now)

    @property
    def active_seconds_done(self) -> float:
        """`seconds_done` without the time spent in "ready" phases (the get-ready
        countdown): the time actually spent on the routine itself."""
        now = self._advance()
        current = self._elapsed(now)
        ready = self._ready_behind + (current if self._phases[self._index].kind == "ready" else 0)
        return max(0.0, self._left_behind + current - ready)

    @property
    def steps_done(self) -> int:
        """Distinct "step" phases that ran to their end (skipped ones do not count)."""
        self._advance()
        return sum(1 for i in self._completed if self._phases[i].kind == "step")

    # -- internals ------------------------------------------------------------

    @property
    def _running(self) -> bool:
        return self._started and not self._paused and not self._finished

    def _advance(self, now: float | None = None) -> float:
        """End every phase whose deadline is at or before `now`, each at its deadline."""
        if now is None:
            now = self._clock()
        if not self._running:
            return now
        last = len(self._phases) - 1
        while self._deadline <= now:
            ended_at = self._deadline
            index = self._index
            # Entering a phase always sets its full seconds, so a phase that ends
            # has run exactly its seconds.
            self._leave(index, self._phases[index].seconds)
            self._completed.add(index)
            if index == last:
                self._finish(ended_at, "ended")
                break
            self._index = index + 1
            self._deadline = ended_at + self._phases[index + 1].seconds
            self._changes.append(PhaseChange(index, index + 1, ended_at, "ended"))
        return now

    def _leave(self, index: int, seconds: float) -> None:
        self._left_behind += seconds
        if self._phases[index].kind == "ready":
            self._ready_behind += seconds

    def _enter(self, index: int, now: float) -> None:
        self._index = index
        seconds = self._phases[index].seconds
        if self._running:
            self._deadline = now + seconds
        else:
            self._frozen = seconds

    def _finish(self, at: float, reason: ChangeReason) -> None:
        self._changes.append(PhaseChange(self._index, None, at, reason))
        self._finished = True
        self._finished_at = at
        self._frozen = 0.0

    def _remaining(self, now: float) -> float:
        if self._finished:
            return 0.0
        if self._running:
            return min(self._phases[self._index].seconds, max(0.0, self._deadline - now))
        return self._frozen

    def _elapsed(self, now: float) -> float:
        if self._finished:
            return 0.0
        return self._phases[self._index].seconds - self._remaining(now)

    def _total_fraction(self, remaining_total: float) -> float:
        if self._finished:
            return 1.0
        if self._total <= 0:
            return 0.0
        return min(1.0, max(0.0, 1.0 - remaining_total / self._total))

    def _breath(self, now: float) -> tuple[BreathKind | None, float]:
        phase = self._phases[self._index]
        if self._finished or not phase.paced:
            return (None, 0.0)
        position = math.fmod(self._elapsed(now), phase.breath_in + phase.breath_out)
        if position < phase.breath_in:
            return ("in", position / phase.breath_in)
        return ("out", (position - phase.breath_in) / phase.breath_out)
