"""The warnings engine: when to tell the person to rest, wait, or see someone.

Pure: standard library and coach's own plain records only (no textual, no sqlite),
so it imports quickly and is easy to test. The rules are those of PRODUCT.md,
"Safety rules (the warnings engine)":

* A day's score is the highest pain logged that day (`daily_scores`). Days are the
  entries' `day` fields, which already are calendar days in the user's local time
  zone; `logged_at` is never used here.
* "Latest" is the latest logged day of the episode that is not after `today`. Entries,
  symptoms and sessions dated after `today` are ignored, because the app can pretend
  that today is an earlier date.
* "Recent" means today or yesterday. The episode's age is `today - onset` in days.
* Symptoms come from the intake and from every diary entry; the caller passes them
  all in `symptoms` (the `symptoms` field of a `DiaryEntry` is not read here).

Clinician clearance: `Episode.cleared_through` records the last symptom report that
existed when the person confirmed that a clinician has cleared them. Emergency
symptoms reported up to then count as seen: they no longer raise `emergency` and no
longer lock routines. An emergency symptom reported after it (a new entry, an edit
that ticks a sign, an import), whatever day it is dated, raises `emergency` and locks
routines again, until the person confirms a new clearance. Clearance does not touch
see-soon symptoms: they keep raising `see_doctor_soon` for the whole episode.

The caller passes the data of one episode; nothing here filters by `episode_id`.
A symptom key that is not in the red-flag file raises ValueError.

Cost: one pass over the entries builds the day scores and the pain-relief days;
every rule after that looks at a handful of days or walks one run back from the
latest day. Ten years of daily entries evaluate in about a millisecond.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from datetime import date, timedelta
from typing import NamedTuple

from coach.checkin import CheckIn, not_improving, tenths_text
from coach.content import RedFlag
from coach.dates import long_day, short_day
from coach.model import LEVELS, DiaryEntry, Episode, Level, SafetyWarning, Session, Symptom

__all__ = [
    "KINDS",
    "Triage",
    "daily_scores",
    "evaluate",
    "recovered_on",
    "routines_locked",
    "triage",
]

#: The warning kinds in the order of the PRODUCT.md table, with their levels.
KINDS: dict[str, Level] = {
    "emergency": "urgent",
    "see_doctor_today": "caution",
    "see_doctor_soon": "caution",
    "severe": "caution",
    "worsening": "caution",
    "persistent": "caution",
    "not_improving": "caution",
    "medication": "info",
    "stretch_pain": "caution",
}

SEVERE_SCORE = 8
WORSENING_RISE = 2
WORSENING_LOOKBACK_DAYS = 3
PERSISTENT_SCORE = 3
# Most back pain improves within a few weeks (NHS): from day 21 any pain of 3 or more
# that is not settling counts, whatever the highest was.
PERSISTENT_AGE = 21
# From day 4 (exercise soreness peaks at 24-72 h, Cheung 2003), pain still above 70% of
# the episode's highest, that is less than the 30% improvement that counts.
PERSISTENT_EARLY_AGE = 4
# "above 70% of the highest score", kept in whole numbers: 10 * latest > 7 * highest.
PERSISTENT_SHARE_NUMERATOR = 7
PERSISTENT_SHARE_DENOMINATOR = 10
MEDICATION_DAYS = 3
RECOVERED_PAIN = 1  # recovered: pain at most 1 ...
RECOVERED_DAYS = 2  # ... on two consecutive logged days
RELAPSE_PAIN = 3  # recovery ends when a later day scores this or more

ONE_DAY = timedelta(days=1)
# Dates this far apart are written with their year, so a long run reads right.
FAR_DAYS = 183

# What each warning tells the person. The worsening and medication messages are
# preceded by a sentence with their numbers.
MESSAGES: dict[str, str] = {
    "emergency": (
        "Seek medical help now: call your local emergency number or go to an emergency "
        "department. Routines are locked until you confirm a clinician has cleared you."
    ),
    "see_doctor_today": (
        "Get medical advice today: ask your GP or family doctor for an urgent appointment, "
        "or call your local urgent-care line (111 in the UK). Tell them which symptoms you have."
    ),
    "see_doctor_soon": (
        "Book an appointment with your GP or family doctor in the next few days, and "
        "mention the symptoms you noticed."
    ),
    "severe": "Severe pain: see a doctor promptly. Rest rather than stretch today.",
    "worsening": "Go easy today. If it keeps rising, see a doctor.",
    "persistent": "Your pain is not settling. See a physiotherapist or GP.",
    "not_improving": "You are not getting better. See a physiotherapist or GP.",
    "medication": (
        "Follow the label. If you need pain relief for more than a few days, "
        "ask a pharmacist or doctor."
    ),
    "stretch_pain": "Skip that stretch for now. If it keeps hurting, see a physiotherapist.",
}

_ORDER = {kind: (LEVELS.index(level), index) for index, (kind, level) in enumerate(KINDS.items())}


class Triage(NamedTuple):
    """Symptom flags sorted by tier, each tuple in red-flag file order, no repeats."""

    emergency: tuple[RedFlag, ...] = ()
    today: tuple[RedFlag, ...] = ()
    soon: tuple[RedFlag, ...] = ()


def daily_scores(entries: Iterable[DiaryEntry]) -> dict[date, int]:
    """Each logged day's score: the highest pain logged that day."""
    return day_history((entry.day, entry.pain, entry.meds) for entry in entries)[0]


