"""What the intake asks and the answers it produces. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
