"""`coach report`: one self-contained HTML page for a physiotherapist or GP.

Built with Jinja2 with autoescaping on, so every piece of text the person typed is
escaped; control characters (terminal escapes) are shown as visible symbols. The
chart is inline SVG drawn here, with no library. The page has no script, no link and
nothing to fetch: no `http` anywhere. Print styles keep it to one A4 or Letter page,
in black and white.

Imports neither textual nor sqlite: it works on a `coach.state.Snapshot`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from coach import __version__
from coach.checkin import Verdict, tenths_text, verdicts
from coach.content import SYMPTOM_LEVEL_WORDS, RedFlag
from coach.dates import long_day, short_day
from coach.model import LEVEL_MARKS, SIDE_WORDS, DiaryEntry, Symptom
from coach.paths import TEMPLATES_DIR
from coach.safety import SEVERE_SCORE, daily_scores
from coach.state import Snapshot

CHART_DAYS = 28
NOTES_SHOWN = 10
NOTE_CHARS = 64
CHECKINS_SHOWN = 5
STOPS_SHOWN = 6
SIDES = SIDE_WORDS
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# The chart's geometry, in SVG user units.
WIDTH, HEIGHT = 700, 84
LEFT, RIGHT, TOP, BOTTOM = 28, 8, 8, 22


def visible(text: object) -> str:
    """Control characters (an ESC of a terminal escape, a bell) as visible symbols:
    ␛ for ESC, and so on (Unicode control pictures)."""
    return _CONTROL.sub(
        lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), str(text)
    )


def shorten(text: str, limit: int = NOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def day_runs(days: Sequence[date]) -> list[str]:
    """Sorted days written as runs: 'Mon 2 Nov to Thu 5 Nov', 'Sat 7 Nov'."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return [short_day(a) if a == b else f"{short_day(a)} to {short_day(b)}" for a, b in runs]


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    score: int
    day: date


def chart(scores: Mapping[date, int], today: date, days: int = CHART_DAYS) -> dict[str, Any]:
    """Geometry for the daily-pain chart of the `days` days ending today: points, the
    line through consecutive logged days, grid lines, and the severe line at 8."""
    first = today - timedelta(days=days - 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / (days - 1)

    def x_of(day: date) -> float:
        return round(LEFT + (day - first).days * step, 1)

    def y_of(score: float) -> float:
        return round(TOP + plot_h * (1 - score / 10), 1)

    points = [
        ChartPoint(x_of(day), y_of(score), score, day)
        for day, score in sorted(scores.items())
        if first <= day <= today
    ]
    # A line joins logged days that follow each other; a gap (a day not logged) breaks it.
    segments: list[str] = []
    run: list[ChartPoint] = []
    for point in points:
        if run and (point.day - run[-1].day).days > 1:
            if len(run) > 1:
                segments.append(" ".join(f"{p.x},{p.y}" for p in run))
            run = []
        run.append(point)
    if len(run) > 1:
        segments.append(" ".join(f"{p.x},{p.y}" for p in run))
    ticks = [
        {
            "x": x_of(first + timedelta(days=n)),
            "label": short_day(first + timedelta(days=n))[4:],
            "anchor": "start" if n == 0 else "middle",
        }
        for n in range(0, days - 3, 7)
    ] + [{"x": x_of(today), "label": short_day(today)[4:], "anchor": "end"}]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "grid": [{"y": y_of(v), "label": v} for v in (0, 5, 10)],
        "severe_y": y_of(SEVERE_SCORE),
        "severe": SEVERE_SCORE,
        "points": points,
        "segments": segments,
        "ticks": ticks,
        "first": first,
        "logged": len(points),
        "days": days,
    }


def _where(area: str, side: str) -> str:
    parts = [f"{area} back" if area else "", SIDES.get(side, side)]
    return ", ".join(p for p in parts if p) or "not recorded"


def _activities_cell(verdict: Verdict) -> str:
    change = verdict.activities
    if change is None:
        return ""
    if change.direction == "first":
        return f"{change.latest:.1f}"
    return f"{change.latest:.1f} ({change.change_text()}): {change.direction}"


