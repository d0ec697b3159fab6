"""The weekly check-in: the PEG score, your own activities, and whether it is real change.

Pure: standard library only (no textual, no sqlite), like the other rules.

* **PEG** (Krebs 2009, J Gen Intern Med 24:733; public domain): three questions about
  the past week, each 0-10 (average pain, interference with enjoyment of life, with
  general activity). The score is their mean, to one decimal.
* **Your own activities** (Patient-Specific Functional Scale, Stratford 1995, Physiother
  Can 47:258): up to three activities the pain makes hard, each rated 0 (can't do it)
  to 10 (as before the injury).
* **Real change** is judged against the episode's FIRST check-in: the PEG is "better" or
  "worse" when it moved by at least 1 point AND at least 30% of the first score (Krebs
  2009; Ostelo 2008); the activities when their average moved by at least 2 points
  (Stratford 1995; Abbott and Schmitt 2014). Anything smaller is "no real change".

PEG scores are kept in tenths (whole numbers) so the thresholds are exact: the shown
one-decimal numbers are the ones compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal, NamedTuple

#: The three PEG questions, in order, each answered 0-10.
PEG_QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "pain",
        "What number best describes your pain on average in the past week?",
        "no pain",
        "pain as bad as you can imagine",
    ),
    (
        "enjoyment",
        "What number best describes how, during the past week, pain has interfered "
        "with your enjoyment of life?",
        "does not interfere",
        "completely interferes",
    ),
    (
        "activity",
        "What number best describes how, during the past week, pain has interfered "
        "with your general activity?",
        "does not interfere",
        "completely interferes",
    ),
)
PEG_SOURCE = "PEG scale: Krebs et al. 2009, J Gen Intern Med 24:733 (public domain)"
ACTIVITY_QUESTION = "How well can you do this now? 0 = can't do it, 10 = as before the injury."
ACTIVITY_SOURCE = "Patient-Specific Functional Scale: Stratford et al. 1995, Physiother Can 47:258"
CHANGE_SOURCE = (
    "Real change: PEG 1 point and 30% (Krebs 2009; Ostelo 2008, Spine 33:90); "
    "activities 2 points on average (Stratford 1995; Abbott and Schmitt 2014)"
)

MAX_ACTIVITIES = 3
ACTIVITY_NAME_LIMIT = 60
FIRST_DUE_DAY = 7
INTERVAL_DAYS = 7
#: Real change of the PEG: at least this many tenths of a point...
PEG_MIN_TENTHS = 10
#: ...and at least this share of the first score, in percent.
PEG_MIN_PERCENT = 30
#: Real change of the activities' average: at least this many points.
ACTIVITY_MIN_POINTS = 2
#: PEG at or below this, with every activity at ACTIVITY_RECOVERED or more, suggests recovery.
RECOVERED_PEG_TENTHS = 10
ACTIVITY_RECOVERED = 9

Direction = Literal["better", "worse", "no real change", "first"]


class Rating(NamedTuple):
    """One activity's rating at one check-in."""

    activity_id: int
    name: str
    score: int


class Activity(NamedTuple):
    """An activity the person named; `retired` once replaced."""

    id: int
    name: str
    position: int = 0
    retired: bool = False
    uid: str = ""


class CheckIn(NamedTuple):
    """One weekly check-in: the three PEG answers and the activities' ratings."""

    id: int
    episode_id: int
    day: date
    pain: int
    enjoyment: int
    activity: int
    ratings: tuple[Rating, ...] = ()
    uid: str = ""

    @property
    def peg_tenths(self) -> int:
        return peg_tenths(self.pain, self.enjoyment, self.activity)

    @property
    def peg(self) -> float:
        return self.peg_tenths / 10


def check_answer(value: int, what: str = "each answer") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"{what} must be a whole number from 0 to 10")
    return value


def peg_tenths(pain: int, enjoyment: int, activity: int) -> int:
    """The PEG score (mean of the three answers) in tenths, rounded half up.

    The mean of three whole numbers is n, n.33.. or n.66.., so rounding never ties."""
    for value, what in ((pain, "pain"), (enjoyment, "enjoyment"), (activity, "activity")):
        check_answer(value, what)
    total = pain + enjoyment + activity
    return (total * 20 + 3) // 6


def tenths_text(tenths: int) -> str:
    """27 -> '2.7'."""
    return f"{tenths // 10}.{tenths % 10}" if tenths >= 0 else f"-{tenths_text(-tenths)}"


