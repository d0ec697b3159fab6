"""coach.exchange in-process: export then import reproduces the diary (hypothesis), the
Markdown stays a valid table whatever the notes say, and files are written whole."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coach import exchange
from coach.content import red_flag_index
from coach.model import Session
from coach.store import Store, utc_iso
from coach.textsafe import first_unsafe
from tests.helpers import memory_store

FLAGS = red_flag_index()
KEYS = sorted(FLAGS)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TRICKY = [
    "",
    'a, "quoted", note',
    "two\nlines\r\nand\rmore",
    "| pipe | in | a | note |",
    "[b]markup[/b] [@click=app.quit]x[/] *stars* _under_ `tick` ~strike~",
    "<script>alert(1)</script> &amp; &lt; \\ backslash \\| escaped pipe",
    "emoji 🙂 🏋️‍♀️, 腰痛, مرحبا, e\u0301",
    "# not a heading\n- not a list\n1. nor this\n> nor a quote",
    "control \x00 \x1b[31m red \x7f and \u2028 separators \u0085",
]


# --- generated diaries -----------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
# What the forms, the shell and an import accept: no control characters (tab and newline
# aside), no bidi overrides, no lone surrogates (coach.textsafe).
ACCEPTED = st.characters(
    exclude_categories=["Cs"],
    exclude_characters=[chr(c) for c in (*range(0x0B, 0x20), *range(0x7F, 0xA0))]
    + [chr(c) for c in range(0x00, 0x09)]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))],
)
ACCEPTED_TRICKY = [t for t in TRICKY if first_unsafe(t) is None]
notes = st.text(ACCEPTED, max_size=40) | st.sampled_from(ACCEPTED_TRICKY)
short_texts = st.text(ACCEPTED, max_size=12)
symptom_keys = st.lists(st.sampled_from(KEYS), max_size=3)

entries = st.fixed_dictionaries(
    {
        "pain": st.integers(0, 10),
        "at": moments,
        "note": notes,
        "meds": st.booleans(),
        "area": st.sampled_from(["", "lower", "middle", "upper"]),
        "symptoms": symptom_keys,
        "source": st.sampled_from(["app", "cli", "intake"]),
    }
)
sessions = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["routine", "ice", "heat"]),
        "name": short_texts,
        "started_at": moments,
        "seconds_done": st.integers(0, 7200),
        "steps_done": st.integers(0, 20),
        "stopped_for_pain": st.booleans(),
        "pain_before": st.none() | st.integers(0, 10),
        "pain_after": st.none() | st.integers(0, 10),
        "planned_seconds": st.none() | st.integers(1, 7200),
    }
)
checkins = st.fixed_dictionaries(
    {
        "day": days,
        "at": moments,
        "answers": st.tuples(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10)),
        "goals": st.lists(
            st.tuples(
                st.sampled_from(["deadlift", "DEADLIFT", "socks", '<run> & "jump"', "emoji 🙂"]),
                st.integers(0, 10),
            ),
            max_size=3,
            unique_by=lambda goal: goal[0].casefold(),
        ),
    }
)
episodes = st.fixed_dictionaries(
    {
        "onset": days,
        "started_at": moments,
        "activity": short_texts | st.sampled_from(ACCEPTED_TRICKY),
        "area": st.sampled_from(["", "lower", "middle", "upper"]),
        "side": st.sampled_from(["", "both", "left", "right"]),
        "first": entries,
        "entries": st.lists(entries, max_size=5),
        "sessions": st.lists(sessions, max_size=3),
        # Symptoms recorded outside any entry; repeats allowed.
        "loose_symptoms": st.lists(st.tuples(st.sampled_from(KEYS), moments), max_size=3),
        "cleared_at": st.none() | moments,
        "recovered_on": st.none() | days,
        "checkins": st.lists(checkins, max_size=3),
    }
)
diaries = st.fixed_dictionaries(
    {
        "episodes": st.lists(episodes, max_size=3),
        # Prevention sessions, outside any episode.
        "loose_sessions": st.lists(sessions, max_size=2),
        "checklist": st.lists(
            st.tuples(days, st.sampled_from(["water", "protein", "ice_heat"]), st.integers(0, 9)),
            max_size=4,
        ),
        "settings": st.dictionaries(
            st.text(ACCEPTED, min_size=1, max_size=8), short_texts, max_size=3
        ),
    }
)


def build(store: Store, diary: dict[str, Any]) -> None:
    """Write a generated diary through the store's own methods."""
    for spec in diary["episodes"]:
        first = spec["first"]
        episode, _ = store.start_episode(
            onset=spec["onset"],
            now=spec["started_at"],
            pain=first["pain"],
            activity=spec["activity"],
            area=spec["area"],
            side=spec["side"],
            symptoms=first["symptoms"],
            note=first["note"],
            meds=first["meds"],
            source=first["source"],
            entry_at=first["at"],
        )
        for entry in spec["entries"]:
            store.add_entry(
                episode_id=episode.id,
                pain=entry["pain"],
                logged_at=entry["at"],
                area=entry["area"],
                note=entry["note"],
                meds=entry["meds"],
                symptoms=entry["symptoms"],
                source=entry["source"],
            )
        for session in spec["sessions"]:
            store.add_session(episode_id=episode.id, **session)
        for key, moment in spec["loose_symptoms"]:
            store.db.execute(
                "INSERT INTO symptoms(episode_id, entry_id, key, logged_at, day)"
                " VALUES (?, NULL, ?, ?, ?)",
                [episode.id, key, utc_iso(moment), moment.date().isoformat()],
            )
        if spec["cleared_at"]:
            store.set_cleared(episode.id, spec["cleared_at"])
        if spec["recovered_on"]:
            store.set_recovered(episode.id, spec["recovered_on"])
        for checkin in spec["checkins"]:
            pain, enjoyment, activity = checkin["answers"]
            store.add_checkin(
                episode_id=episode.id,
                day=checkin["day"],
                at=checkin["at"],
                pain=pain,
                enjoyment=enjoyment,
                activity=activity,
                goals=checkin["goals"],
            )
    for session in diary["loose_sessions"]:
        store.add_session(episode_id=None, **session)
    for day, item, count in diary["checklist"]:
        store.bump_checklist(day, item, count)
    for key, value in diary["settings"].items():
        store.set_setting(key, value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diary=diaries)