def day_history(days: Iterable[tuple[date, int, bool]]) -> tuple[dict[date, int], set[date]]:
    """From each entry's (day, pain, pain relief taken): each logged day's score (the
    highest pain logged that day) and the days pain relief was taken. All the rules
    read from the entries, so a long diary's history can be read as these alone."""
    scores: dict[date, int] = {}
    meds_days: set[date] = set()
    for day, pain, meds in days:
        best = scores.get(day)
        if best is None or pain > best:
            scores[day] = pain
        if meds:
            meds_days.add(day)
    return scores, meds_days


def triage(keys: Iterable[str], flags: Mapping[str, RedFlag]) -> Triage:
    """Which of `keys` are emergency, today and soon flags.

    `flags` is `coach.content.red_flag_index()`; the result keeps its order. A key that
    is not in `flags` raises ValueError.
    """
    wanted = set(keys)
    unknown = sorted(wanted.difference(flags))
    if unknown:
        names = ", ".join(repr(key) for key in unknown)
        raise ValueError(f"unknown symptom key {names}; known keys: {', '.join(flags)}")
    chosen = [flag for key, flag in flags.items() if key in wanted]
    return Triage(
        emergency=tuple(flag for flag in chosen if flag.level == "emergency"),
        today=tuple(flag for flag in chosen if flag.level == "today"),
        soon=tuple(flag for flag in chosen if flag.level == "soon"),
    )


def _uncleared(episode: Episode, symptom: Symptom) -> bool:
    """Not covered by the episode's clearance. A clearance covers exactly the reports
    made before it, by the order of reporting (never by their dates, which a back-dated
    entry or an import can set to anything); a report of unknown order is not covered."""
    if episode.cleared_through is None or symptom.seq is None:
        return True
    return symptom.seq > episode.cleared_through


def routines_locked(
    episode: Episode | None, symptoms: Sequence[Symptom], flags: Mapping[str, RedFlag]
) -> bool:
    """True iff an emergency symptom of the episode is not covered by a clearance.

    An emergency symptom is covered when it was reported before the clearance was
    recorded (`Symptom.seq` up to `Episode.cleared_through`): a clinician has seen the
    person since. No episode: nothing is locked. Every symptom passed counts, whatever
    its day; pass only those up to today.
    """
    if episode is None:
        return False
    triaged = triage((symptom.key for symptom in symptoms), flags)
    emergency = {flag.key for flag in triaged.emergency}
    return any(s.key in emergency and _uncleared(episode, s) for s in symptoms)


def evaluate(
    episode: Episode | None,
    entries: Sequence[DiaryEntry],
    symptoms: Sequence[Symptom],
    sessions: Sequence[Session],
    today: date,
    flags: Mapping[str, RedFlag],
    checkins: Sequence[CheckIn] = (),
    scores: Mapping[date, int] | None = None,
    meds_days: Set[date] | None = None,
) -> list[SafetyWarning]:
    """The active warnings of `episode` as of `today`: urgent, caution, then info.

    Within a level, warnings follow the order of the PRODUCT.md table. Each kind
    appears at most once. No episode: no warnings. `scores`, when given, is
    `daily_scores` of the entries up to `today`, worked out once by the caller, and
    `meds_days` the days up to `today` pain relief was taken (`day_history` gives both).
    """
    if episode is None:
        return []
    warnings = _symptom_warnings(episode, [s for s in symptoms if s.day <= today], flags)

    if scores is None or meds_days is None:
        counted = [entry for entry in entries if entry.day <= today]
        scores, meds_days = day_history((e.day, e.pain, e.meds) for e in counted)

    # On a recovered episode (marked with `m`, or two days at 1 or less) the pain rules
    # stay quiet: while it holds, no later day has scored 3 or more, and a warning about
    # the pain would contradict it. Symptoms, pain relief and "this hurts" still count.
    if scores and recovered_on(episode, entries, today, scores) is None:
        latest = max(scores)
        for rule in (_severe, _worsening, _persistent):
            warning = rule(episode, scores, latest, today)
            if warning is not None:
                warnings.append(warning)
    if scores:
        warning = _medication(meds_days, max(scores))
        if warning is not None:
            warnings.append(warning)

    warning = _stretch_pain(sessions, today)
    if warning is not None:
        warnings.append(warning)

    warning = _not_improving(episode, [c for c in checkins if c.day <= today], today)
    if warning is not None:
        warnings.append(warning)

    warnings.sort(key=lambda w: _ORDER[w.kind])
    return warnings


