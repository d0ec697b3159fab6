"""`coach today [--json]`: the plan Today shows, as text for a shell start-up file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Runner

ANSI = "\x1b["


def test_no_episode_yet_says_how_to_start_and_creates_nothing(coach: Runner, db_path: Path) -> None:
    result = coach("today", "--db", db_path, "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert "coach · Wed 25 Nov 2026" in result.stdout
    assert "No episode yet" in result.stdout
    assert "Next: Tell coach what happened" in result.stdout
    assert not db_path.exists()


def test_the_plan_follows_the_day_of_the_episode(coach: Runner, db_path: Path) -> None:
    assert coach("log", "5", "--db", db_path, "--today", "2026-11-23").returncode == 0
    day0 = coach("today", "--db", db_path, "--today", "2026-11-23").stdout
    assert "Day 0 of this episode, since Mon 23 Nov. Latest pain 5/10." in day0
    assert "Ease off, keep moving gently" in day0
    assert "cold pack" in day0.lower()
    day2 = coach("today", "--db", db_path, "--today", "2026-11-25").stdout
    assert "Heat and gentle stretching" in day2
    assert "Next: Log how your back feels today. (in the app: l)" in day2
    # Every piece of advice names its source, in brackets after it.
    advice = [line for line in day2.splitlines() if line.startswith("- ")]
    assert advice and all(line.rstrip().endswith(")") for line in advice)
    assert ANSI not in day2  # not a terminal: no colour, no bold


def test_warnings_come_with_their_numbers(coach: Runner, db_path: Path) -> None:
    coach("log", "3", "--db", db_path, "--today", "2026-11-23")
    coach("log", "8", "--db", db_path, "--today", "2026-11-24")
    text = coach("today", "--db", db_path, "--today", "2026-11-24").stdout
    assert "▲ CAUTION: Severe pain" in text
    assert "pain rose from 3 on Mon 23 Nov to 8 on Tue 24 Nov" in text


def test_json_has_the_plan_checklist_and_warnings(coach: Runner, db_path: Path) -> None:
    coach("log", "4", "--db", db_path, "--today", "2026-11-22", "--symptom", "night_pain")
    result = coach("today", "--json", "--db", db_path, "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["date"] == "2026-11-25"
    assert data["episode"]["day"] == 3 and data["episode"]["onset"] == "2026-11-22"
    assert data["phase"]["id"] == "move"
    assert data["next"] == {"text": "Log how your back feels today.", "key": "l"}
    assert all(item["source"] for item in data["advice"] + data["everyday"])
    assert data["checklist"] == {
        "pain_logged": False,
        "routine_done": False,
        "ice_heat_sessions": 0,
        "water_glasses": 0,
        "protein_meals": 0,
    }
    # Not "persistent": the latest logged day (Sun 22 Nov) is not recent.
    assert [w["kind"] for w in data["warnings"]] == ["see_doctor_today"]
    assert data["routines_locked"] is False
    assert set(data["tip"]) == {"text", "source"}


def test_only_sessions_with_half_their_planned_time_tick_the_checklist(
    coach: Runner, db_path: Path
) -> None:
    """The counting rule of coach.plan.counts, as `coach today` shows it: 3 s of heat
    and a routine stopped in its first seconds are kept but not ticked."""
    from datetime import date

    from coach.store import Store
    from tests.helpers import local

    day = date(2026, 11, 25)
    assert coach("log", "3", "--db", db_path, "--today", "2026-11-22").returncode == 0
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None

    def add(kind: str, done: int, planned: int | None) -> None:
        store = Store.open(db_path)
        store.add_session(
            episode_id=episode.id,
            kind=kind,
            name=kind,
            started_at=local(day, 9),
            seconds_done=done,
            planned_seconds=planned,
            day=day,
        )
        store.close()

    def checklist() -> tuple[object, object]:
        result = coach("today", "--json", "--db", db_path, "--today", "2026-11-25")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)["checklist"]
        return data["routine_done"], data["ice_heat_sessions"]

    store.close()
    add("heat", 3, 900)
    add("routine", 4, 80)
    assert checklist() == (False, 0)
    add("ice", 450, 900)  # exactly half
    assert checklist() == (False, 1)
    add("routine", 2, None)  # saved before coach kept the planned time: it counts
    assert checklist() == (True, 1)
    text = coach("today", "--db", db_path, "--today", "2026-11-25").stdout
    assert "ice/heat 1" in text
