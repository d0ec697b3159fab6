"""Drive the real `coach` command in a real terminal: a private, detached tmux server.

Each `Terminal` starts its own tmux server on its own socket (`tmux -L <unique>`) with
no configuration file (`-f /dev/null`), so it never touches a person's tmux, and runs
one detached session of a fixed size, so it needs no terminal attached (CI). The
command runs with a clean environment built here: nothing from the test process leaks
in (no TEXTUAL_* variables, no TMUX, no COLUMNS/LINES, no real HOME).

Synchronisation is always by polling the screen or a file with a deadline, never by
sleeping a fixed time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# Generous: a loaded two-core machine running the whole suite in parallel is slow.
DEFAULT_TIMEOUT = 15.0
POLL_INTERVAL = 0.05

# The wrapper records the command's exit status atomically (write, then rename), and
# `remain-on-exit` keeps the last screen readable after the command has gone.
_WRAPPER = (
    '"$@"; echo $? > "$COACH_E2E_STATUS.tmp" && mv "$COACH_E2E_STATUS.tmp" "$COACH_E2E_STATUS"'
)


def coach_executable() -> Path:
    """The `coach` console script installed next to the running Python (the venv)."""
    return Path(sys.executable).parent / "coach"


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


def clean_env(
    home: Path,
    *,
    db_path: Path | None = None,
    tz: str = "Europe/London",
    no_color: bool = False,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The whole environment a `coach` under test sees, and nothing else.

    HOME and the XDG folders point into `home`, so even a command that forgot `--db`
    could never reach the real user's diary.
    """
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "TZ": tz,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if db_path is not None:
        env["COACH_DB"] = str(db_path)
    if no_color:
        env["NO_COLOR"] = "1"
    if extra:
        env.update(extra)
    return env


class Terminal:
    """One command running in a private tmux session of `width` x `height` cells.

    Use as a context manager (or call `start()` and `close()`):

        with Terminal([coach, "--db", db], workdir=tmp) as term:
            term.wait_for("No episode yet")
            term.send("q")
            assert term.wait_exit() == 0
    """

    def __init__(
        self,
        argv: Sequence[str | os.PathLike[str]],
        *,
        workdir: Path,
        width: int = 80,
        height: int = 24,
        cwd: Path | None = None,
        db_path: Path | None = None,
        tz: str = "Europe/London",
        no_color: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.argv = [os.fspath(part) for part in argv]
        self.workdir = workdir
        self.width = width
        self.height = height
        self.cwd = cwd or workdir
        self.socket = f"coach-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.status_file = workdir / f"{self.socket}.status"
        home = workdir / "home"
        self.env = clean_env(home, db_path=db_path, tz=tz, no_color=no_color, extra=env)
        self.env["COACH_E2E_STATUS"] = str(self.status_file)
        self._started = False
        # Where `tmux -L` puts the socket (tmux leaves the file behind on exit).
        tmpdir = Path(os.environ.get("TMUX_TMPDIR") or "/tmp")
        self._socket_path = tmpdir / f"tmux-{os.getuid()}" / self.socket

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> Terminal:
        env_tool = shutil.which("env") or "/usr/bin/env"
        shell = shutil.which("sh") or "/bin/sh"
        # `env -i` makes the command's environment exactly `self.env`: tmux would
        # otherwise add its own (TMUX, TMUX_PANE, its default TERM).
        command = [
            env_tool,
            "-i",
            *(f"{key}={value}" for key, value in self.env.items()),
            shell,
            "-c",
            _WRAPPER,
            "coach-e2e",
            *self.argv,
        ]
        self._started = True  # from here on, close() has a server to stop
        try:
            self._launch(command)
            size = self._tmux(
                "display-message", "-p", "-t", "coach", "#{pane_width}x#{pane_height}"
            )
            if size.strip() != f"{self.width}x{self.height}":
                raise AssertionError(f"tmux pane is {size.strip()}, not {self.width}x{self.height}")
        except BaseException:
            self.close()
            raise
        return self

    def _launch(self, command: list[str]) -> None:
        # Options are set before the session exists so that they hold from its first
        # frame: no status line (the pane gets every row), and the pane stays after
        # the command exits so its last screen can still be read.
        self._tmux(
            "start-server",
            ";",
            "set-option",
            "-g",
            "status",
            "off",
            ";",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
            ";",
            "new-session",
            "-d",
            "-s",
            "coach",
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            "-c",
            str(self.cwd),
            *command,
        )

    def close(self) -> None:
        if not self._started:
            return
        self._started = False
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            env=self._client_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=False,
        )
        # tmux leaves its socket file behind; it is ours alone, so remove it.
        self._socket_path.unlink(missing_ok=True)

    def __enter__(self) -> Terminal:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------

    def screen(self, *, colors: bool = False) -> str:
        """The visible screen as text, one line per row (trailing spaces trimmed).

        With `colors=True`, keeps the SGR escape sequences (`capture-pane -e`)."""
        flags = ["-e"] if colors else []
        return self._tmux("capture-pane", "-p", *flags, "-t", "coach")

    def wait_for(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Poll until `text` is on the screen; return that screen."""
        return self._wait(lambda screen: text in screen, f"{text!r} to appear", timeout)

    def wait_gone(self, text: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Poll until `text` is no longer on the screen; return that screen."""
        return self._wait(lambda screen: text not in screen, f"{text!r} to go", timeout)

    def wait_until(
        self, predicate: Callable[[str], bool], what: str, timeout: float = DEFAULT_TIMEOUT
    ) -> str:
        """Poll until `predicate(screen)` holds; return that screen."""
        return self._wait(predicate, what, timeout)

    @property
    def exited(self) -> bool:
        return self.status_file.exists()

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Wait for the command to end and return its exit status."""
        deadline = time.monotonic() + timeout
        while not self.status_file.exists():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the command did not exit within {timeout:.0f} s\n{self._framed()}"
                )
            time.sleep(POLL_INTERVAL)
        return int(self.status_file.read_text().strip())

    # --- writing ------------------------------------------------------------------------

    def send(self, *keys: str) -> None:
        """Press keys by tmux name: "q", "Enter", "Escape", "Space", "C-q", "Up"."""
        self._tmux("send-keys", "-t", "coach", *keys)

    def type(self, text: str) -> None:
        """Type `text` literally, character by character."""
        self._tmux("send-keys", "-t", "coach", "-l", text)

    # --- internals ----------------------------------------------------------------------

    def _wait(self, predicate: Callable[[str], bool], what: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                status = (
                    f"the command exited with status {self.status_file.read_text().strip()}"
                    if self.exited
                    else "the command is still running"
                )
                raise AssertionError(
                    f"waited {timeout:.0f} s for {what}; {status}; last screen:\n"
                    f"{self._framed(screen)}"
                )
            time.sleep(POLL_INTERVAL)

    def _framed(self, screen: str | None = None) -> str:
        if screen is None:
            try:
                screen = self.screen()
            except AssertionError as error:
                return f"(no screen: {error})"
        rows = screen.split("\n")[: self.height]
        edge = "+" + "-" * self.width + "+"
        return "\n".join([edge, *(f"|{row:<{self.width}}|" for row in rows), edge])

    def _client_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        env["LANG"] = "C.UTF-8"
        env.pop("LC_ALL", None)
        env.pop("LC_CTYPE", None)
        return env

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args],
            env=self._client_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=30,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"tmux {' '.join(args[:3])} failed ({result.returncode}): {result.stderr.strip()}"
            )
        return result.stdout