def recovered_on(
    episode: Episode,
    entries: Sequence[DiaryEntry],
    today: date,
    scores: Mapping[date, int] | None = None,
) -> date | None:
    """The day the episode counts as recovered (PRODUCT.md, "Recovered"): marked by the
    person (`m`), or the second of two consecutive logged days with pain at most 1 (each
    day's highest score). Recovery ends when a later day scores 3 or more. A marked
    recovery stands for the days up to the day it was marked (the person chose it
    knowing that day's pain) and ends only on a later day that scores 3 or more."""
    if scores is None:
        scores = daily_scores(e for e in entries if e.day <= today)
    marked = episode.recovered_on
    if marked is not None and marked > today:
        marked = None
    recovered = marked
    for day in sorted(scores):
        if marked is not None and day <= marked:
            continue
        if scores[day] >= RELAPSE_PAIN:
            recovered = None  # pain came back: the episode is not over after all
        elif (
            recovered is None
            and scores[day] <= RECOVERED_PAIN
            and scores.get(day - ONE_DAY, RECOVERED_PAIN + 1) <= RECOVERED_PAIN
        ):
            recovered = day
    return recovered


def _far_day(day: date, reference: date) -> str:
    """`short_day`, with the year too when `day` is half a year or more from `reference`."""
    if abs((reference - day).days) >= FAR_DAYS:
        return long_day(day)
    return short_day(day)


def _warning(kind: str, since: date, reasons: Iterable[str], message: str = "") -> SafetyWarning:
    return SafetyWarning(
        kind=kind,
        level=KINDS[kind],
        message=message or MESSAGES[kind],
        since=since,
        reasons=tuple(reasons),
    )


def _symptom_warnings(
    episode: Episode, symptoms: Sequence[Symptom], flags: Mapping[str, RedFlag]
) -> list[SafetyWarning]:
    triaged = triage((symptom.key for symptom in symptoms), flags)
    warnings: list[SafetyWarning] = []
    emergency_keys = {flag.key for flag in triaged.emergency}
    raising = [s for s in symptoms if s.key in emergency_keys and _uncleared(episode, s)]
    if raising:
        keys = {s.key for s in raising}
        texts = [flag.text for flag in triaged.emergency if flag.key in keys]
        warnings.append(_warning("emergency", min(s.day for s in raising), texts))
    for kind, tier in (("see_doctor_today", triaged.today), ("see_doctor_soon", triaged.soon)):
        if tier:
            keys = {flag.key for flag in tier}
            since = min(s.day for s in symptoms if s.key in keys)
            warnings.append(_warning(kind, since, [flag.text for flag in tier]))
    return warnings


def _severe(
    episode: Episode, scores: Mapping[date, int], latest: date, today: date
) -> SafetyWarning | None:
    score = scores[latest]
    if score < SEVERE_SCORE:
        return None
    reason = f"pain {score} on {short_day(latest)} ({SEVERE_SCORE} or more is severe pain)"
    if latest == today:
        return _warning("severe", latest, [reason])
    # Logged for an earlier day (`coach log --date`): "today" would not be true.
    message = (
        f"Severe pain on {short_day(latest)}: see a doctor promptly. Rest rather than "
        "stretch while it is this bad."
    )
    return _warning("severe", latest, [reason], message)


