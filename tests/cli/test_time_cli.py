"""Time at the command line: the clearance cannot be bypassed by a back-dated entry, and
days stay where they were logged when the time zone changes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.clock import FixedClock
from coach.store import Store
from tests.cli.conftest import TODAY, Runner
from tests.helpers import ZONE, local


def test_a_back_dated_emergency_sign_after_a_clearance_raises_emergency(
    coach: Runner, db_path: Path
) -> None:
    """The review's dangerous case: sign, clearance, then `coach log 4 --date
    <yesterday> --symptom both_legs`."""
    yesterday = TODAY - timedelta(days=1)
    result = coach(
        "log", "6", "--symptom", "chest_pain", "--db", db_path, "--today", str(yesterday)
    )
    assert result.returncode == 0, result.stderr
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    store.set_cleared(episode.id, FixedClock(local(TODAY, 9)).now())
    store.close()
    warnings = coach("warnings", "--json", "--db", db_path, "--today", str(TODAY))
    assert "emergency" not in {w["kind"] for w in json.loads(warnings.stdout)}

    result = coach(
        "log", "4", "--date", str(yesterday), "--symptom", "both_legs", "--db", db_path,
        "--today", str(TODAY),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "URGENT" in result.stdout  # the entry raised it, and says so
    warnings = coach("warnings", "--json", "--db", db_path, "--today", str(TODAY))
    emergency = [w for w in json.loads(warnings.stdout) if w["kind"] == "emergency"]
    assert emergency and emergency[0]["level"] == "urgent"
    today = json.loads(coach("today", "--json", "--db", db_path, "--today", str(TODAY)).stdout)
    assert today["routines_locked"] is True


def test_days_logged_in_one_zone_stay_in_another(
    coach: Runner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = [date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 5)]
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    for day, pain in zip(days, (3, 4, 6), strict=True):
        result = coach("log", str(pain), "--meds", "--db", db_path, "--today", str(day))
        assert result.returncode == 0, result.stderr

    def read() -> tuple[list[str], list[dict[str, object]], dict[str, object]]:
        exported = coach("export", "--format", "csv", "--db", db_path, "--today", str(days[-1]))
        rows = list(csv.DictReader(io.StringIO(exported.stdout, newline="")))
        warned = coach("warnings", "--json", "--db", db_path, "--today", str(days[-1]))
        today = coach("today", "--json", "--db", db_path, "--today", str(days[-1]))
        return [r["local_day"] for r in rows], json.loads(warned.stdout), json.loads(today.stdout)

    in_tokyo = read()
    assert in_tokyo[0] == ["2026-11-03", "2026-11-04", "2026-11-05"]
    assert {"worsening", "medication"} <= {w["kind"] for w in in_tokyo[1]}
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    in_los_angeles = read()
    assert in_los_angeles == in_tokyo
    assert in_los_angeles[2]["episode"]["onset"] == "2026-11-03"  # type: ignore[index]


def test_entries_made_late_and_early_stay_on_their_own_days(db_path: Path) -> None:
    """23:50 and 00:10 are two days, whatever zone reads them later."""
    store = Store.open(db_path, zone=ZONE)
    late = local(TODAY - timedelta(days=1), 23, 50)
    early = local(TODAY, 0, 10)
    episode, _ = store.log_pain(pain=3, logged_at=late)
    store.log_pain(pain=5, logged_at=early)
    assert [e.day for e in store.entries(episode.id)] == [late.date(), early.date()]
    store.close()


def test_today_before_the_clearance_s_day_does_not_count_it(coach: Runner, db_path: Path) -> None:
    """`--today` shows the diary as it was then: a clearance given later had not been."""
    first = TODAY - timedelta(days=3)
    result = coach("log", "6", "--symptom", "chest_pain", "--db", db_path, "--today", str(first))
    assert result.returncode == 0, result.stderr
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    store.set_cleared(episode.id, FixedClock(local(TODAY, 9)).now())
    store.close()

    def kinds(day: date) -> set[str]:
        shown = coach("warnings", "--json", "--db", db_path, "--today", str(day))
        return {w["kind"] for w in json.loads(shown.stdout)}

    assert "emergency" in kinds(TODAY - timedelta(days=1))
    assert "emergency" not in kinds(TODAY)


@pytest.mark.parametrize(
    ("words", "day"),
    [("yesterday", "2026-11-24"), ("monday", "2026-11-23"), ("1 week ago", "2026-11-18")],
)
def test_log_date_takes_the_intake_s_words(
    coach: Runner, db_path: Path, words: str, day: str
) -> None:
    result = coach("log", "4", "--date", words, "--db", db_path, "--today", str(TODAY))
    assert result.returncode == 0, result.stderr
    assert f"for {day}" in result.stdout


def test_log_help_says_which_weekday_a_name_means(coach: Runner) -> None:
    shown = " ".join(coach("log", "--help").stdout.split())
    assert "the most recent one, today included" in shown
