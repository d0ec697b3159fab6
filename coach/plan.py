"""The daily plan: the phase of the day, its advice, the next suggested action and
the tip of the day, from the episode, its diary, the warnings and content/plan.toml.

Pure: no textual, no sqlite. `today` is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from coach.content import (
    ContentError,
    Source,
    bibliography_for,
    citation,
    read_toml,
    table_list,
    text_field,
)
from coach.model import DiaryEntry, Episode, SafetyWarning, Session
from coach.paths import CONTENT_DIR
from coach.safety import recovered_on

PHASES = ("ease", "move", "prevent")
EASE_DAYS = 2  # days 0 and 1


class Advice(NamedTuple):
    text: str
    source: str
    cites: tuple[str, ...] = ()


class PhaseAdvice(NamedTuple):
    id: str
    title: str
    summary: str
    advice: tuple[Advice, ...]


class PlanContent(NamedTuple):
    phases: Mapping[str, PhaseAdvice]
    everyday: tuple[Advice, ...]
    tips: tuple[Advice, ...]


def _advice_list(
    path: Path, where: str, items: list[dict[str, Any]], known: dict[str, Source]
) -> tuple[Advice, ...]:
    advice = []
    for i, item in enumerate(items):
        cites, source = citation(path, f"{where}[{i}]", item, known)
        advice.append(
            Advice(text=text_field(path, f"{where}[{i}]", item, "text"), source=source, cites=cites)
        )
    return tuple(advice)


def parse_plan(path: Path) -> PlanContent:
    data = read_toml(path)
    known = bibliography_for(path)
    phases: dict[str, PhaseAdvice] = {}
    for index, table in enumerate(table_list(path, data, "phase")):
        phase_id = text_field(path, f"phase[{index}]", table, "id")
        where = f"phase.{phase_id}"
        if phase_id not in PHASES:
            raise ContentError(path, f"{where}.id", f"must be one of {', '.join(PHASES)}")
        phases[phase_id] = PhaseAdvice(
            id=phase_id,
            title=text_field(path, where, table, "title"),
            summary=text_field(path, where, table, "summary"),
            advice=_advice_list(path, f"{where}.advice", table_list(path, table, "advice"), known),
        )
    missing = [p for p in PHASES if p not in phases]
    if missing:
        raise ContentError(path, "phase", f"missing phase {', '.join(missing)}")
    return PlanContent(
        phases=phases,
        everyday=_advice_list(path, "everyday", table_list(path, data, "everyday"), known),
        tips=_advice_list(path, "tip", table_list(path, data, "tip"), known),
    )


@cache
def plan_content(content_dir: Path = CONTENT_DIR) -> PlanContent:
    return parse_plan(content_dir / "plan.toml")


class NextAction(NamedTuple):
    text: str
    key: str | None = None


class Plan(NamedTuple):
    phase: PhaseAdvice | None
    day: int | None
    onset: date | None
    next_action: NextAction
    tip: Advice
    everyday: tuple[Advice, ...]
    recovered: bool
    rest_first: bool
    locked: bool


def cold_heat_why(kind: str, day: int | None) -> str:
    """The ice / heat timer's line about the day: true for `kind` on day `day` of the
    episode (None: no episode). Heat has the better evidence from the first day; cold
    is an option in the first two days (days 0 and 1) if it feels better."""
    if day is None:
        return "Heat has the better evidence. k switches to a cold pack."
    first_two = 0 <= day < EASE_DAYS
    if kind == "heat":
        return f"Day {day}: heat has the better evidence, from the first day."
    if first_two:
        return f"Day {day}, in the first two days: cold is an option if it feels better."
    return f"Day {day}: past the first two days. Heat has the better evidence; k switches."


def first_cold_heat_kind(day: int | None) -> str:
    """The timer opens on heat, whatever the day: it has the better evidence from the
    first day (Cochrane, French 2006; ACP 2017). Cold is offered with k, and is an
    option in the first two days (EASE_DAYS: days 0 and 1) if it feels better (Mayo
    Clinic)."""
    return "heat"


COUNTS_SHARE = 0.5
"""A session counts for the checklist and streaks when at least this share of its
planned time was done (a routine's get-ready not counted)."""


def counts(session: Session) -> bool:
    """Whether a session counts as done for the checklist and the streaks. Every session
    is kept and listed either way. One saved before coach kept the planned time counts."""
    return counts_done(session.seconds_done, session.planned_seconds)


def counts_done(seconds_done: float, planned_seconds: float | None) -> bool:
    """At least COUNTS_SHARE of the planned time done (an unknown plan counts)."""
    if planned_seconds is None or planned_seconds <= 0:
        return True
    return seconds_done >= COUNTS_SHARE * planned_seconds


def counted_on(sessions: Sequence[Session], day: date) -> list[Session]:
    """The sessions of `day` that count for its checklist (see `counts`)."""
    return [s for s in sessions if s.day == day and counts(s)]


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days ending today (or yesterday, if today is not done yet)."""
    # As day numbers: a ten-year streak is counted in a fraction of a millisecond.
    ordinals = {day.toordinal() for day in days}
    end = today.toordinal()
    if end not in ordinals:
        end -= 1
    start = end
    while start in ordinals:
        start -= 1
    return end - start


def tip_of_the_day(today: date, content: PlanContent) -> Advice:
    """The same tip all day, a different one each day."""
    return content.tips[today.toordinal() % len(content.tips)]


def make_plan(
    *,
    episode: Episode | None,
    entries: Sequence[DiaryEntry],
    sessions: Sequence[Session],
    warnings: Sequence[SafetyWarning],
    locked: bool,
    today: date,
    content: PlanContent,
    scores: Mapping[date, int] | None = None,
) -> Plan:
    """Today's plan. Warnings come first: an urgent one replaces the day's activity."""
    tip = tip_of_the_day(today, content)
    if episode is None:
        return Plan(
            phase=None,
            day=None,
            onset=None,
            next_action=NextAction("Tell coach what happened to start an episode.", "n"),
            tip=tip,
            everyday=content.everyday,
            recovered=False,
            rest_first=False,
            locked=False,
        )
    age = episode.age(today)
    recovered = recovered_on(episode, entries, today, scores) is not None
    if recovered:
        phase = content.phases["prevent"]
    elif age < EASE_DAYS:
        phase = content.phases["ease"]
    else:
        phase = content.phases["move"]
    kinds = {w.kind for w in warnings}
    logged_today = today in scores if scores is not None else any(e.day == today for e in entries)
    todays_sessions = counted_on(sessions, today)
    routine_today = any(s.kind == "routine" for s in todays_sessions)
    cold_heat_today = any(s.kind in ("ice", "heat") for s in todays_sessions)
    rest_first = "severe" in kinds or "stretch_pain" in kinds
    if locked:
        action = NextAction("Get medical help now, if you have not already.")
    elif not logged_today:
        action = NextAction("Log how your back feels today.", "l")
    elif phase.id == "ease" and not cold_heat_today:
        action = NextAction(
            "Heat for 15 to 20 minutes, or a wrapped cold pack if it feels better.", "i"
        )
    elif rest_first:
        action = NextAction("Rest rather than stretch today. A short, easy walk is fine.")
    elif phase.id == "move" and not routine_today:
        action = NextAction("The gentle routine, about 7 minutes.", "r")
    elif phase.id == "move" and not cold_heat_today:
        action = NextAction("Heat for 15 to 20 minutes.", "i")
    elif phase.id == "prevent" and not routine_today:
        action = NextAction("Warm up before your next workout, or a short core session.", "r")
    else:
        action = NextAction("That's today done. Keep moving gently and drink regularly.")
    return Plan(
        phase=phase,
        day=age,
        onset=episode.onset,
        next_action=action,
        tip=tip,
        everyday=content.everyday,
        recovered=recovered,
        rest_first=rest_first,
        locked=locked,
    )
