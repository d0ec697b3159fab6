"""What the intake asks and the answers it produces. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.model import DiaryEntry, Symptom

ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("lifting", "Lifting weights"),
    ("running", "Running"),
    ("climbing", "Climbing"),
    ("sport", "A sport or a class"),
    ("other", "Something else"),
)
AREA_CHOICES: tuple[tuple[str, str], ...] = (
    ("lower", "Lower back"),
    ("middle", "Middle back"),
    ("upper", "Upper back"),
)
SIDE_CHOICES: tuple[tuple[str, str], ...] = (
    ("both", "Both sides"),
    ("left", "Left side"),
    ("right", "Right side"),
)
DETAIL_LIMIT = 200


@dataclass(frozen=True)
class IntakeAnswers:
    onset: date
    activity: str
    area: str
    side: str
    pain: int
    symptoms: tuple[str, ...] = ()
    note: str = ""


def describe_activity(choice: str, detail: str) -> str:
    """The activity as it is stored: the choice in words, then any detail."""
    words = dict(ACTIVITIES).get(choice, "").lower()
    detail = detail.strip()
    if choice == "other" and detail:
        return detail
    return f"{words} ({detail})" if detail else words


def intake_flags_by_entry(
    entries: Sequence[DiaryEntry], symptoms: Sequence[Symptom]
) -> dict[int, tuple[str, ...]]:
    """The intake's red-flag answers, keyed by the id of the diary entry that carries
    them: the episode's first entry saved by the intake (else its first entry).

    The store keeps the intake's answers on the episode itself (so editing or deleting
    that entry never takes them away); the diary's Flags column and the CSV export show
    them on that entry, so a reader sees them where the episode began."""
    keys = tuple(dict.fromkeys(s.key for s in symptoms if s.entry_id is None))
    if not keys or not entries:
        return {}
    ordered = sorted(entries, key=lambda e: (e.logged_at, e.id))
    carrier = next((e for e in ordered if e.source == "intake"), ordered[0])
    return {carrier.id: keys}


def shown_flags(entry: DiaryEntry, intake: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """The entry's own symptoms with any intake answers it carries, each once."""
    return tuple(dict.fromkeys((*intake.get(entry.id, ()), *entry.symptoms)))
