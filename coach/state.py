"""A read-only snapshot of everything the screens show for one day, built from the
records the use-case layer (coach.actions) reads. Pure: it never sees the store."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence, Set
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

from coach.checkin import CheckIn
from coach.model import DiaryEntry, Episode, SafetyWarning, Session, Symptom
from coach.plan import Plan, counted_on
from coach.settings import Settings, parse_settings


class Snapshot(NamedTuple):
    today: date
    episode: Episode | None = None
    entries: tuple[DiaryEntry, ...] = ()
    symptoms: tuple[Symptom, ...] = ()
    sessions: tuple[Session, ...] = ()
    # Read-only: a NamedTuple's default is shared (and Settings is immutable).
    checklist: Mapping[str, int] = MappingProxyType({})
    settings: Settings = Settings()
    warnings: tuple[SafetyWarning, ...] = ()
    locked: bool = False
    plan: Plan | None = None
    logged_streak: int = 0
    routine_streak: int = 0
    # Weekly check-ins of the episode up to today, oldest first (coach.checkin).
    checkins: tuple[CheckIn, ...] = ()
    # Each logged day's score up to today (the highest pain that day), in day order.
    scores: Mapping[date, int] = MappingProxyType({})
    # Not None: only the entries of this day and later are here yet (start-up reads a
    # long diary's recent entries first, coach.actions); everything else is complete.
    entries_from: date | None = None

    @property
    def latest_entry(self) -> DiaryEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def day_number(self) -> int | None:
        return self.episode.age(self.today) if self.episode else None

    def entries_on(self, day: date) -> list[DiaryEntry]:
        """The entries for `day`. Entries are kept oldest day first, so this is a binary
        search, not a walk through years of a long episode."""
        return list(entries_of_day(self.entries, day))

    @property
    def day_checklist(self) -> DayChecklist:
        """Today's checklist, the one Today and `coach today` both show."""
        today = self.today
        # Only sessions with at least half their planned time done tick the list.
        sessions = counted_on(self.sessions, today)
        return DayChecklist(
            pain_logged=bool(self.entries_on(today)),
            routine_done=any(s.kind == "routine" for s in sessions),
            cold_heat=sum(1 for s in sessions if s.kind in ("ice", "heat")),
            water=self.checklist.get("water", 0),
            protein=self.checklist.get("protein", 0),
        )


class DayChecklist(NamedTuple):
    """Two things coach sees for itself (pain logged, a routine done), and what the
    person ticks: ice/heat sessions, glasses of water, protein meals."""

    pain_logged: bool
    routine_done: bool
    cold_heat: int
    water: int
    protein: int


def _day_of(entry: DiaryEntry) -> date:
    return entry.day


def entries_of_day(entries: Sequence[DiaryEntry], day: date) -> Sequence[DiaryEntry]:
    """The entries of `day` among `entries` in day order: found by binary search."""
    start = bisect_left(entries, day, key=_day_of)
    end = bisect_right(entries, day, lo=start, key=_day_of)
    return entries[start:end]


def as_of(episode: Episode, today: date) -> Episode:
    """The episode as it stood on `today` (--today in the past): a clearance or a
    recovery recorded on a later day had not happened yet."""
    if episode.cleared_on is not None and episode.cleared_on > today:
        episode = episode._replace(cleared_on=None, cleared_at=None, cleared_through=None)
    if episode.recovered_on is not None and episode.recovered_on > today:
        episode = episode._replace(recovered_on=None)
    return episode


def build_snapshot(
    today: date,
    *,
    episode: Episode | None,
    entries: tuple[DiaryEntry, ...] = (),
    symptoms: tuple[Symptom, ...] = (),
    sessions: tuple[Session, ...] = (),
    checkins: tuple[CheckIn, ...] = (),
    checklist: dict[str, int] | None = None,
    settings: Mapping[str, str] | None = None,
    days: tuple[Mapping[date, int], Set[date]] | None = None,
    entries_from: date | None = None,
) -> Snapshot:
    """The snapshot of `today` from the current episode's records, as stored (the
    episode as stored too: what happened after `today` is left out here). `entries`
    are in day order, as the store reads them.

    `days`, when given, is `safety.day_history` of every entry of the episode (each
    day's score and the pain-relief days), kept by the caller from one read to the
    next. With it a long diary can be shown from part of its entries, those of
    `entries_from` on: all the rules and Today read of the rest. The result is the
    full read's but for `entries` (tests/unit/test_actions_incremental.py checks it)."""
    from coach.content import red_flag_index
    from coach.plan import counts, make_plan, plan_content, streak
    from coach.safety import day_history, evaluate, routines_locked

    checklist = checklist if checklist is not None else {}
    parsed = parse_settings(settings or {})
    if episode is not None and episode.onset > today:
        episode = None  # --today before this episode began: as it was then, no episode yet
    episode = as_of(episode, today) if episode is not None else None
    if episode is None:
        return Snapshot(
            today=today,
            checklist=checklist,
            settings=parsed,
            plan=make_plan(
                episode=None,
                entries=(),
                sessions=(),
                warnings=(),
                locked=False,
                today=today,
                content=plan_content(),
            ),
        )
    # With --today in the past, what was logged after it is not shown or counted yet.
    # Entries come in day order (see Snapshot.entries_on): cut at today, not filtered.
    later = bool(entries) and entries[-1].day > today
    entries = entries[: bisect_right(entries, today, key=_day_of)]
    symptoms = tuple(s for s in symptoms if s.day <= today)
    sessions = tuple(s for s in sessions if s.day <= today)
    checkins = tuple(c for c in checkins if c.day <= today)
    flags = red_flag_index()
    # Each day's score and the pain-relief days up to today, worked out once for the
    # rules and the plan (or kept by the caller from one read to the next).
    scores: Mapping[date, int]
    meds_days: Set[date]
    if days is None:
        scores, meds_days = day_history((e.day, e.pain, e.meds) for e in entries)
    elif later:
        scores = {day: score for day, score in days[0].items() if day <= today}
        meds_days = {day for day in days[1] if day <= today}
    else:
        scores, meds_days = days
    warnings = tuple(
        evaluate(episode, entries, symptoms, sessions, today, flags, checkins, scores, meds_days)
    )
    locked = routines_locked(episode, symptoms, flags)
    return Snapshot(
        today=today,
        episode=episode,
        entries=entries,
        symptoms=symptoms,
        sessions=sessions,
        checkins=checkins,
        checklist=checklist,
        settings=parsed,
        warnings=warnings,
        locked=locked,
        logged_streak=streak(scores, today),
        routine_streak=streak(
            {s.day for s in sessions if s.kind == "routine" and counts(s)}, today
        ),
        scores=scores,
        entries_from=entries_from,
        plan=make_plan(
            episode=episode,
            entries=entries,
            sessions=sessions,
            warnings=warnings,
            locked=locked,
            today=today,
            content=plan_content(),
            scores=scores,
        ),
    )
