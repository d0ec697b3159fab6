"""The wheel, installed in a fresh virtual environment outside the source tree, runs:
`coach --version` works and the app paints Today with its shipped styles."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coach import __version__
from tests.e2e.conftest import CoachRunner, TerminalFactory
from tests.e2e.steps import reach_today

pytestmark = pytest.mark.e2e

SOURCE_ROOT = Path(__file__).resolve().parents[2]
# Building and installing fetch from the package index (or pip's cache).
SETUP_TIMEOUT = 600.0
SHIPPED = (
    "coach/_data/content/red_flags.toml",
    "coach/_data/styles/coach.tcss",
    "coach/_data/templates/report.html.j2",
)
BACKGROUND_SGR = re.compile(r"\x1b\[[0-9;]*\b48;")


def _setup_env() -> dict[str, str]:
    """The current environment (pip's index settings) without Python path overrides."""
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PIP_USER")
    return {k: v for k, v in os.environ.items() if k not in drop}


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(
            argv,
            cwd=cwd,
            env=_setup_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SETUP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{' '.join(argv)} took longer than {SETUP_TIMEOUT:.0f} s: {error}")
    if result.returncode != 0:
        pytest.fail(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def _shared_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder made once per test run: under pytest-xdist, every worker shares it (the
    workers' temporary roots sit side by side in the run's root), so the wheel is built
    and installed once, not once per worker."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / name


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_wheel(outdir: Path) -> None:
    # Isolated: the build backend (hatchling) is not in the development venv.
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), "."], SOURCE_ROOT)


def _install(wheel: Path, venv: Path) -> None:
    _run([sys.executable, "-m", "venv", str(venv)], venv.parent)
    constraints = SOURCE_ROOT / "constraints.txt"
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    _run([*pip, "-c", str(constraints), str(wheel)], venv.parent)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel built from the source tree, and the bin folder of a fresh venv outside
    the source tree holding it and its pinned dependencies. Made once per run."""
    root = _shared_dir(tmp_path_factory, "coach-wheel")
    root.mkdir(parents=True, exist_ok=True)
    assert SOURCE_ROOT not in root.parents
    wheel_dir, venv, done = root / "dist", root / "venv", root / "done"
    with _exclusive(root / "lock"):
        if not done.exists():
            shutil.rmtree(wheel_dir, ignore_errors=True)
            shutil.rmtree(venv, ignore_errors=True)
            wheel_dir.mkdir()
            _build_wheel(wheel_dir)
            wheels = sorted(wheel_dir.glob("coach-*.whl"))
            assert len(wheels) == 1, wheels
            _install(wheels[0], venv)
            done.write_text(wheels[0].name)
    return wheel_dir / done.read_text(), venv / "bin"


@pytest.fixture(scope="module")
def wheel(built: tuple[Path, Path]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def installed(built: tuple[Path, Path]) -> Path:
    return built[1]


def test_wheel_ships_content_and_styles(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in SHIPPED:
        assert name in names, f"{name} is not in {wheel.name}"


def test_installed_coach_prints_version_outside_the_source_tree(
    installed: Path, run_coach: CoachRunner, tmp_path: Path
) -> None:
    result = run_coach("--version", executable=installed / "coach", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"coach {__version__}"

    # It runs the installed copy, and finds the styles shipped inside it.
    where = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import coach.paths as p; print(p.__file__); print(p.APP_CSS); "
            "print(p.APP_CSS.is_file()); print(p.CONTENT_DIR.joinpath('red_flags.toml').is_file())",
        ],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    module, css, css_found, content_found = where
    venv = installed.parent
    assert Path(module).is_relative_to(venv), module
    assert Path(css).is_relative_to(venv) and "_data" in Path(css).parts, css
    assert (css_found, content_found) == ("True", "True")


def test_installed_coach_writes_a_report_from_its_shipped_template(
    installed: Path, run_coach: CoachRunner, tmp_path: Path
) -> None:
    db = tmp_path / "report-db" / "diary.db"
    logged = run_coach("log", "4", "--db", db, executable=installed / "coach", cwd=tmp_path)
    assert logged.returncode == 0, logged.stderr
    result = run_coach(
        "report", "--output", "-", "--db", db, executable=installed / "coach", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Back pain report" in result.stdout and "<svg" in result.stdout


def test_installed_coach_opens_today_with_its_styles(
    installed: Path, terminal: TerminalFactory, db_path: Path, tmp_path: Path
) -> None:
    term = terminal("--db", db_path, executable=installed / "coach", cwd=tmp_path)
    screen = reach_today(term, "No episode yet")
    assert "Today" in screen
    assert "Traceback" not in screen
    # The title bar's background comes from styles/coach.tcss (`.title`).
    title_row = term.screen(colors=True).splitlines()[0]
    assert "Today" in title_row
    assert BACKGROUND_SGR.search(title_row), repr(title_row)

    term.send("q")
    assert term.wait_exit() == 0
    assert db_path.is_file()