def average_text(value: float) -> str:
    return f"{value:.1f}"


class PegChange(NamedTuple):
    first: int  # tenths
    latest: int  # tenths
    direction: Direction

    @property
    def change(self) -> int:
        return self.latest - self.first

    @property
    def percent(self) -> int | None:
        """The change as a whole percent of the first score (None when it was 0)."""
        if self.first == 0:
            return None
        return round(abs(self.change) * 100 / self.first)

    def text(self) -> str:
        """'PEG 6.3 → 3.7, better: down 2.6, 41%'."""
        if self.direction == "first":
            return f"PEG {tenths_text(self.latest)}: your starting point"
        head = f"PEG {tenths_text(self.first)} → {tenths_text(self.latest)}, {self.direction}"
        return f"{head}: {self.change_text()}"

    def change_text(self) -> str:
        """'down 2.6, 41%', 'up 1.0 from 0', 'the same'."""
        if self.change == 0:
            return "the same"
        way = "down" if self.change < 0 else "up"
        percent = self.percent
        share = f", {percent}%" if percent is not None else " from 0"
        return f"{way} {tenths_text(abs(self.change))}{share}"


def peg_direction(first: int, latest: int) -> Direction:
    """Real change of the PEG (in tenths) from the first check-in's score.

    At least 1 point AND at least 30% of the first score; a rise from 0 needs only the
    point (any rise from nothing is more than 30%)."""
    change = latest - first
    size = abs(change)
    if size < PEG_MIN_TENTHS:
        return "no real change"
    if first > 0 and size * 100 < PEG_MIN_PERCENT * first:
        return "no real change"
    return "better" if change < 0 else "worse"


class ActivityChange(NamedTuple):
    first: float  # average of the compared activities at their first rating
    latest: float  # their average now
    # How many activities were compared (not `count`: that is a tuple method).
    compared: int
    direction: Direction

    @property
    def change(self) -> float:
        return self.latest - self.first

    def text(self) -> str:
        """'activities 3.0 → 6.5, better: up 3.5 points'."""
        if self.direction == "first":
            return f"activities {average_text(self.latest)}: your starting point"
        head = (
            f"activities {average_text(self.first)} → {average_text(self.latest)}, {self.direction}"
        )
        return f"{head}: {self.change_text()}"

    def change_text(self) -> str:
        """'up 3.5 points', 'the same'."""
        if round(self.change, 1) == 0:
            return "the same"
        way = "up" if self.change > 0 else "down"
        return f"{way} {average_text(abs(self.change))} points"


def activity_direction(first_total: int, latest_total: int, count: int) -> Direction:
    """Real change of the activities' average (higher is better): 2 points or more.

    Compared in whole numbers: |latest_total - first_total| >= 2 * count."""
    change = latest_total - first_total
    if count == 0 or abs(change) < ACTIVITY_MIN_POINTS * count:
        return "no real change"
    return "better" if change > 0 else "worse"


class Verdict(NamedTuple):
    """What one check-in says against the episode's first."""

    checkin: CheckIn
    peg: PegChange
    activities: ActivityChange | None

    @property
    def direction(self) -> Direction:
        return self.peg.direction

    @property
    def first(self) -> bool:
        return self.peg.direction == "first"

    def text(self) -> str:
        parts = [self.peg.text()]
        if self.activities is not None:
            parts.append(self.activities.text())
        return "; ".join(parts)


def verdicts(checkins: Sequence[CheckIn]) -> list[Verdict]:
    """Each check-in of one episode (oldest first) judged against the first.

    The activities are compared one by one with their own first rating in the episode
    (an activity added later starts from its first rating); the average of those that
    have an earlier rating is compared."""
    # By day, and within a day in the order given (the store gives the order answered).
    ordered = sorted(checkins, key=lambda c: c.day)
    result: list[Verdict] = []
    baseline: dict[int, int] = {}
    for index, checkin in enumerate(ordered):
        first_peg = ordered[0].peg_tenths
        direction: Direction = (
            "first" if index == 0 else peg_direction(first_peg, checkin.peg_tenths)
        )
        peg = PegChange(first_peg, checkin.peg_tenths, direction)
        compared = [
            (baseline[r.activity_id], r.score) for r in checkin.ratings if r.activity_id in baseline
        ]
        activities: ActivityChange | None = None
        if compared:
            first_total = sum(a for a, _ in compared)
            latest_total = sum(b for _, b in compared)
            activities = ActivityChange(
                first_total / len(compared),
                latest_total / len(compared),
                len(compared),
                activity_direction(first_total, latest_total, len(compared)),
            )
        elif checkin.ratings:
            scores = [r.score for r in checkin.ratings]
            activities = ActivityChange(
                sum(scores) / len(scores), sum(scores) / len(scores), len(scores), "first"
            )
        for rating in checkin.ratings:
            baseline.setdefault(rating.activity_id, rating.score)
        result.append(Verdict(checkin, peg, activities))
    return result


