"""Files the command line reads and writes for the person: the import file and the
export's `--output`.

Only a missing or regular file is ever replaced (atomically, 0600); a terminal, a
pipe or a FIFO is written through as it is; anything else is refused. An import must
be a regular file of at most IMPORT_LIMIT bytes, so `coach import /dev/zero` is
refused at once instead of reading until memory runs out.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

from coach.errors import UsageError

# A JSON export of a million diary entries is about 204 MB.
IMPORT_LIMIT = 256 * 1024 * 1024
IMPORT_LIMIT_WORDS = "256 MB"
# Names of an already open file descriptor: writing goes to that descriptor.
_FD_PATH = re.compile(r"^/(?:dev|proc/self)/fd/(\d+)$")
_STD_NAMES = {"/dev/stdout": 1, "/dev/stderr": 2}


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_import_file(path: Path) -> bytes:
    """The bytes of an import file: a regular file of at most IMPORT_LIMIT bytes.

    FileNotFoundError, PermissionError and other OSErrors pass through; a file of the
    wrong kind or size is a UsageError.
    """
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(status.st_mode):
        raise UsageError(
            f"{path} is {file_kind(status.st_mode)}; give a file written by `coach export`"
        )
    if status.st_size > IMPORT_LIMIT:
        raise UsageError(
            f"{path} is {status.st_size / 1e6:,.0f} MB; an import file can be at most "
            f"{IMPORT_LIMIT_WORDS}"
        )
    with open(path, "rb") as handle:
        data = handle.read(IMPORT_LIMIT + 1)
    if len(data) > IMPORT_LIMIT:  # it grew while being read
        raise UsageError(f"{path} is larger than {IMPORT_LIMIT_WORDS}, the limit for an import")
    return data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_output(path: Path, data: bytes) -> bool:
    """Write an export to `path`.

    A missing or regular file is replaced atomically with a private (0600) one. A
    terminal or another character device, a pipe or FIFO is written through as it is
    (never replaced, never chmodded); /dev/stdout and /dev/fd/N write to that open
    descriptor. Anything else (a block device, a socket) is refused: UsageError.
    True when a file was written (and can be named in a message), False when the data
    went to a terminal, a pipe or an open descriptor.
    """
    text = str(path)
    number = _STD_NAMES.get(text)
    if number is None and (match := _FD_PATH.match(text)):
        number = int(match.group(1))
    if number is not None:
        _write_all(number, data)
        return False
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    if status is None or stat.S_ISREG(status.st_mode):
        write_private(path, data)
        return True
    if stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
        # No O_CREAT, no O_TRUNC: the device or pipe stays exactly what it was.
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        return False
    raise UsageError(
        f"--output {path} is {file_kind(status.st_mode)}; give a file name, a terminal or a pipe"
    )


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path`, mode 0600, atomically: a temporary file in the same
    folder, fsynced, then renamed over `path`. Readers see the old file or the new
    one, never half of it; on any failure the temporary file is removed."""
    path = Path(path)
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp_name)
        raise
    # Make the rename itself durable; not every file system lets a folder be fsynced.
    with suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