def _worsening(
    episode: Episode, scores: Mapping[date, int], latest: date, today: date
) -> SafetyWarning | None:
    score = scores[latest]
    headline = ""
    reasons: list[str] = []

    # The logged day among the three before the latest with the lowest score; on a
    # tie, the most recent of them.
    lowest: tuple[int, date] | None = None
    for back in range(1, WORSENING_LOOKBACK_DAYS + 1):
        day = latest - back * ONE_DAY
        earlier = scores.get(day)
        if earlier is not None and (lowest is None or earlier < lowest[0]):
            lowest = (earlier, day)
    if lowest is not None and score - lowest[0] >= WORSENING_RISE:
        earlier, day = lowest
        headline = f"Your pain is getting worse: {score}, up from {earlier} on {short_day(day)}."
        reasons.append(
            f"pain rose from {earlier} on {short_day(day)} to {score} on {short_day(latest)}"
        )

    day_before, two_before = latest - ONE_DAY, latest - 2 * ONE_DAY
    if day_before in scores and two_before in scores:
        first, second = scores[two_before], scores[day_before]
        if first < second < score:
            if not headline:
                headline = (
                    f"Your pain is getting worse: {first}, {second}, then {score} over three days."
                )
            reasons.append(
                f"pain rose three days running: {first} on {short_day(two_before)}, "
                f"{second} on {short_day(day_before)}, {score} on {short_day(latest)}"
            )

    if not reasons:
        return None
    return _warning("worsening", latest, reasons, f"{headline} {MESSAGES['worsening']}")


def _persistent(
    episode: Episode, scores: Mapping[date, int], latest: date, today: date
) -> SafetyWarning | None:
    """Not settling: the latest day is recent and scores 3 or more, and either the
    episode is 21 days old or more, or it is 4 days old or more and the latest score is
    still above 70% of the episode's highest (less than the 30% improvement that counts).
    The caller has already left out recovered episodes."""
    score = scores[latest]
    if latest < today - ONE_DAY or score < PERSISTENT_SCORE:
        return None
    age = episode.age(today)
    highest = max(scores.values())
    above_share = PERSISTENT_SHARE_DENOMINATOR * score > PERSISTENT_SHARE_NUMERATOR * highest
    day = episode.age(latest)
    if age >= PERSISTENT_AGE:
        reasons = [
            f"pain {score} on day {day} ({short_day(latest)}); it started on "
            f"{_far_day(episode.onset, today)}",
            f"from day {PERSISTENT_AGE}, pain of {PERSISTENT_SCORE} or more counts: most back "
            "pain improves within a few weeks",
        ]
    elif age >= PERSISTENT_EARLY_AGE and above_share:
        reasons = [
            f"pain {score} on day {day} ({short_day(latest)}) is still above 70% of your "
            f"worst, {highest}",
            f"from day {PERSISTENT_EARLY_AGE}, less than a 30% improvement counts",
        ]
    else:
        return None
    return _warning("persistent", latest, reasons)


def _medication(meds_days: Set[date], latest: date) -> SafetyWarning | None:
    first = latest
    while first in meds_days:
        first -= ONE_DAY
    first += ONE_DAY
    run = (latest - first).days + 1
    if run < MEDICATION_DAYS:
        return None
    span = f"{_far_day(first, latest)} to {_far_day(latest, first)}"
    reason = f"pain relief on {run} days in a row ({span})"
    message = f"You have taken pain relief {run} days in a row. {MESSAGES['medication']}"
    return _warning("medication", first, [reason], message)


def _stretch_pain(sessions: Sequence[Session], today: date) -> SafetyWarning | None:
    yesterday = today - ONE_DAY
    stopped = sorted(
        (s for s in sessions if s.stopped_for_pain and yesterday <= s.day <= today),
        key=lambda s: (s.day, s.started_at, s.name, s.id),
    )
    if not stopped:
        return None
    reasons = [f'you stopped "{s.name}" with "this hurts" on {short_day(s.day)}' for s in stopped]
    names = []
    for session in stopped:
        if session.name not in names:
            names.append(session.name)
    headline = "A stretch hurt: " + ", ".join(f'"{name}"' for name in names) + "."
    return _warning(
        "stretch_pain", stopped[-1].day, reasons, f"{headline} {MESSAGES['stretch_pain']}"
    )


NOT_IMPROVING_AGE = 14


def _not_improving(
    episode: Episode, checkins: Sequence[CheckIn], today: date
) -> SafetyWarning | None:
    """Not marked recovered, age 14 or more, and the last two weekly check-ins both
    show no real improvement of the PEG from the episode's first (coach.checkin)."""
    if episode.recovered_on is not None and episode.recovered_on <= today:
        return None
    age = episode.age(today)
    if age < NOT_IMPROVING_AGE:
        return None
    last_two = not_improving(checkins)
    if last_two is None:
        return None
    first = last_two[0].peg.first
    reasons = [
        f"PEG {tenths_text(v.peg.latest)} on {short_day(v.checkin.day)}, "
        f"{v.direction} from {tenths_text(first)} at your first check-in"
        for v in last_two
    ]
    reasons.append(
        f"the pain started {age} days ago; real improvement is a PEG down at least 1 point "
        "and 30% from the first"
    )
    return _warning("not_improving", last_two[-1].checkin.day, reasons)
