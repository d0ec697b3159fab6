"""Fixtures for the real-terminal tests: a temporary database, a `coach` runner, and
a factory of tmux terminals that are always cleaned up."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import Terminal, clean_env, coach_executable, tmux_available

# A command that hangs (waiting for a terminal, say) fails its test instead of the run.
RUN_TIMEOUT = 60.0

TerminalFactory = Callable[..., Terminal]
CoachRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database in a folder that does not exist yet."""
    return tmp_path / "data" / "diary.db"


@pytest.fixture
def coach() -> Path:
    path = coach_executable()
    if not path.exists():
        pytest.fail(f"no coach console script at {path}; run `make .venv/.installed-stamp`")
    return path


@pytest.fixture
def run_coach(tmp_path: Path, coach: Path) -> CoachRunner:
    """Run `coach ARGS` to completion in a clean environment, without a terminal."""

    def run(
        *args: str | os.PathLike[str],
        executable: Path | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        argv = [os.fspath(executable or coach), *(os.fspath(a) for a in args)]
        try:
            return subprocess.run(
                argv,
                cwd=cwd or tmp_path,
                env=clean_env(
                    tmp_path / "home", db_path=tmp_path / "env-db" / "diary.db", extra=env
                ),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            pytest.fail(f"{' '.join(argv)} did not finish within {RUN_TIMEOUT:.0f} s: {error}")

    return run


@pytest.fixture
def terminal(tmp_path: Path, coach: Path) -> Iterator[TerminalFactory]:
    """`terminal(*args, width=80, height=24, executable=None, cwd=None, env=None)`
    starts `coach ARGS` in a private tmux session; all are killed at teardown."""
    if not tmux_available():
        pytest.skip("tmux is not on PATH: the real-terminal tests need it")
    started: list[Terminal] = []

    def start(
        *args: str | os.PathLike[str],
        executable: Path | None = None,
        width: int = 80,
        height: int = 24,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        no_color: bool = False,
    ) -> Terminal:
        workdir = tmp_path / f"term{len(started)}"
        workdir.mkdir()
        term = Terminal(
            [executable or coach, *args],
            workdir=workdir,
            width=width,
            height=height,
            cwd=cwd,
            db_path=tmp_path / "env-db" / "diary.db",
            no_color=no_color,
            env=env,
        )
        started.append(term)
        return term.start()

    yield start
    for term in started:
        term.close()
