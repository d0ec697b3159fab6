"""Helpers for the command-line tests: run the real `coach` as a process, seed a diary."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from coach.store import Store
from tests.helpers import local
from tests.wallclock import coach_argv

TODAY = date(2026, 11, 25)
RUN_TIMEOUT = 60.0

Runner = Callable[..., subprocess.CompletedProcess[str]]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result: subprocess.CompletedProcess[str], status: int) -> str:
    """The single stderr line of a failed command; no traceback, nothing on stdout."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coach: "), lines[0]
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def coach(tmp_path: Path) -> Runner:
    """`coach(*args)`: run `python -m coach ARGS` to completion, without a terminal.

    The environment is the test process's (the autouse fixture points HOME, COACH_DB
    and TZ into tmp), minus COACH_DEBUG, which would show tracebacks.
    """

    def run(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "COACH_DEBUG"}
        return subprocess.run(
            [*coach_argv(), *(os.fspath(a) for a in args)],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            encoding="utf-8",
            timeout=RUN_TIMEOUT,
            check=False,
        )

    return run


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A local moment on `day` (the tests' time zone is Europe/London)."""
    return local(day, hour, minute)


def seed_worsening(db_path: Path) -> None:
    """An episode from Mon 23 Nov: pain 3, 5, then 8 on Wed 25 Nov with pain relief on the
    last three days, a see-soon symptom, a routine stopped because it hurt, a checklist
    and a setting."""
    store = Store.open(db_path)
    episode, _ = store.start_episode(
        onset=date(2026, 11, 23),
        now=at(date(2026, 11, 23)),
        pain=3,
        activity="lifting weights (deadlift)",
        area="lower",
        side="left",
        symptoms=["fever"],
        note="first day | sore",
        meds=True,
    )
    store.add_entry(
        episode_id=episode.id, pain=5, logged_at=at(date(2026, 11, 24)), meds=True, note="a, b"
    )
    store.add_entry(episode_id=episode.id, pain=2, logged_at=at(date(2026, 11, 25), 8))
    store.add_entry(
        episode_id=episode.id,
        pain=8,
        logged_at=at(date(2026, 11, 25), 18),
        meds=True,
        note="[b]bad[/b]\nevening",
        symptoms=["one_leg"],
    )
    store.add_session(
        episode_id=episode.id,
        kind="routine",
        name="Cat-cow",
        started_at=at(date(2026, 11, 24), 10),
        seconds_done=300,
        steps_done=4,
    )
    store.add_session(
        episode_id=episode.id,
        kind="routine",
        name="Cat-cow",
        started_at=at(date(2026, 11, 25), 10),
        seconds_done=90,
        steps_done=1,
        stopped_for_pain=True,
        pain_before=5,
        pain_after=7,
    )
    store.add_session(
        episode_id=episode.id,
        kind="ice",
        name="Ice pack",
        started_at=at(date(2026, 11, 24), 12),
        seconds_done=900,
    )
    store.bump_checklist(date(2026, 11, 24), "water", 3)
    store.bump_checklist(date(2026, 11, 25), "ice_heat")
    store.set_setting("first_run_seen", "2026-11-23")
    store.close()