def test_export_import_export_reproduces_the_export(diary: dict[str, Any]) -> None:
    source = memory_store()
    build(source, diary)
    first = exchange.export_document(source, now=NOW)
    text = exchange.dumps(first)

    target = memory_store()
    counts = exchange.import_document(target, exchange.parse_export(text))
    assert counts.present == 0
    assert counts.episodes == len(diary["episodes"])
    assert exchange.export_document(target, now=NOW) == first
    assert exchange.dumps(exchange.export_document(target, now=NOW)) == text

    # Importing the same file again, or into the diary it came from, adds nothing.
    for store in (target, source):
        again = exchange.import_document(store, exchange.parse_export(text))
        assert again.added == 0
        assert exchange.export_document(store, now=NOW) == first
    # The other views read the same diary the same way.
    assert exchange.export_csv(target) == exchange.export_csv(source)
    today = date(2026, 11, 25)
    assert exchange.export_markdown(target, today) == exchange.export_markdown(source, today)


def test_export_of_an_empty_diary() -> None:
    document = exchange.export_document(memory_store(), now=NOW)
    assert document == {
        "format": "coach-export",
        "version": 2,
        "exported_at": "2026-11-25T12:00:00.000000Z",
        "coach_version": document["coach_version"],
        "episodes": [],
        "sessions": [],
        "checklist": [],
        "settings": {},
    }
    assert exchange.parse_export(exchange.dumps(document))["episodes"] == []


def test_symptoms_outside_entries_are_matched_by_count() -> None:
    source = memory_store()
    episode, _ = source.start_episode(onset=date(2026, 11, 23), now=NOW, pain=4)
    for _ in range(2):
        source.db.execute(
            "INSERT INTO symptoms(episode_id, entry_id, key, logged_at, day)"
            " VALUES (?, NULL, ?, ?, ?)",
            [episode.id, "fever", utc_iso(NOW), NOW.date().isoformat()],
        )
    text = exchange.dumps(exchange.export_document(source, now=NOW))
    target = memory_store()
    assert exchange.import_document(target, exchange.parse_export(text)).symptoms == 2
    assert exchange.import_document(target, exchange.parse_export(text)).symptoms == 0
    (target_episode,) = target.episodes()
    assert [s.key for s in target.symptoms(target_episode.id)] == ["fever", "fever"]


