"""What the player says, and when: the spoken cues of a routine, from the countdown's
phases and its ticks. Pure: standard library and coach.countdown / coach.player only.

When the voice is on, the player says (PRODUCT.md, "Voice"):

- as a phase starts: "Get ready. <first step>." / the step's name ("Cat-cow", "Side
  plank on your knees, left side") / "Switch sides." / "Rest. Next, <step>.";
- on a paced step, "Breathe in." and "Breathe out." at the start of each half of the
  breath: the same halves the breath bar and the picture follow (coach.player.breath_half);
- in the last three seconds of a hold (a step without paced breathing) and of the
  get-ready countdown: "Three.", "Two.", "One.";
- at the end: "Routine done. Well done."

Timing: each line has an offset into its phase. `VoiceScript.due(tick)` returns the lines
whose time has come since the previous call. A phase's opening line is always said, even
when a tick comes late (skipping a step says the next one); the other lines are said only
while still fresh (`STALE_SECONDS`), so a late tick never reads out a backlog.
`next_due(tick)` says how long until the next line, so the player can wake exactly then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.countdown import Phase, Tick

END = "Routine done. Well done."
SWITCH = "Switch sides."
COUNT = ("Three.", "Two.", "One.")
BREATHE = {"in": "Breathe in.", "out": "Breathe out."}
STALE_SECONDS = 0.5
"""A line more than this late is dropped (a phase's opening line never is)."""


@dataclass(frozen=True)
class Line:
    offset: float
    text: str
    opening: bool = False


def _step_name(label: str) -> str:
    return label.removeprefix("Rest, then ")


def phase_lines(phases: Sequence[Phase], index: int) -> tuple[Line, ...]:
    """Everything said during phase `index`, by its offset into the phase."""
    phase = phases[index]
    following = next((p for p in phases[index + 1 :] if p.kind == "step"), None)
    lines: list[Line] = []
    if phase.kind == "ready":
        upcoming = f" {following.label}." if following is not None else ""
        lines.append(Line(0.0, f"Get ready.{upcoming}", opening=True))
    elif phase.kind == "switch":
        lines.append(Line(0.0, SWITCH, opening=True))
    elif phase.kind == "rest":
        lines.append(Line(0.0, f"Rest. Next, {_step_name(phase.label)}.", opening=True))
    else:
        opening = f"{phase.label}."
        if phase.paced:
            opening += f" {BREATHE['in']}"
        lines.append(Line(0.0, opening, opening=True))
        if phase.paced:
            cycle = phase.breath_in + phase.breath_out
            start = 0.0
            while start < phase.seconds:
                if start + phase.breath_in < phase.seconds:
                    lines.append(Line(start + phase.breath_in, BREATHE["out"]))
                start += cycle
                if start < phase.seconds:
                    lines.append(Line(start, BREATHE["in"]))
    if phase.kind in ("ready", "step") and not phase.paced:
        for left, text in zip((3, 2, 1), COUNT, strict=True):
            # Only where the count does not talk over the opening line.
            if phase.seconds - left >= 1.5:
                lines.append(Line(phase.seconds - left, text))
    return tuple(lines)


class VoiceScript:
    """Feeds on the countdown's ticks; hands out each line once, when it is due."""

    def __init__(self, phases: Sequence[Phase]) -> None:
        self._phases = tuple(phases)
        self._lines = [phase_lines(self._phases, i) for i in range(len(self._phases))]
        self._index: int | None = None
        self._said_to = -1.0  # offset into the phase up to which lines were handed out
        self._ended = False

    def lines(self, index: int) -> tuple[Line, ...]:
        return self._lines[index]

    def due(self, tick: Tick) -> list[str]:
        """The lines whose time has come since the previous call, in order."""
        if tick.finished:
            if self._ended or not tick.started:
                return []
            self._ended = True
            return [END]
        if not tick.started:
            return []
        if tick.changes or self._index != tick.index:
            self._index = tick.index
            self._said_to = -1.0
        due = [
            line
            for line in self._lines[tick.index]
            if self._said_to < line.offset <= tick.elapsed + 1e-9
        ]
        self._said_to = max(self._said_to, tick.elapsed + 1e-9)
        opening = [line for line in due if line.opening]
        fresh = [
            line for line in due if not line.opening and tick.elapsed - line.offset <= STALE_SECONDS
        ]
        return [line.text for line in (*opening, *fresh[-1:])]

    def next_due(self, tick: Tick) -> float | None:
        """Seconds from `tick` to the next line of the current phase (None when nothing
        more is due in it, or while paused or finished)."""
        if tick.finished or tick.paused or not tick.started:
            return None
        said_to = self._said_to if self._index == tick.index else -1.0
        later = [
            line.offset - tick.elapsed
            for line in self._lines[tick.index]
            if line.offset > max(said_to, tick.elapsed + 1e-9)
        ]
        return max(0.0, min(later)) if later else None
