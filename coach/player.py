"""What the routine player needs that is not drawing: the countdown's phases for a
routine, whether a routine may start today, and the one-keypress pain answers.
Pure: no textual, no sqlite."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from coach.countdown import BreathKind, Phase, with_ready
from coach.model import Episode, SafetyWarning
from coach.plan import COUNTS_SHARE, EASE_DAYS, counts_done
from coach.routines import NATURAL_FRAME_SECONDS, Routine, Step

READY_SECONDS = 5
REST_FIRST_PAIN = 7
# One keypress each: 0-9 as themselves, x for 10.
PAIN_KEYS = {str(n): n for n in range(10)} | {"x": 10}
GENTLE_SCALE = 0.75


def phase_label(step: Step, kind: str, side: str | None) -> str:
    if kind == "switch":
        return f"Switch to the {side} side"
    if kind == "rest":
        return f"Rest, then {step.name}"
    return f"{step.name}, {side} side" if side else step.name


def countdown_phases(
    routine: Routine, *, scale: float = 1.0, ready: float = READY_SECONDS
) -> tuple[Phase, ...]:
    """The routine's timeline as countdown phases, with the get-ready countdown first.

    `scale` shortens or lengthens the steps (gentle holds); rests and switches keep
    their length so there is always time to change position.
    """
    phases = []
    for part in routine.phases():
        breathing = part.step.breathing
        paced = part.kind == "step" and breathing.cycle_seconds is not None
        seconds = part.seconds * scale if part.kind == "step" else part.seconds
        if paced and breathing.cycle_seconds:
            # Keep whole breaths: a scaled step still ends on a full breath out.
            cycles = max(1, round(seconds / breathing.cycle_seconds))
            seconds = cycles * breathing.cycle_seconds
        phases.append(
            Phase(
                kind=part.kind,
                label=phase_label(part.step, part.kind, part.side),
                seconds=seconds,
                step_index=part.step_index,
                side=part.side,
                breath_in=(breathing.breath_in or 0) if paced else 0,
                breath_out=(breathing.breath_out or 0) if paced else 0,
            )
        )
    return with_ready(phases, ready)


@dataclass(frozen=True)
class Gate:
    """May a routine start now? `locked`: never. `confirm`: ask first, saying `reason`."""

    allowed: bool
    confirm: bool = False
    reason: str = ""


def rest_first_after(pain_before: int | None, gate: Gate) -> str | None:
    """The question to ask when the pain just given before a routine calls for rest
    first, unless the start was already confirmed for a reason of its own; else None."""
    if pain_before is None or pain_before < REST_FIRST_PAIN or gate.confirm:
        return None
    return (
        f"Your pain is {pain_before} now. With pain of {REST_FIRST_PAIN} or more, "
        "rest and gentle walking come first.\n\nStart the routine anyway?"
    )


def gate(
    *,
    episode: Episode | None,
    today: date,
    locked: bool,
    todays_highest_pain: int | None,
    warnings: tuple[SafetyWarning, ...] = (),
    routine: Routine | None = None,
    recovered: bool = False,
) -> Gate:
    """The rules of the player: a locked episode never starts a routine; the first two
    days (for a relief routine), a pain of 7 or more, a severe or "this hurts" warning,
    and a prevention routine (warm-up, core) during an episode that has not recovered
    suggest something else first and start only when confirmed. Each reason names the
    routine when it is known."""
    if locked:
        return Gate(
            allowed=False,
            reason=(
                "Routines are locked for this episode because of a symptom that needs "
                "medical help. Once a clinician has seen you and cleared you to exercise, "
                "press c on Today."
            ),
        )
    reasons = []
    if todays_highest_pain is not None and todays_highest_pain >= REST_FIRST_PAIN:
        reasons.append(
            f"Your pain today is {todays_highest_pain}. With pain of {REST_FIRST_PAIN} or more, "
            "rest and gentle walking come first."
        )
    title = routine.title if routine is not None else "This routine"
    prevention = routine is not None and routine.kind == "prevention"
    if prevention and episode is not None and episode.age(today) >= 0 and not recovered:
        reasons.append(
            f"{title} is for once you have recovered, and this episode has not recovered "
            "yet. For a sore back, the gentle routine suits better."
        )
    elif episode is not None and 0 <= episode.age(today) < EASE_DAYS:
        reasons.append(
            f"It is day {episode.age(today)} of this episode. For the first two days, coach's "
            "plan is to keep active with your usual day and short walks: staying active "
            f"helps recovery (NICE NG59, NHS). {title} is planned from day 2. If you do it "
            "now, go only as far as is comfortable, and stop if it hurts more."
        )
    severe = next((w for w in warnings if w.kind == "severe"), None)
    if severe is not None:
        reasons.append(
            f"Severe pain recently ({severe.reasons[0] if severe.reasons else 'pain 8 or more'}): "
            "rest rather than stretch today."
        )
    if any(w.kind == "stretch_pain" for w in warnings):
        reasons.append("A stretch hurt recently. Skip that stretch if it hurts again.")
    if reasons:
        return Gate(allowed=True, confirm=True, reason=" ".join(reasons))
    return Gate(allowed=True)


# --- one moment of a phase: breath, picture and cue from one source --------------------

BREATH_CUE_PREFIX = {"in": "breathe in", "out": "breathe out"}
CUE_SECONDS = 8
"""How long each cue shows in a step without paced breathing."""


@dataclass(frozen=True)
class Moment:
    """What the player shows `elapsed` seconds into a phase. The breath half, the frame
    of the picture and the cue all come from here, so they cannot disagree."""

    breath: BreathKind | None
    fraction: float
    half: int
    frame: int
    cue: str


def breath_half(phase: Phase, elapsed: float) -> tuple[BreathKind | None, float, int]:
    """The half of the paced breath `elapsed` seconds into `phase` ("in" or "out", None
    when the phase is not a paced step), how far into that half (0-1), and the number
    of halves begun before it (0 for the first breath in)."""
    if phase.kind != "step" or not phase.paced:
        return (None, 0.0, 0)
    cycle = phase.breath_in + phase.breath_out
    elapsed = min(max(elapsed, 0.0), phase.seconds)
    if elapsed >= phase.seconds and phase.seconds > 0:
        # The phase is over: its last half (a breath out) has just finished.
        elapsed = math.nextafter(phase.seconds, 0.0)
    cycles, into = divmod(elapsed, cycle)
    if into < phase.breath_in:
        return ("in", into / phase.breath_in, 2 * int(cycles))
    return ("out", (into - phase.breath_in) / phase.breath_out, 2 * int(cycles) + 1)


def _breath_kind_of(text: str) -> BreathKind | None:
    lower = text.lower()
    for kind, prefix in BREATH_CUE_PREFIX.items():
        if lower.startswith(prefix):
            return kind  # type: ignore[return-value]
    return None


def moment(
    phase: Phase,
    step: Step,
    elapsed: float,
    *,
    still: bool = False,
    note: str | None = None,
    first: bool = False,
) -> Moment:
    """Breath, frame and cue `elapsed` seconds into `phase` (whose step is `step`).

    On a paced step the cue's first line is the step's own cue for the current half of
    the breath ("Breathe in. ..." while breathing in), or just "Breathe in." when the
    step has none; the second line is one of the other cues and cautions, changing with
    each whole breath. Without paced breathing the cues take turns every CUE_SECONDS.
    `still` (reduce motion) keeps the first frame."""
    kind, fraction, half = breath_half(phase, elapsed)
    if phase.kind == "ready" and first and note:
        return Moment(None, 0.0, 0, 0, f"Start: {step.start}\n{note}")
    if phase.kind in ("ready", "rest"):
        careful = f"\nCareful: {step.cautions[0]}" if step.cautions else ""
        return Moment(None, 0.0, 0, 0, f"Start: {step.start}{careful}")
    if phase.kind == "switch":
        return Moment(None, 0.0, 0, 0, "Come back to the middle slowly, then change side.")
    others = [c for c in step.cues if _breath_kind_of(c) is None]
    others += [f"Careful: {c}" for c in step.cautions]
    if kind is not None:
        frame = 0 if still else half % len(step.frames)
        said = next((c for c in step.cues if _breath_kind_of(c) == kind), f"Breathe {kind}.")
        extra = others[(half // 2) % len(others)] if others else ""
        return Moment(kind, fraction, half, frame, f"{said}\n{extra}" if extra else said)
    elapsed = max(0.0, elapsed)
    frame = 0 if still else int(elapsed // NATURAL_FRAME_SECONDS) % len(step.frames)
    lines = others or list(step.cues)
    return Moment(None, 0.0, 0, frame, lines[int(elapsed // CUE_SECONDS) % len(lines)])


def planned_seconds(phases: tuple[Phase, ...]) -> int:
    """The routine's own length on the clock: every phase but the get-ready countdown."""
    return round(math.fsum(p.seconds for p in phases if p.kind != "ready"))


def _duration(seconds: float) -> str:
    whole = int(round(seconds))
    minutes, rest = divmod(whole, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


def ended_early_message(
    *,
    title: str,
    seconds_done: float,
    planned: float,
    steps_done: int | None = None,
    steps: int = 0,
    pain_after: int | None = None,
) -> str:
    """What ending a routine (or a timer) early saved, and whether it counts for Today."""
    done = f"Saved {_duration(seconds_done)} of {title}"
    if steps_done is not None:
        done += f" ({steps_done} of {steps} step{'' if steps == 1 else 's'} finished)"
    pain = f" and your pain, {pain_after}, in the diary" if pain_after is not None else ""
    if counts_done(seconds_done, planned):
        return f"{done}{pain}. It counts for today."
    half = _duration(COUNTS_SHARE * planned)
    return (
        f"{done}{pain}. It is kept in your diary, but it ticks Today only "
        f"after at least half of it ({half})."
    )