def next_due(onset: date, checkins: Sequence[CheckIn]) -> date:
    """The day the next check-in is offered: day 7 of the episode, then 7 days after
    the last check-in."""
    if not checkins:
        return onset + timedelta(days=FIRST_DUE_DAY)
    return max(c.day for c in checkins) + timedelta(days=INTERVAL_DAYS)


def is_due(onset: date, checkins: Sequence[CheckIn], today: date) -> bool:
    return today >= next_due(onset, [c for c in checkins if c.day <= today])


def not_improving(checkins: Sequence[CheckIn]) -> list[Verdict] | None:
    """The last two check-ins (after the first) when neither shows a real improvement
    of the PEG from the first; None otherwise (fewer than three check-ins, or one of
    the last two is "better")."""
    judged = verdicts(checkins)
    if len(judged) < 3:
        return None
    last_two = judged[-2:]
    if any(v.direction == "better" for v in last_two):
        return None
    return last_two


def suggests_recovered(checkin: CheckIn) -> bool:
    """PEG 1 or less with every activity rated 9 or 10."""
    return checkin.peg_tenths <= RECOVERED_PEG_TENTHS and all(
        r.score >= ACTIVITY_RECOVERED for r in checkin.ratings
    )


def activity_name(text: str) -> str:
    """A clean activity name; ValueError when empty or too long."""
    name = " ".join(text.split())
    if not name:
        raise ValueError("an activity needs a name, e.g. deadlift or putting on socks")
    if len(name) > ACTIVITY_NAME_LIMIT:
        raise ValueError(
            f"an activity name is at most {ACTIVITY_NAME_LIMIT} characters; "
            f"'{name[:20]}…' has {len(name)}"
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise ValueError("an activity name cannot hold control characters")
    return name


def parse_goal(text: str) -> tuple[str, int]:
    """`--goal NAME=N` -> (name, N); ValueError with a plain message otherwise."""
    if "=" not in text:
        raise ValueError(f"--goal '{text}' needs a name and a score, e.g. --goal deadlift=4 (0-10)")
    name, _, value = text.rpartition("=")
    name = activity_name(name)
    value = value.strip()
    if not value.isdigit() or not 0 <= int(value) <= 10:
        raise ValueError(
            f"--goal {name}: the score must be a whole number from 0 (can't do it) "
            "to 10 (as before the injury)"
        )
    return name, int(value)


def parse_goals(texts: Sequence[str]) -> list[tuple[str, int]]:
    goals = [parse_goal(text) for text in texts]
    if len(goals) > MAX_ACTIVITIES:
        raise ValueError(f"at most {MAX_ACTIVITIES} activities (--goal); you gave {len(goals)}")
    seen: set[str] = set()
    for name, _ in goals:
        if name.casefold() in seen:
            raise ValueError(f"--goal {name} is given twice; rate each activity once")
        seen.add(name.casefold())
    return goals


RECOVERED_SUGGESTION = (
    "Your PEG is 1 or less and every activity is at 9 or 10: you may be recovered. "
    "Mark the episode recovered in the app (m) to switch to prevention."
)


def verdict_lines(verdict: Verdict) -> list[str]:
    """The verdict in plain words, one line for the PEG and one for the activities."""
    lines = [verdict.peg.text()]
    if verdict.activities is not None:
        text = verdict.activities.text()
        lines.append("Your " + text)
    return lines


class CheckInAnswers(NamedTuple):
    """What the person answered: the three PEG numbers, each activity's rating by name,
    any activity renamed on the way (id -> new name: its ratings stay with it), and any
    replaced by a new one (id -> the new one's name: rated from scratch)."""

    pain: int
    enjoyment: int
    activity: int
    goals: tuple[tuple[str, int], ...] = ()
    # Read-only: a NamedTuple's default is shared by every record that takes it.
    renames: Mapping[int, str] = MappingProxyType({})
    replaces: Mapping[int, str] = MappingProxyType({})
