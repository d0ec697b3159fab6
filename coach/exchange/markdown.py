"""The Markdown export: a summary a person can hand to a physiotherapist.

Every piece of text the person typed is escaped, so it shows literally and cannot
break a table. The numbers and words are the app's: the day's score is
`coach.safety.daily_scores`, the warnings `coach.safety.evaluate`, the check-in
verdicts `coach.checkin.verdicts`, the side words `coach.model.SIDE_WORDS` (as in the
HTML report), and an entry shows on its stored day, as the diary shows it
(`coach.dates.day_and_time`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from coach.content import SYMPTOM_LEVEL_WORDS, RedFlag, red_flag_index
from coach.dates import day_and_time, long_day, short_day
from coach.model import (
    LEVEL_MARKS,
    SIDE_WORDS,
    DiaryEntry,
    Episode,
    SafetyWarning,
    Session,
    Symptom,
)
from coach.safety import daily_scores, evaluate
from coach.store import Store
from coach.textsafe import shown

SPARKS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"
SPARK_DAYS = 90

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_escape(text: str) -> str:
    """Text the person typed, made literal inside a Markdown paragraph or table cell.

    Markdown punctuation is backslash-escaped, line breaks become `<br>` (so a note
    stays in its table cell) and other control characters become U+FFFD.
    """
    lines = text.splitlines() or [""]
    cleaned = []
    for line in lines:
        line = "".join(
            "\ufffd" if ch != "\t" and unicodedata.category(ch) == "Cc" else ch for ch in line
        )
        line = shown(line)  # bidi overrides and lone surrogates too
        cleaned.append(_MD_SPECIAL.sub(r"\\\1", line))
    return "<br>".join(cleaned)


def spark(score: int) -> str:
    """One bar for a 0-10 score: ▁ 0-1, then one bar a point (▂ 2 ... ▇ 7), and █ for
    8 or more, the severe scores. The middle of the scale, where changes matter most,
    keeps a bar for every point."""
    return SPARKS[min(max(score - 1, 0), len(SPARKS) - 1)]


def sparkline(scores: Mapping[date, int], last_days: int = SPARK_DAYS) -> str:
    """One character per calendar day from the first to the last logged day:
    `spark` bars, and · for a day with nothing logged. At most `last_days`."""
    if not scores:
        return ""
    last = max(scores)
    first = max(min(scores), last - timedelta(days=last_days - 1))
    chars = []
    day = first
    while day <= last:
        score = scores.get(day)
        chars.append(SPARK_GAP if score is None else spark(score))
        day += timedelta(days=1)
    return "".join(chars)


def trend_line(scores: Mapping[date, int]) -> str:
    """'▆▅·▃ from 6 on Mon 23 Nov to 3 on Fri 27 Nov (down 3; highest 6 on Mon 23 Nov)'."""
    if not scores:
        return "nothing logged"
    days = sorted(scores)
    first, last = days[0], days[-1]
    spark = sparkline(scores)
    shown = (last - first).days + 1
    prefix = f"{spark} " if shown <= SPARK_DAYS else f"{spark} (last {SPARK_DAYS} days) "
    if first == last:
        return f"{prefix}one day logged: {scores[first]} on {short_day(first)}"
    change = scores[last] - scores[first]
    if change > 0:
        direction = f"up {change}"
    elif change < 0:
        direction = f"down {-change}"
    else:
        direction = "no change"
    top_day = min(days, key=lambda d: (-scores[d], d))
    return (
        f"{prefix}from {scores[first]} on {_day(first, last)} to {scores[last]} on "
        f"{_day(last, first)} ({direction}; highest {scores[top_day]} on {_day(top_day, last)})"
    )


def _day(day: date, other: date) -> str:
    """`short_day`, with the year when the two days are in different years."""
    return long_day(day) if day.year != other.year else short_day(day)


def _minutes(seconds: int) -> str:
    if 0 < seconds < 60:
        return "under 1"
    return str(round(seconds / 60))


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str) -> list[str]:
    """A Markdown table; `align` has one letter per column: l or r."""
    marks = {"l": "---", "r": "---:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(marks[a] for a in align) + " |",
    ]
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return lines


def _routines(sessions: Iterable[tuple[str, str, int, bool]]) -> list[str]:
    """Sessions (kind, name, seconds done, stopped for pain) grouped by routine."""
    groups: dict[tuple[str, str], list[tuple[int, bool]]] = {}
    for kind, name, seconds, stopped in sessions:
        groups.setdefault((kind, name), []).append((seconds, stopped))
    if not groups:
        return ["None recorded."]
    return _table(
        ("Routine", "Kind", "Sessions", "Minutes", "Stopped: it hurt"),
        (
            (
                md_escape(name),
                md_escape(kind),
                len(group),
                _minutes(sum(seconds for seconds, _ in group)),
                sum(1 for _, stopped in group if stopped),
            )
            for (kind, name), group in groups.items()
        ),
        "llrrr",
    )


def _where(episode: Episode) -> str:
    area = f"{md_escape(episode.area)} back" if episode.area else ""
    side = SIDE_WORDS.get(episode.side, md_escape(episode.side))
    text = ", ".join(part for part in (area, side) if part)
    return text or "not recorded"


def _episode_markdown(
    episode: Episode,
    *,
    current: bool,
    entries: Sequence[DiaryEntry],
    symptoms: Sequence[Symptom],
    sessions: Sequence[Session],
    warnings: Sequence[SafetyWarning],
    flags: Mapping[str, RedFlag],
    today: date,
) -> list[str]:
    title = "Current episode" if current else "Earlier episode"
    out = [f"## {title}: pain since {long_day(episode.onset)}", ""]
    status = f"current, day {episode.age(today)} today ({short_day(today)})" if current else ""
    if episode.closed_at is not None:
        status = f"closed on {long_day(episode.closed_at.astimezone().date())}"
    elif not current:
        status = "open (a newer episode is the current one)"
    out.append(f"- Onset: {long_day(episode.onset)}")
    out.append(f"- Activity: {md_escape(episode.activity) if episode.activity else 'not recorded'}")
    out.append(f"- Where: {_where(episode)}")
    out.append(f"- Status: {status}")
    if episode.recovered_on:
        out.append(f"- Recovered: {long_day(episode.recovered_on)}")
    if episode.cleared_on:
        out.append(f"- Cleared by a clinician: {long_day(episode.cleared_on)}")
    out.append("")

    by_day: dict[date, list[DiaryEntry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    scores = daily_scores(entries)
    out += ["### Daily pain", ""]
    if scores:
        out.append("The day's score is the highest pain logged that day (0 none, 10 worst).")
        out.append("")
        out += _table(
            ("Day", "Score", "Entries", "Pain relief"),
            (
                (
                    _day(day, today),
                    scores[day],
                    len(by_day[day]),
                    "yes" if any(e.meds for e in by_day[day]) else "no",
                )
                for day in sorted(by_day)
            ),
            "lrrl",
        )
        out += ["", f"Trend: {trend_line(scores)}", ""]
    else:
        out += ["Nothing logged.", ""]

    if current:
        out += ["### Warnings", ""]
        if warnings:
            for warning in warnings:
                out.append(f"- {LEVEL_MARKS[warning.level]}: {md_escape(warning.message)}")
                out.extend(f"  - {md_escape(reason)}" for reason in warning.reasons)
        else:
            out.append(f"No active warnings on {long_day(today)}.")
        out.append("")

    out += ["### Routines done", ""]
    out += _routines((s.kind, s.name, s.seconds_done, s.stopped_for_pain) for s in sessions)
    out.append("")

    out += ["### Symptoms", ""]
    first_seen: dict[str, date] = {}
    for symptom in symptoms:
        if symptom.key not in first_seen or symptom.day < first_seen[symptom.key]:
            first_seen[symptom.key] = symptom.day
    if first_seen:
        for key, day in sorted(first_seen.items(), key=lambda item: (item[1], item[0])):
            flag = flags.get(key)
            text = md_escape(flag.text) if flag else md_escape(key)
            level = f"{SYMPTOM_LEVEL_WORDS[flag.level]}; " if flag else ""
            out.append(f"- {text} ({level}first noted {_day(day, today)})")
    else:
        out.append("None of the red-flag symptoms were noted.")
    out.append("")

    noted = [entry for entry in entries if entry.note.strip()]
    if noted:
        out += ["### Notes", ""]
        out += _table(
            ("When", "Pain", "Note"),
            ((day_and_time(e.day, e.logged_at, today), e.pain, md_escape(e.note)) for e in noted),
            "lrl",
        )
        out.append("")
    return out


def export_markdown(store: Store, today: date, flags: Mapping[str, RedFlag] | None = None) -> str:
    """A summary to hand to a physiotherapist: the current episode first, then the rest."""
    flags = red_flag_index() if flags is None else flags
    current = store.current_episode()
    episodes = store.episodes()  # newest first
    if current is not None:
        episodes = [current] + [e for e in episodes if e.id != current.id]
    out = [
        "# Back pain diary",
        "",
        f"Exported from coach on {long_day(today)}. A self-care diary kept by the person, "
        "not a diagnosis. Pain is scored 0 (no pain) to 10 (worst imaginable).",
        "",
    ]
    if not episodes:
        out += ["No episodes logged yet.", ""]
    for episode in episodes:
        entries = store.entries(episode.id)
        symptoms = store.symptoms(episode.id)
        sessions = store.sessions(episode.id)
        is_current = current is not None and episode.id == current.id
        warnings = (
            evaluate(episode, entries, symptoms, sessions, today, flags) if is_current else []
        )
        out += _episode_markdown(
            episode,
            current=is_current,
            entries=entries,
            symptoms=symptoms,
            sessions=sessions,
            warnings=warnings,
            flags=flags,
            today=today,
        )
        out += _checkins_markdown(store.checkins(episode.id))
    loose = store.rows(
        "SELECT kind, name, seconds_done, stopped_for_pain FROM sessions"
        " WHERE episode_id IS NULL ORDER BY started_at, id",
    )
    if loose:
        out += ["## Sessions outside an episode (prevention)", ""]
        out += _routines(
            (r["kind"], r["name"], r["seconds_done"], bool(r["stopped_for_pain"])) for r in loose
        )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _checkins_markdown(checkins: Sequence[Any]) -> list[str]:
    """The weekly check-ins with their verdicts, after the episode's other sections."""
    from coach.checkin import tenths_text, verdicts

    if not checkins:
        return []
    out = ["### Weekly check-ins", ""]
    out += _table(
        ("Day", "Pain, enjoyment, activity", "PEG", "Verdict", "Activities"),
        (
            (
                short_day(v.checkin.day),
                f"{v.checkin.pain}, {v.checkin.enjoyment}, {v.checkin.activity}",
                tenths_text(v.checkin.peg_tenths),
                md_escape(v.text()),
                md_escape(", ".join(f"{r.name} {r.score}" for r in v.checkin.ratings)),
            )
            for v in verdicts(checkins)
        ),
        "llrll",
    )
    out.append("")
    return out
