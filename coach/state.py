"""A read-only snapshot of everything the screens show for one day. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from coach.checkin import CheckIn
from coach.model import DiaryEntry, Episode, SafetyWarning, Session, Symptom
from coach.plan import Plan
from coach.settings import KEYS as SETTING_KEYS
from coach.settings import Settings, parse_settings

if TYPE_CHECKING:
    from coach.store import Store


@dataclass(frozen=True)
class Snapshot:
    today: date
    episode: Episode | None = None
    entries: tuple[DiaryEntry, ...] = ()
    symptoms: tuple[Symptom, ...] = ()
    sessions: tuple[Session, ...] = ()
    checklist: dict[str, int] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    warnings: tuple[SafetyWarning, ...] = ()
    locked: bool = False
    plan: Plan | None = None
    logged_streak: int = 0
    routine_streak: int = 0
    # Weekly check-ins of the episode up to today, oldest first (coach.checkin).
    checkins: tuple[CheckIn, ...] = ()

    @property
    def latest_entry(self) -> DiaryEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def day_number(self) -> int | None:
        return self.episode.age(self.today) if self.episode else None

    def entries_on(self, day: date) -> list[DiaryEntry]:
        return [e for e in self.entries if e.day == day]


def as_of(episode: Episode, today: date) -> Episode:
    """The episode as it stood on `today` (--today in the past): a clearance or a
    recovery recorded on a later day had not happened yet."""
    if episode.cleared_on is not None and episode.cleared_on > today:
        episode = replace(episode, cleared_on=None, cleared_at=None, cleared_through=None)
    if episode.recovered_on is not None and episode.recovered_on > today:
        episode = replace(episode, recovered_on=None)
    return episode


def load_snapshot(store: Store, today: date) -> Snapshot:
    """Everything the screens and `coach today` show, read in one go."""
    from coach.content import red_flag_index
    from coach.plan import counts, make_plan, plan_content, streak
    from coach.safety import evaluate, routines_locked

    episode = store.current_episode()
    if episode is not None and episode.onset > today:
        episode = None  # --today before this episode began: as it was then, no episode yet
    episode = as_of(episode, today) if episode is not None else None
    settings = parse_settings(
        {key: value for key in SETTING_KEYS if (value := store.setting(key)) is not None}
    )
    if episode is None:
        return Snapshot(
            today=today,
            checklist=store.checklist(today),
            settings=settings,
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
    entries = tuple(e for e in store.entries(episode.id) if e.day <= today)
    symptoms = tuple(s for s in store.symptoms(episode.id) if s.day <= today)
    sessions = tuple(s for s in store.sessions(episode.id) if s.day <= today)
    checkins = tuple(c for c in store.checkins(episode.id) if c.day <= today)
    flags = red_flag_index()
    warnings = tuple(evaluate(episode, entries, symptoms, sessions, today, flags, checkins))
    locked = routines_locked(episode, symptoms, flags)
    return Snapshot(
        today=today,
        episode=episode,
        entries=entries,
        symptoms=symptoms,
        sessions=sessions,
        checkins=checkins,
        checklist=store.checklist(today),
        settings=settings,
        warnings=warnings,
        locked=locked,
        logged_streak=streak({e.day for e in entries}, today),
        routine_streak=streak(
            {s.day for s in sessions if s.kind == "routine" and counts(s)}, today
        ),
        plan=make_plan(
            episode=episode,
            entries=entries,
            sessions=sessions,
            warnings=warnings,
            locked=locked,
            today=today,
            content=plan_content(),
        ),
    )
