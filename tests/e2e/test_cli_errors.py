"""The `coach` command's failures, run as a real process: one line, the right exit
status, never a traceback, and a bad database file left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from coach import __version__
from tests.e2e.conftest import CoachRunner

pytestmark = pytest.mark.e2e

# `coach` opening the app, and `coach log` writing: both must refuse a bad file.
COMMANDS = {"app": (), "log": ("log", "4")}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coach:"), lines[0]
    return lines[0]


@pytest.fixture
def random_bytes_db(tmp_path: Path) -> Path:
    path = tmp_path / "random" / "diary.db"
    path.parent.mkdir()
    path.write_bytes(os.urandom(8192))
    return path


@pytest.fixture
def real_db(tmp_path: Path, run_coach: CoachRunner) -> Path:
    """A real coach database with one entry in it, written by `coach log`."""
    path = tmp_path / "real" / "diary.db"
    logged = run_coach("log", "5", "--db", path, "--today", "2026-11-25")
    assert logged.returncode == 0, logged.stderr
    assert not Path(f"{path}-wal").exists(), "the WAL was not checkpointed on close"
    return path


def truncated_copy(source: Path, size: int, tmp_path: Path) -> Path:
    path = tmp_path / f"truncated-{size}" / "diary.db"
    path.parent.mkdir()
    path.write_bytes(source.read_bytes()[:size])
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_random_bytes_database_is_refused_and_left_untouched(
    run_coach: CoachRunner, random_bytes_db: Path, command: str
) -> None:
    before = sha256(random_bytes_db)
    result = run_coach(*COMMANDS[command], "--db", random_bytes_db, "--today", "2026-11-25")
    assert_one_line_error(result, 1)
    assert result.stdout == ""
    assert sha256(random_bytes_db) == before


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("keep", ["header", "half"])
def test_truncated_sqlite_database_is_refused_and_left_untouched(
    run_coach: CoachRunner, real_db: Path, tmp_path: Path, command: str, keep: str
) -> None:
    size = 100 if keep == "header" else real_db.stat().st_size // 2
    damaged = truncated_copy(real_db, size, tmp_path)
    before = sha256(damaged)
    result = run_coach(*COMMANDS[command], "--db", damaged, "--today", "2026-11-25")
    line = assert_one_line_error(result, 1)
    assert str(damaged) in line
    assert result.stdout == ""
    assert sha256(damaged) == before
    assert damaged.stat().st_size == size


def test_truncated_sqlite_database_gets_no_companion_files(
    run_coach: CoachRunner, real_db: Path, tmp_path: Path
) -> None:
    damaged = truncated_copy(real_db, real_db.stat().st_size // 2, tmp_path)
    result = run_coach("--db", damaged, "--today", "2026-11-25")
    assert result.returncode == 1
    assert sorted(p.name for p in damaged.parent.iterdir()) == ["diary.db"]


def test_impossible_today_exits_2_with_one_line_and_writes_nothing(
    run_coach: CoachRunner, db_path: Path
) -> None:
    result = run_coach("--db", db_path, "--today", "2026-02-30")
    line = assert_one_line_error(result, 2)
    assert "2026-02-30" in line
    assert result.stdout == ""
    assert not db_path.parent.exists()


def test_version_prints_the_package_version(run_coach: CoachRunner) -> None:
    result = run_coach("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coach {__version__}"
    assert result.stderr == ""
