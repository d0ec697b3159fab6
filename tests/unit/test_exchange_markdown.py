"""The Markdown summary shows the app's numbers and words: the day's score of
coach.safety.daily_scores, an entry on its stored day as the diary shows it, and the
side words of the HTML report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coach.exchange import export_markdown
from coach.report import SIDES
from coach.safety import daily_scores
from coach.screens.diary import entry_when
from coach.store import Store
from tests.helpers import local

TODAY = date(2026, 11, 25)


def diary(path: Path) -> Store:
    store = Store.open(path)
    store.migrate()
    return store


def test_a_back_dated_note_shows_on_its_day_as_in_the_diary(tmp_path: Path) -> None:
    store = diary(tmp_path / "coach.db")
    episode, _ = store.start_episode(onset=date(2026, 11, 20), now=local(TODAY, 8), pain=6)
    # Typed on the 25th, for the 23rd (`coach log --date`, or the form's day field).
    store.add_entry(
        episode_id=episode.id,
        pain=7,
        logged_at=local(TODAY, 9, 15),
        day=date(2026, 11, 23),
        note="bent over the sink",
    )
    store.add_entry(
        episode_id=episode.id, pain=3, logged_at=local(TODAY, 10), day=date(2026, 11, 23)
    )
    text = export_markdown(store, TODAY)
    entry = next(e for e in store.entries(episode.id) if e.note)
    assert entry_when(entry, TODAY) == "Mon 23 Nov 09:15"
    assert f"| {entry_when(entry, TODAY)} | 7 | bent over the sink |" in text
    # The 23rd's score is its highest pain, as the app's daily_scores has it.
    scores = daily_scores(store.entries(episode.id))
    assert scores[date(2026, 11, 23)] == 7
    assert "| Mon 23 Nov | 7 | 2 | no |" in text


def test_an_entry_of_another_year_shows_its_year(tmp_path: Path) -> None:
    store = diary(tmp_path / "coach.db")
    onset = date(2025, 12, 30)
    episode, _ = store.start_episode(onset=onset, now=local(onset, 8), pain=6)
    store.add_entry(episode_id=episode.id, pain=5, logged_at=local(onset, 21, 5), note="new")
    text = export_markdown(store, date(2026, 1, 2))
    entry = next(e for e in store.entries(episode.id) if e.note)
    assert "| Tue 30 Dec 2025 21:05 | 5 | new |" in text
    assert entry_when(entry, date(2026, 1, 2)) == "Tue 30 Dec 2025 21:05"


def test_the_side_words_are_the_reports(tmp_path: Path) -> None:
    store = diary(tmp_path / "coach.db")
    store.start_episode(onset=TODAY, now=local(TODAY, 8), pain=4, area="lower", side="left")
    assert f"- Where: lower back, {SIDES['left']}" in export_markdown(store, TODAY)
