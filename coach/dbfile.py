"""Checks on the database file made before anything opens it for writing.

Light on purpose (only os and sqlite3) so the command line can refuse a bad file
before the app starts, without paying for sqlite-utils.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# The schema version this coach writes; coach.store.MIGRATIONS must have this many steps.
SCHEMA_VERSION = 3


class StoreError(Exception):
    """Runtime trouble with the database file, explained in one line."""


def _check_existing(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not a usable coach database."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except PermissionError as error:
        raise StoreError(f"cannot read the database {path}: permission denied") from error
    except OSError as error:
        raise StoreError(f"cannot read the database {path}: {error.strerror}") from error
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a coach database (not an SQLite file); left untouched")
    if not head:
        return
    try:
        # immutable: the probe must not create -wal/-shm files beside a damaged file.
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            version = probe.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"the database {path} is damaged ({error}); left untouched") from error
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the database {path} was written by a newer coach (schema {version}, "
            f"this one knows {SCHEMA_VERSION}); left untouched"
        )
    # Another program's SQLite file: coach must not add its tables to it.
    if (version == 0 and tables) or (version > 0 and "episodes" not in tables):
        raise StoreError(
            f"{path} is an SQLite file of another program, not a coach database; left untouched"
        )


def prepare_location(path: Path) -> None:
    """Create the folder (0700) and the file (0600) if missing; tighten the file."""
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(mode=0o700, parents=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {folder}: {error.strerror}") from error
        os.chmod(folder, 0o700)
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file")
        _check_existing(path)
        if path.stat().st_mode & 0o077:
            try:
                os.chmod(path, 0o600)
            except OSError as error:
                raise StoreError(f"cannot make {path} private: {error.strerror}") from error
    else:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        except OSError as error:
            raise StoreError(f"cannot create the database {path}: {error.strerror}") from error
        os.close(fd)
