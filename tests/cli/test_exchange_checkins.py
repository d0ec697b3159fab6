"""Check-ins and activities in the JSON export and import (idempotent by uid), and in
the Markdown summary."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from coach import exchange
from coach.checkin import CheckIn
from coach.model import Episode
from coach.store import Store
from tests.helpers import memory_store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ONSET = date(2026, 11, 1)


def diary_with_checkins() -> tuple[Store, Episode]:
    store = memory_store()
    episode, _ = store.start_episode(onset=ONSET, now=NOW - timedelta(days=24), pain=6)
    for week, (answers, goals) in enumerate(
        [
            ((7, 6, 6), [("deadlift", 2), ("socks <&>", 5)]),
            ((4, 4, 3), [("deadlift", 6), ("running", 4)]),
        ]
    ):
        day = ONSET + timedelta(days=7 * (week + 1))
        store.add_checkin(
            episode_id=episode.id,
            day=day,
            at=datetime(day.year, day.month, day.day, 20, tzinfo=UTC),
            pain=answers[0],
            enjoyment=answers[1],
            activity=answers[2],
            goals=goals,
        )
    activity = store.activities(episode.id)[1]
    store.replace_activity(activity.id, "tying shoes", NOW)
    return store, episode


def test_checkins_round_trip_and_import_twice_adds_nothing() -> None:
    source, episode = diary_with_checkins()
    document = exchange.export_document(source, now=NOW)
    (exported,) = document["episodes"]
    assert [c["pain"] for c in exported["checkins"]] == [7, 4]
    assert [a["name"] for a in exported["activities"]] == [
        "deadlift",
        "socks <&>",
        "tying shoes",  # in the place of the one it replaced
        "running",
    ]
    text = exchange.dumps(document)
    target = memory_store()
    counts = exchange.import_document(target, exchange.parse_export(text))
    assert (counts.checkins, counts.activities) == (2, 4)
    assert "2 check-ins" in counts.summary()
    assert exchange.export_document(target, now=NOW) == document
    (target_episode,) = target.episodes()

    def seen(checkins: list[CheckIn]) -> list[tuple[date, int, list[tuple[str, int]]]]:
        return [(c.day, c.peg_tenths, [(r.name, r.score) for r in c.ratings]) for c in checkins]

    assert seen(target.checkins(target_episode.id)) == seen(source.checkins(episode.id))
    again = exchange.import_document(target, exchange.parse_export(text))
    assert again.added == 0
    assert exchange.export_document(target, now=NOW) == document


def test_a_file_without_checkins_still_imports() -> None:
    source, _ = diary_with_checkins()
    document = exchange.export_document(source, now=NOW)
    for episode in document["episodes"]:
        del episode["checkins"]
        del episode["activities"]
    target = memory_store()
    counts = exchange.import_document(target, exchange.parse_export(exchange.dumps(document)))
    assert counts.episodes == 1 and counts.checkins == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda c, a: c.__setitem__("pain", 11), "checkins[0].pain must be a whole number"),
        (lambda c, a: c.__setitem__("day", "2026-13-01"), "checkins[0].day must be a date"),
        (
            lambda c, a: c["ratings"][0].__setitem__("activity", "nope"),
            "not one of this episode's activities",
        ),
        (lambda c, a: c["ratings"][0].__setitem__("score", -1), "score must be a whole number"),
        (lambda c, a: a.__setitem__("name", ""), "activities[0].name must not be empty"),
        (lambda c, a: c.__setitem__("extra", 1), "has unknown field 'extra'"),
    ],
)
def test_bad_checkins_are_refused_whole(
    change: Callable[[dict[str, Any], dict[str, Any]], object], words: str
) -> None:
    source, _ = diary_with_checkins()
    document = json.loads(exchange.dumps(exchange.export_document(source, now=NOW)))
    episode = document["episodes"][0]
    change(episode["checkins"][0], episode["activities"][0])
    with pytest.raises(exchange.ExportFormatError, match=re.escape(words)):
        exchange.parse_export(json.dumps(document))


def test_markdown_lists_checkins_with_verdicts() -> None:
    store, _ = diary_with_checkins()
    text = exchange.export_markdown(store, date(2026, 11, 25))
    assert "### Weekly check-ins" in text
    assert "PEG 6.3 → 3.7, better: down 2.6, 41%" in text
    assert "socks \\<\\&\\> 5" in text
