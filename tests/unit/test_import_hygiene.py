"""The pure core imports neither Textual nor SQLite, so it is tested in microseconds
and stays usable from the command line without paying for the UI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PURE_MODULES = [
    "coach.content",
    "coach.countdown",
    "coach.dates",
    "coach.intake",
    "coach.model",
    "coach.paths",
    "coach.plan",
    "coach.player",
    "coach.routines",
    "coach.safety",
    "coach.speech",
    "coach.state",
    "coach.user_routines",
    "coach.validate",
    "coach.voice",
]
FORBIDDEN = ["textual", "sqlite_utils", "sqlite3", "rich"]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_ui_and_no_database(module: str) -> None:
    code = (
        f"import json, sys; import {module}; "
        f"print(json.dumps(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_the_command_line_loads_no_ui_for_version() -> None:
    code = (
        "import json, sys\n"
        "from coach.__main__ import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted(m for m in {FORBIDDEN!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.splitlines()[-1]) == []


@pytest.mark.parametrize("module", ["coach.app", "coach.screens.today", "coach.__main__"])
def test_the_first_frame_does_not_wait_for_the_database(module: str) -> None:
    """Everything imported before the first frame leaves sqlite-utils and pendulum
    (about 0.13 s together) to the thread that opens the diary afterwards."""
    late = ["sqlite_utils", "pendulum"]
    code = (
        f"import json, sys; import {module}; "
        f"print(json.dumps(sorted(m for m in {late!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
