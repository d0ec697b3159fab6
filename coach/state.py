"""A read-only snapshot of everything the screens show for one day. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coach.model import DiaryEntry, Episode, SafetyWarning, Session, Symptom
from coach.plan import Plan


@dataclass(frozen=True)
class Snapshot:
    today: date
    episode: Episode | None = None
    entries: tuple[DiaryEntry, ...] = ()
    symptoms: tuple[Symptom, ...] = ()
    sessions: tuple[Session, ...] = ()
    checklist: dict[str, int] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    warnings: tuple[SafetyWarning, ...] = ()
    locked: bool = False
    plan: Plan | None = None
    logged_streak: int = 0
    routine_streak: int = 0

    @property
    def latest_entry(self) -> DiaryEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def day_number(self) -> int | None:
        return self.episode.age(self.today) if self.episode else None

    def entries_on(self, day: date) -> list[DiaryEntry]:
        return [e for e in self.entries if e.day == day]