def report_context(
    snapshot: Snapshot, flags: Mapping[str, RedFlag], *, include_notes: int = NOTES_SHOWN
) -> dict[str, Any]:
    """Everything the template shows, worked out here so the template only lays it out."""
    today = snapshot.today
    episode = snapshot.episode
    context: dict[str, Any] = {
        "today": long_day(today),
        "iso_today": today.isoformat(),
        "version": __version__,
        "episode": None,
    }
    if episode is None:
        return context
    entries: Sequence[DiaryEntry] = snapshot.entries
    scores = daily_scores(entries)
    context["episode"] = {
        "onset": long_day(episode.onset),
        "activity": episode.activity or "not recorded",
        "where": _where(episode.area, episode.side),
        "day": episode.age(today),
        "recovered": long_day(episode.recovered_on) if episode.recovered_on else None,
        "highest": max(scores.values()) if scores else None,
        "latest": scores[max(scores)] if scores else None,
        "latest_day": short_day(max(scores)) if scores else None,
        "logged_days": len(scores),
    }
    context["chart"] = chart(scores, today)
    judged = verdicts(snapshot.checkins)
    # The first (the baseline) and the latest few keep the page to one sheet.
    shown = (
        judged if len(judged) <= CHECKINS_SHOWN else [judged[0], *judged[-(CHECKINS_SHOWN - 1) :]]
    )
    context["checkins_hidden"] = len(judged) - len(shown)
    context["checkins"] = [
        {
            "day": short_day(v.checkin.day),
            "answers": f"{v.checkin.pain}, {v.checkin.enjoyment}, {v.checkin.activity}",
            "peg": tenths_text(v.checkin.peg_tenths),
            "verdict": "start" if v.first else v.direction,
            "change": "" if v.first else v.peg.change_text(),
            "activities": _activities_cell(v),
        }
        for v in shown
    ]
    first_rating: dict[int, int] = {}
    last_rating: dict[int, tuple[str, int]] = {}
    for checkin in sorted(snapshot.checkins, key=lambda c: c.day):
        for rating in checkin.ratings:
            first_rating.setdefault(rating.activity_id, rating.score)
            last_rating[rating.activity_id] = (rating.name, rating.score)
    context["activities"] = [
        f"{name} {first_rating[key]} → {score}" for key, (name, score) in last_rating.items()
    ]
    by_key: dict[str, list[Symptom]] = {}
    for symptom in snapshot.symptoms:
        by_key.setdefault(symptom.key, []).append(symptom)
    context["symptoms"] = [
        {
            "text": flags[key].text if key in flags else key,
            "level": SYMPTOM_LEVEL_WORDS.get(flags[key].level, "") if key in flags else "",
            "days": ", ".join(short_day(d) for d in sorted({s.day for s in reports})),
            "after_clearance": episode.cleared_through is not None
            and any(s.seq is None or s.seq > episode.cleared_through for s in reports),
        }
        for key, reports in sorted(by_key.items(), key=lambda kv: min(s.day for s in kv[1]))
    ]
    context["clearance"] = long_day(episode.cleared_on) if episode.cleared_on else None
    meds = sorted({e.day for e in entries if e.meds})
    context["meds_count"] = len(meds)
    context["meds_days"] = day_runs(meds)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    stops: list[dict[str, str]] = []
    for session in snapshot.sessions:
        group = groups.setdefault(
            (session.kind, session.name),
            {"name": session.name, "kind": session.kind, "count": 0, "minutes": 0, "days": set()},
        )
        group["count"] += 1
        group["minutes"] += session.seconds_done
        if session.stopped_for_pain:
            stops.append({"name": session.name, "day": short_day(session.day)})
    context["routines"] = [{**g, "minutes": round(g["minutes"] / 60)} for g in groups.values()]
    context["stops_hidden"] = max(0, len(stops) - STOPS_SHOWN)
    context["stops"] = stops[-STOPS_SHOWN:]
    context["warnings"] = [
        {"mark": LEVEL_MARKS[w.level], "message": w.message, "reasons": list(w.reasons)}
        for w in snapshot.warnings
    ]
    noted = [e for e in entries if e.note.strip()]
    context["notes"] = [
        {"day": short_day(e.day), "pain": e.pain, "text": shorten(e.note)}
        for e in reversed(noted[-include_notes:])
    ]
    context["notes_total"] = len(noted)
    return context


def render(context: Mapping[str, Any]) -> str:
    """The page. Jinja2 with autoescape on; `visible` runs on every printed value."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=lambda value: visible(value) if isinstance(value, str) else value,
    )
    return env.get_template("report.html.j2").render(**context)


def report_html(snapshot: Snapshot, flags: Mapping[str, RedFlag]) -> str:
    return render(report_context(snapshot, flags))


def default_name(today: date) -> str:
    return f"coach-report-{today.isoformat()}.html"
