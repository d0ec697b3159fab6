"""Issue 16, as properties: any text the form or the shell accepts goes through export
and import unchanged, and whatever text is stored reaches a terminal without a control
character. Text they refuse, an import refuses too."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import exchange, textsafe, validate
from coach.actions import load_snapshot
from coach.cli import format_warning, today_text
from coach.importcheck import check_dates
from coach.screens.diary import note_preview
from coach.screens.intake import _detail
from tests.helpers import memory_store

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

# Any text at all, weighted towards the characters that matter here.
ANY_CHAR = st.characters(codec=None, exclude_categories=()) | st.sampled_from(
    ["\x1b", "\x07", "\r", "\n", "\t", "\x7f", "\x9b", "\x9d", "\u202e", "\u2066", "\ud800", "["]
)
any_text = st.text(ANY_CHAR, max_size=40)
UNSAFE = textsafe.UNSAFE


def accepted(check: Callable[[str], object], text: str) -> bool:
    try:
        check(text)
    except ValueError:
        return False
    return True


@given(text=any_text)
def test_shown_never_lets_a_control_character_through(text: str) -> None:
    shown = textsafe.shown(text)
    assert not UNSAFE.search(shown)
    assert (shown == text) == (textsafe.first_unsafe(text) is None)
    assert "\n" not in textsafe.shown(text, one_line=True)
    assert len(shown) == len(text)  # one visible stand-in per character


@given(
    value=st.recursive(
        any_text | st.integers() | st.none(),
        lambda inner: st.lists(inner) | st.dictionaries(any_text, inner),
        max_leaves=8,
    )
)
def test_json_written_for_a_terminal_is_lossless_and_harmless(value: object) -> None:
    text = textsafe.json_safe(json.dumps(value, ensure_ascii=False))
    assert not UNSAFE.search(text)
    assert json.loads(text) == value


@given(text=any_text)
def test_the_form_the_shell_and_an_import_accept_the_same_text(text: str) -> None:
    ok = textsafe.first_unsafe(text) is None
    assert accepted(validate.note, text) == ok
    assert accepted(_detail, text[:20]) == (textsafe.first_unsafe(text[:20]) is None)
    document = {
        "format": "coach-export",
        "version": 1,
        "episodes": [],
        "sessions": [],
        "checklist": [],
        "settings": {"s": text},
    }
    assert accepted(exchange.parse_export, json.dumps(document)) == ok


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=any_text, activity=any_text, name=any_text)
def test_accepted_text_round_trips_and_shows_without_control_characters(
    note: str, activity: str, name: str
) -> None:
    texts = [t for t in (note, activity, name) if accepted(validate.note, t)]
    note, activity, name = (texts + ["plain"] * 3)[:3]
    source = memory_store()
    onset = TODAY - timedelta(days=1)
    episode, _ = source.start_episode(
        onset=onset, now=NOW - timedelta(days=1), pain=3, activity=activity, note=note
    )
    source.add_entry(episode_id=episode.id, pain=8, logged_at=NOW, note=note, area=note)
    source.add_session(
        episode_id=episode.id,
        kind="routine",
        name=name,
        started_at=NOW,
        seconds_done=10,
        stopped_for_pain=True,
    )
    text = textsafe.json_safe(exchange.dumps(exchange.export_document(source, now=NOW)))
    assert not UNSAFE.search(text)
    document = exchange.parse_export(text)
    check_dates(document, TODAY)
    target = memory_store()
    exchange.import_document(target, document)
    assert exchange.export_document(target, now=NOW) == exchange.export_document(source, now=NOW)
    back = target.entries(target.current_episode().id)  # type: ignore[union-attr]
    assert [e.note for e in back] == [note, note]
    # Every place that shows this text: none lets a control character through.
    snapshot = load_snapshot(target, TODAY)
    shown = [today_text(snapshot), *map(format_warning, snapshot.warnings)]
    shown += [note_preview(e.note, 30).plain for e in back]
    shown.append(exchange.export_markdown(target, TODAY))
    for piece in shown:
        assert not UNSAFE.search(piece), piece
    rows = list(csv.reader(io.StringIO(exchange.export_csv(target), newline="")))
    assert rows[1][7] == textsafe.csv_cell(note)
