"""Shared test set-up: every test gets private data folders and a fixed time zone."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pendulum
import pytest

from tests import wallclock

TEST_TZ = "Europe/London"
os.environ["TZ"] = TEST_TZ
time.tzset()  # the C library's idea of local time follows TZ from now on

# `make test-moved-clock`: the whole suite again with the wall clock moved ahead.
wallclock.start()


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's diary; pin the local time zone."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    # Your own routines are read from here: empty unless a test writes some.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("COACH_DB", str(home / "default-diary.db"))
    monkeypatch.setenv("TZ", TEST_TZ)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Errors inside the app reach the test instead of becoming a one-line exit.
    monkeypatch.setenv("COACH_DEBUG", "1")
    pendulum.set_local_timezone(pendulum.timezone(TEST_TZ))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "diary.db"