def test_a_file_that_does_not_fit_the_diary_changes_nothing() -> None:
    source = memory_store()
    episode, _ = source.start_episode(onset=date(2026, 11, 23), now=NOW, pain=4)
    source.add_entry(episode_id=episode.id, pain=5, logged_at=NOW + timedelta(hours=1))
    text = exchange.dumps(exchange.export_document(source, now=NOW))
    target = memory_store()
    # A constraint the checks cannot know about fails on the second entry.
    target.db.execute(
        "CREATE TRIGGER no_fives BEFORE INSERT ON entries WHEN NEW.pain = 5"
        " BEGIN SELECT RAISE(ABORT, 'no fives here'); END"
    )
    with pytest.raises(exchange.ExportFormatError, match="does not fit this diary"):
        exchange.import_document(target, exchange.parse_export(text))
    assert target.episodes() == []
    assert target.db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


def test_sessions_outside_episodes_are_exported_and_summarised() -> None:
    store = memory_store()
    store.add_session(
        episode_id=None, kind="routine", name="Core | basics", started_at=NOW, seconds_done=600
    )
    document = exchange.export_document(store, now=NOW)
    assert [s["name"] for s in document["sessions"]] == ["Core | basics"]
    text = exchange.export_markdown(store, date(2026, 11, 25))
    assert "## Sessions outside an episode (prevention)" in text
    assert "| Core \\| basics | routine | 1 | 10 | 0 |" in text


def test_times_are_stored_in_the_stores_own_form() -> None:
    source = memory_store()
    source.start_episode(onset=date(2026, 11, 23), now=NOW, pain=4)
    document = exchange.export_document(source, now=NOW)
    document["episodes"][0]["entries"][0]["logged_at"] = "2026-11-23T9:05:03.5Z"
    target = memory_store()
    exchange.import_document(target, exchange.parse_export(json.dumps(document)))
    (row,) = target.db.execute("SELECT logged_at FROM entries").fetchall()
    assert row[0] == "2026-11-23T09:05:03.500000Z"


# --- Markdown ----------------------------------------------------------------------------


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every table of a Markdown text as rendered by a CommonMark + tables parser: rows of
    cells, each cell's text with `<br>` read back as a newline."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            parts = []
            for child in token.children or []:
                if child.type == "html_inline" and child.content == "<br>":
                    parts.append("\n")
                elif child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                else:
                    parts.append(f"<{child.type}>")
            row.append("".join(parts))
    return tables


def expected_cell(note: str) -> str:
    """How a note reads in the table: its lines, control characters shown as U+FFFD,
    and (as in every Markdown table cell) no spaces at either end."""
    lines = note.splitlines() or [""]
    return "\n".join(
        "".join("\ufffd" if (ord(c) < 32 and c != "\t") or 127 <= ord(c) < 160 else c for c in line)
        for line in lines
    ).strip(" ")


@pytest.mark.parametrize("note", [n for n in TRICKY if n])
def test_markdown_notes_stay_in_their_cell_and_read_literally(note: str) -> None:
    store = memory_store()
    store.start_episode(onset=date(2026, 11, 23), now=NOW, pain=4, note=note, activity=note)
    text = exchange.export_markdown(store, date(2026, 11, 25))
    tables = markdown_tables(text)
    assert all(len(row) == len(table[0]) for table in tables for row in table), text
    notes_table = tables[-1]
    assert notes_table[0] == ["When", "Pain", "Note"]
    assert notes_table[1][2] == expected_cell(note)
    # Typed text never turns into HTML, links, emphasis or block structure.
    html = MarkdownIt("commonmark").enable("table").render(text)
    for tag in ("<script", "<em>", "<strong>", "<code>", "<a ", "<h1>Not", "<blockquote>"):
        assert tag not in html


@given(note=st.text(max_size=60))
@settings(max_examples=40, deadline=None)
def test_any_note_keeps_the_markdown_table_whole(note: str) -> None:
    cell = exchange.md_escape(note)
    table = "\n".join(["| Note | After |", "| --- | --- |", f"| {cell} | end |"])
    rows = markdown_tables(table)[0]
    assert rows[1][1] == "end"
    assert "\n" not in cell and "\r" not in cell


