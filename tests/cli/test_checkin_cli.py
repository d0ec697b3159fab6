"""`coach checkin PAIN ENJOYMENT ACTIVITY [--goal NAME=N]...` run as a real process."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from coach.store import Store
from tests.cli.conftest import Runner, one_line_error, seed_worsening, sha256

ANSWER = "must be a whole number from 0 to 10"

# (arguments after `checkin`, words the one error line must hold)
BAD_CHECKINS = {
    "pain 11": (["11", "5", "5"], f"PAIN (your average pain in the past week) {ANSWER}"),
    "enjoyment -1": (
        ["5", "-1", "5"],
        f"ENJOYMENT (how much pain got in the way of enjoying life) {ANSWER}",
    ),
    "activity x": (
        ["5", "5", "x"],
        f"ACTIVITY (how much pain got in the way of your activity) {ANSWER}",
    ),
    "activity 7.5": (["5", "5", "7.5"], ANSWER),
    "missing answers": (["5", "5"], "ACTIVITY"),
    "goal without =": (["5", "5", "5", "--goal", "deadlift"], "needs a name and a score"),
    "goal empty name": (["5", "5", "5", "--goal", "=4"], "an activity needs a name"),
    "goal blank name": (["5", "5", "5", "--goal", "  =4"], "an activity needs a name"),
    "goal 11": (["5", "5", "5", "--goal", "deadlift=11"], "score must be a whole number from 0"),
    "goal no score": (["5", "5", "5", "--goal", "deadlift="], "score must be a whole number"),
    "four goals": (
        ["5", "5", "5", "--goal", "a=1", "--goal", "b=1", "--goal", "c=1", "--goal", "d=1"],
        "at most 3 activities",
    ),
    "goal twice": (["5", "5", "5", "--goal", "a=1", "--goal", "A=2"], "given twice"),
    "goal too long": (["5", "5", "5", "--goal", "x" * 61 + "=3"], "at most 60 characters"),
}


def run(coach: Runner, db: Path, today: str, *args: str) -> subprocess.CompletedProcess[str]:
    return coach("checkin", *args, "--db", db, "--today", today)


@pytest.mark.parametrize("case", BAD_CHECKINS)
def test_bad_checkin_exits_2_and_writes_nothing(coach: Runner, db_path: Path, case: str) -> None:
    args, words = BAD_CHECKINS[case]
    line = one_line_error(run(coach, db_path, "2026-11-25", *args), 2)
    assert words in line
    assert not db_path.parent.exists(), "bad input created the database folder"
    seed_worsening(db_path)
    before = sha256(db_path)
    line = one_line_error(run(coach, db_path, "2026-11-25", *args), 2)
    assert words in line
    assert sha256(db_path) == before


def test_checkin_with_no_episode_is_bad_input(coach: Runner, db_path: Path) -> None:
    line = one_line_error(run(coach, db_path, "2026-11-25", "5", "5", "5"), 2)
    assert "no episode yet" in line
    assert not db_path.exists()


def test_a_week_of_checkins_prints_the_verdict(coach: Runner, db_path: Path) -> None:
    assert coach("log", "6", "--db", db_path, "--today", "2026-11-01").returncode == 0
    first = run(
        coach,
        db_path,
        "2026-11-08",
        "7",
        "6",
        "6",
        "--goal",
        "deadlift=2",
        "--goal",
        "putting on socks=5",
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "Check-in saved for 2026-11-08 (day 7 of this episode).",
        "PEG 6.3: your starting point",
        "Your activities 3.5: your starting point",
        "Next check-in from Sun 15 Nov.",
    ]
    second = run(
        coach,
        db_path,
        "2026-11-15",
        "4",
        "4",
        "3",
        "--goal",
        "deadlift=6",
        "--goal",
        "Putting on socks=7",
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[1:3] == [
        "PEG 6.3 → 3.7, better: down 2.6, 41%",
        "Your activities 3.5 → 6.5, better: up 3.0 points",
    ]
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    checkins = store.checkins(episode.id)
    assert [c.day for c in checkins] == [date(2026, 11, 8), date(2026, 11, 15)]
    assert [a.name for a in store.activities(episode.id)] == ["deadlift", "putting on socks"]
    store.close()


def test_not_improving_is_printed_when_raised(coach: Runner, db_path: Path) -> None:
    assert coach("log", "6", "--db", db_path, "--today", "2026-11-01").returncode == 0
    for today, answers in (
        ("2026-11-08", ("6", "6", "6")),
        ("2026-11-15", ("6", "5", "6")),
    ):
        assert run(coach, db_path, today, *answers).returncode == 0
    third = run(coach, db_path, "2026-11-22", "5", "6", "6")
    assert third.returncode == 0, third.stderr
    assert "PEG 6.0 → 5.7, no real change: down 0.3, 5%" in third.stdout
    assert "▲ CAUTION: You are not getting better. See a physiotherapist or GP." in third.stdout


def test_a_recovered_looking_checkin_suggests_marking_recovered(
    coach: Runner, db_path: Path
) -> None:
    assert coach("log", "3", "--db", db_path, "--today", "2026-11-01").returncode == 0
    result = run(
        coach, db_path, "2026-11-08", "1", "1", "1", "--goal", "run=9", "--goal", "lift=10"
    )
    assert result.returncode == 0
    assert "you may be recovered" in result.stdout
    result = run(coach, db_path, "2026-11-15", "1", "1", "1", "--goal", "run=8")
    assert "you may be recovered" not in result.stdout
