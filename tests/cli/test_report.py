"""`coach report`: one self-contained HTML page, every section present, every user text
escaped, no script and nothing fetched; written 0600 and atomically."""

from __future__ import annotations

import os
import stat
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coach import report
from coach.actions import load_snapshot
from coach.content import red_flag_index
from coach.store import Store
from tests.cli.conftest import Runner, one_line_error
from tests.report_diary import HOSTILE_NOTES, TODAY, seed_full_diary

# Tags that start a new run of text (the parsed text gets a space there).
BLOCKS = {"td", "th", "tr", "li", "p", "dt", "dd", "br", "h1", "h2", "ul", "text", "title"}
SECTIONS = ("episode", "chart", "checkins", "warnings", "symptoms", "meds", "routines", "notes")


class Page(HTMLParser):
    """Every tag with its attributes, the text of each section, and the whole text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in BLOCKS:
            self.handle_data(" ")
        if tag == "section":
            self._open.append(dict(attrs).get("id") or "")
            self.sections.setdefault(self._open[-1], [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for name in self._open:
            self.sections[name].append(data)

    def section(self, name: str) -> str:
        return " ".join("".join(self.sections[name]).split())

    @property
    def all_text(self) -> str:
        return " ".join("".join(self.text).split())


def page_of(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def html_for(db_path: Path, today: date = TODAY) -> str:
    store = Store.open(db_path)
    try:
        return report.report_html(load_snapshot(store, today), red_flag_index())
    finally:
        store.close()


def test_every_section_is_there_with_its_numbers(db_path: Path) -> None:
    seed_full_diary(db_path)
    html = html_for(db_path)
    page = page_of(html)
    assert "not a diagnosis" in page.all_text
    assert "Kept by the person" in page.all_text
    for name in SECTIONS:
        assert name in page.sections, name
    episode = page.section("episode")
    assert "Fri 30 Oct 2026 (day 30 today)" in episode
    assert "heavy deadlifts" in episode
    assert "lower back, left side" in episode
    # The chart: inline SVG with the severe line at 8 and one dot per logged day.
    tags = [t for t, _ in page.tags]
    assert "svg" in tags
    severe = [a for t, a in page.tags if t == "line" and a.get("class") == "severe"]
    assert len(severe) == 1
    assert "8+ severe" in page.section("chart")
    dots = [a for t, a in page.tags if t == "circle"]
    # The 28 days shown run from Mon 2 Nov (day 3) to today, Sun 29 Nov (not logged):
    # days 3 to 29 less the three not logged (days 7, 15 and 23).
    assert len(dots) == 24
    checkins = page.section("checkins")
    assert "Fri 6 Nov" in checkins and "start" in checkins
    assert "no real change: down 0.6, 10%" in checkins
    assert "deadlift 2 → 3" in checkins
    warnings = page.section("warnings")
    assert "▲ CAUTION" in warnings
    assert "You are not getting better" in warnings
    assert "PEG 6.0 on Sat 21 Nov, no real change from 6.3" in warnings
    symptoms = page.section("symptoms")
    assert "spreading down one leg" in symptoms and "Fri 30 Oct" in symptoms
    # Each sign with its tier, in words (three tiers: PRODUCT.md, Symptom keys).
    assert "see a GP in the next few days" in symptoms
    assert "get medical advice today" in symptoms
    assert "reported after the clearance" in symptoms
    assert "Cleared by a clinician on Mon 9 Nov 2026" in symptoms
    assert "7 days: Sat 31 Oct to Mon 2 Nov, Fri 13 Nov, Thu 26 Nov to Sat 28 Nov" in page.section(
        "meds"
    )
    routines = page.section("routines")
    assert "Gentle full routine 5 50" in routines
    assert 'Stopped with "this hurts": Cat-cow (Wed 25 Nov), Cat-cow (Fri 27 Nov)' in routines
    notes = page.section("notes")
    assert "(10 of 13)" in notes
    assert notes.count("walked the dog") == 10
    assert "Sat 28 Nov, pain 8: Day 29" in notes  # the latest first


def test_hostile_text_is_escaped_and_nothing_runs_or_is_fetched(db_path: Path) -> None:
    seed_full_diary(db_path, hostile=True)
    html = html_for(db_path)
    page = page_of(html)
    tags = {t for t, _ in page.tags}
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert "<script" not in html.lower()
    assert "http" not in html.lower()
    assert "\x1b" not in html and "\x07" not in html
    # No attribute anywhere refers to anything outside the page.
    for _, attrs in page.tags:
        assert not {"href", "src", "onerror", "onload", "action"} & set(attrs)
    notes = page.section("notes")
    assert "<script>alert('x')</script> after squats" in notes
    assert 'Tom & Jerry said "rest" & I didn\'t' in notes
    assert "␛[31mred␛[0m and a bell␇ <b>bold</b>" in notes
    assert "deadlifts <b>& squats</b>" in page.section("episode")
    assert len(HOSTILE_NOTES) == 3


def test_no_episode_still_writes_a_page(db_path: Path) -> None:
    Store.open(db_path).close()
    page = page_of(html_for(db_path))
    assert "No episode has been logged yet." in page.section("episode")


def test_chart_geometry_severe_line_and_gaps() -> None:
    today = date(2026, 11, 29)  # the 28 days shown start on Mon 2 Nov
    scores = {date(2026, 11, 1): 0, date(2026, 11, 2): 10, date(2026, 11, 4): 8, today: 5}
    chart = report.chart(scores, today)
    assert chart["severe_y"] == pytest.approx(
        report.TOP + 0.2 * (report.HEIGHT - report.TOP - report.BOTTOM)
    )
    # Nov 1 is outside the 28 days; Nov 2 to Nov 4 has a gap: no line across it.
    assert [p.day for p in chart["points"]] == [date(2026, 11, 2), date(2026, 11, 4), today]
    assert chart["segments"] == []
    top = chart["points"][0]
    assert top.y == report.TOP and top.x == report.LEFT


def test_visible_shows_control_characters() -> None:
    assert report.visible("a\x1b[1mb\x07\x7f\n") == "a␛[1mb␇␡\n"


# --- the command --------------------------------------------------------------------


def test_report_default_file_is_private(coach: Runner, db_path: Path, tmp_path: Path) -> None:
    seed_full_diary(db_path)
    result = coach("report", "--db", db_path, "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    written = tmp_path / f"coach-report-{TODAY.isoformat()}.html"  # the runner's folder
    assert f"Wrote the report to {written.name}" in result.stdout
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert "Back pain report" in written.read_text(encoding="utf-8")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_report_to_stdout_and_to_a_file(coach: Runner, db_path: Path, tmp_path: Path) -> None:
    seed_full_diary(db_path)
    result = coach("report", "--output", "-", "--db", db_path, "--today", TODAY.isoformat())
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    target = tmp_path / "out" / "r.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    result = coach("report", "--output", target, "--db", db_path, "--today", TODAY.isoformat())
    assert result.returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == html_for(db_path)


def test_report_bad_output_is_bad_input(coach: Runner, db_path: Path, tmp_path: Path) -> None:
    seed_full_diary(db_path)
    line = one_line_error(coach("report", "--output", db_path, "--db", db_path), 2)
    assert "is the diary database itself" in line
    line = one_line_error(coach("report", "--output", tmp_path, "--db", db_path), 2)
    assert "is a folder" in line


def test_report_unwritable_folder_is_runtime_trouble(
    coach: Runner, db_path: Path, tmp_path: Path
) -> None:
    seed_full_diary(db_path)
    line = one_line_error(
        coach("report", "--output", tmp_path / "missing" / "r.html", "--db", db_path), 1
    )
    assert "cannot write" in line


def test_report_without_a_diary_creates_nothing(coach: Runner, db_path: Path) -> None:
    result = coach("report", "--output", "-", "--db", db_path)
    assert result.returncode == 0
    assert "No episode has been logged yet." in result.stdout
    assert not db_path.exists()
