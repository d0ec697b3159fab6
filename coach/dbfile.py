"""Checks on the database file made before anything opens it for writing.

Light on purpose (only os and sqlite3) so the command line can refuse a bad file
before the app starts, without paying for sqlite-utils.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from coach.output import file_kind

SQLITE_MAGIC = b"SQLite format 3\x00"
# The schema version this coach writes; coach.store.MIGRATIONS must have this many steps.
SCHEMA_VERSION = 4


class StoreError(Exception):
    """Runtime trouble with the database file, explained in one line."""


def regular_or_missing(path: Path) -> os.stat_result | None:
    """The file's status (symlinks followed), or None when there is nothing there yet
    (a dangling symlink included). Anything but a regular file is refused before a
    byte is read or a mode changed: a device, a FIFO (reading it would hang), a folder.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError as error:
        raise StoreError(f"cannot use the database {path}: part of the path is a file") from error
    except PermissionError as error:
        raise StoreError(f"cannot read the database {path}: permission denied") from error
    except OSError as error:
        raise StoreError(f"cannot read the database {path}: {error.strerror}") from error
    if stat.S_ISDIR(status.st_mode):
        raise StoreError(f"{path} is a folder, not a database file")
    if not stat.S_ISREG(status.st_mode):
        raise StoreError(
            f"{path} is {file_kind(status.st_mode)}, not a database file; left untouched"
        )
    return status


def _schema_version(path: Path) -> int | None:
    """The schema version of an existing regular file; None when it is empty.

    Refuses, without writing a byte, a file that is not a usable coach database.
    """
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
        return None
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
    return int(version)


def existing_version(path: Path) -> int | None:
    """For a command that only reads: the schema version of the diary at `path`, or
    None when there is no diary yet (no file, a dangling symlink, an empty file).

    Never creates, initialises or chmods anything.
    """
    if regular_or_missing(path) is None:
        return None
    return _schema_version(path)


def _make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each 0700 whatever the umask."""
    missing = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for part in reversed(missing):
        try:
            os.mkdir(part, 0o700)
        except FileExistsError:
            continue
        except OSError as error:
            raise StoreError(f"cannot create the folder {folder}: {error.strerror}") from error
        os.chmod(part, 0o700)


def _tighten_default_folder(folder: Path) -> None:
    """The default data folder holds nothing but coach's files: make it 0700 (older
    coaches, or a umask of 000, may have left it open). A folder named by --db or
    COACH_DB is the person's own and is left as it is."""
    from coach.paths import default_db_path

    try:
        if folder != default_db_path().parent:
            return
        if os.stat(folder).st_mode & 0o077:
            os.chmod(folder, 0o700)
    except OSError:
        pass  # not ours to fix; the database file itself is still made 0600


def prepare_location(path: Path) -> None:
    """For a command that writes: refuse anything but a regular file or nothing; create
    the folder (0700) and the file (0600 from its first byte, also behind a dangling
    symlink) if missing; tighten an existing file to 0600."""
    path = Path(path)
    status = regular_or_missing(path)
    if status is None:
        if os.path.islink(path):
            # A dangling symlink: create its target, private from the first byte.
            target = Path(os.path.realpath(path))
            flags = os.O_CREAT | os.O_WRONLY
        else:
            target = path
            flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        _make_private_folder(target.parent)
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            # Created meanwhile by someone else: check it as an existing file.
            prepare_location(path)
            return
        except OSError as error:
            raise StoreError(f"cannot create the database {path}: {error.strerror}") from error
        try:
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        _tighten_default_folder(path.parent)
        return
    _tighten_default_folder(path.parent)
    _schema_version(path)
    if status.st_mode & 0o077:
        try:
            os.chmod(path, 0o600)
        except OSError as error:
            raise StoreError(f"cannot make {path} private: {error.strerror}") from error