def test_sparkline_and_trend() -> None:
    scores = {date(2026, 11, 23): 6, date(2026, 11, 24): 5, date(2026, 11, 27): 3}
    assert exchange.sparkline(scores) == "▆▅··▃"
    assert exchange.trend_line(scores) == (
        "▆▅··▃ from 6 on Mon 23 Nov to 3 on Fri 27 Nov (down 3; highest 6 on Mon 23 Nov)"
    )
    assert [exchange.spark(n) for n in range(11)] == list("▁▁▂▃▄▅▆▇███")
    assert exchange.trend_line({date(2026, 11, 23): 4}) == "▄ one day logged: 4 on Mon 23 Nov"
    assert exchange.trend_line({}) == "nothing logged"
    crossing = {date(2025, 12, 31): 2, date(2026, 1, 1): 2}
    assert "to 2 on Thu 1 Jan 2026 (no change;" in exchange.trend_line(crossing)


def test_a_long_trend_shows_the_last_90_days() -> None:
    start = date(2020, 1, 1)
    scores = {start + timedelta(days=n): n % 11 for n in range(3650)}
    line = exchange.trend_line(scores)
    assert len(exchange.sparkline(scores)) == 90
    assert "(last 90 days)" in line


def test_markdown_lists_episodes_current_first_with_routines_and_symptoms() -> None:
    store = memory_store()
    old, _ = store.start_episode(
        onset=date(2026, 9, 1), now=datetime(2026, 9, 1, 9, tzinfo=UTC), pain=6
    )
    new, _ = store.start_episode(
        onset=date(2026, 11, 23),
        now=datetime(2026, 11, 23, 9, tzinfo=UTC),
        pain=6,
        area="upper",
        side="both",
        symptoms=["saddle_numbness"],
    )
    for minutes in (5, 7):
        store.add_session(
            episode_id=new.id,
            kind="routine",
            name="Child's pose",
            started_at=datetime(2026, 11, 24, 9, tzinfo=UTC),
            seconds_done=minutes * 60,
        )
    text = exchange.export_markdown(store, date(2026, 11, 25))
    assert text.index("## Current episode: pain since Mon 23 Nov 2026") < text.index(
        "## Earlier episode: pain since Tue 1 Sep 2026"
    )
    assert "- Status: closed on Mon 23 Nov 2026" in text
    assert "- Where: upper back, both sides" in text
    assert "| Child's pose | routine | 2 | 12 | 0 |" in text
    assert "- ‼ URGENT: Seek medical help now" in text
    assert "(emergency sign; first noted Mon 23 Nov)" in text
    assert text.count("### Warnings") == 1  # only the current episode has warnings


# --- writing files ----------------------------------------------------------------------


def test_write_private_replaces_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    exchange.write_private(path, b"new contents")
    assert path.read_bytes() == b"new contents"
    assert path.stat().st_mode & 0o777 == 0o600

    def crash(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exchange.os, "fsync", crash)
    with pytest.raises(OSError, match="No space"):
        exchange.write_private(path, b"half")
    assert path.read_bytes() == b"new contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_write_private_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        exchange.write_private(tmp_path / "a.md", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o600


def test_a_file_from_before_planned_seconds_still_imports() -> None:
    """Exports written before sessions kept their planned length lack the field: they
    import (as NULL), and those sessions count for their day (coach.plan.counts)."""
    from coach.plan import counts

    source = memory_store()
    source.add_session(
        episode_id=None,
        kind="heat",
        name="heat 15 min",
        started_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        seconds_done=60,
        planned_seconds=900,
    )
    document = exchange.export_document(source, now=NOW)
    assert document["sessions"][0]["planned_seconds"] == 900
    del document["sessions"][0]["planned_seconds"]
    target = memory_store()
    exchange.import_document(target, exchange.parse_export(exchange.dumps(document)))
    [row] = target.rows("SELECT seconds_done, planned_seconds FROM sessions")
    assert (row["seconds_done"], row["planned_seconds"]) == (60, None)
    bad = exchange.export_document(source, now=NOW)
    bad["sessions"][0]["planned_seconds"] = -5
    with pytest.raises(exchange.ExportFormatError, match="planned_seconds"):
        exchange.parse_export(exchange.dumps(bad))
    assert counts(_one(target))


def _one(store: Store) -> Session:

    row = store.rows("SELECT * FROM sessions")[0]
    return Session(
        id=row["id"],
        episode_id=None,
        kind=row["kind"],
        name=row["name"],
        started_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        day=date.fromisoformat(row["day"]),
        seconds_done=row["seconds_done"],
        planned_seconds=row["planned_seconds"],
    )
