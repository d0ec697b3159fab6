"""What the routine player needs that is not drawing: the countdown's phases for a
routine, whether a routine may start today, and the one-keypress pain answers.
Pure: no textual, no sqlite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.countdown import Phase, with_ready
from coach.model import Episode, SafetyWarning
from coach.plan import EASE_DAYS
from coach.routines import Routine, Step

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
