"""Every path coach uses: shipped content and styles, and the database file.

Pure: imports neither textual nor sqlite_utils. platformdirs is imported only when
the default database location is actually needed, to keep start-up quick.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "coach"
DB_ENV = "COACH_DB"
DB_FILENAME = "diary.db"
ROUTINES_DIRNAME = "routines"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A data folder inside an installed wheel, else the one in the source checkout."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


CONTENT_DIR = _shipped("content")
STYLES_DIR = _shipped("styles")
TEMPLATES_DIR = _shipped("templates")
APP_CSS = STYLES_DIR / "coach.tcss"
DIARY_CSS = STYLES_DIR / "diary.tcss"


def default_db_path() -> Path:
    """`diary.db` in the platform's user data folder for coach."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def user_routines_dir() -> Path:
    """`routines/` in the platform's user config folder for coach (on Linux
    $XDG_CONFIG_HOME/coach/routines, by default ~/.config/coach/routines): your own
    routine files."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / ROUTINES_DIRNAME


def resolve_db_path(cli_value: str | None, environ: Mapping[str, str] | None = None) -> Path:
    """`--db` wins over `COACH_DB`, which wins over the platform default."""
    env = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get(DB_ENV):
        return Path(env[DB_ENV]).expanduser()
    return default_db_path()
