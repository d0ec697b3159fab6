"""Speaking out loud, offline and local: the system speech engine's own command
(`espeak-ng` on Linux, `say` on macOS), run on a background thread.

`Speaker` is the small interface the player talks to through `Voice`: `speak(text)`
may block until the words are said (a real engine does). `Voice.say()` only queues the
text and returns at once, so a slow, stuck or missing engine never delays the countdown.
Tests use a fake speaker that records what would be said and when.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

SPEAK_TIMEOUT = 15.0
"""A line that takes longer than this to say is given up on."""
STALE_SECONDS = 1.5
"""A queued line that waited longer than this is dropped if newer ones wait behind it."""
INSTALL_HINT = (
    "No speech engine found, so the bell is used. On Linux install espeak-ng "
    "(sudo apt install espeak-ng); on macOS `say` is built in."
)


class Speaker(Protocol):
    """Says `text` out loud; may block until it is said."""

    def speak(self, text: str) -> None: ...


def find_engine(
    platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> tuple[str, ...] | None:
    """The command that speaks its last argument: espeak-ng if installed, else `say` on
    macOS; None when there is none."""
    espeak = which("espeak-ng")
    if espeak:
        return (espeak,)
    if platform == "darwin":
        say = which("say")
        if say:
            return (say,)
    return None


class CommandSpeaker:
    """Runs the engine's command once per line, waiting for it (on Voice's thread)."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = tuple(command)

    @property
    def name(self) -> str:
        return self.command[0].rsplit("/", 1)[-1]

    def speak(self, text: str) -> None:
        # Text that starts with "-" (a step name in your own routine file) must never be
        # read as an option of the engine (espeak-ng -w FILE writes a file).
        spoken = f" {text}" if text.startswith("-") else text
        try:
            subprocess.run(
                [*self.command, spoken],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=SPEAK_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            pass  # the voice is a help, never a reason to stop the routine


def system_speaker() -> CommandSpeaker | None:
    command = find_engine()
    return CommandSpeaker(command) if command else None


def speak_to_wav(text: str, path: str, command: Sequence[str] | None = None) -> bool:
    """Write `text` spoken by espeak-ng to a WAV file (`espeak-ng -w FILE`); False when
    espeak-ng is not installed."""
    command = command or (shutil.which("espeak-ng"),)  # type: ignore[assignment]
    if not command or not command[0]:
        return False
    done = subprocess.run(
        [*command, "-w", path, text],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=SPEAK_TIMEOUT,
        check=False,
    )
    return done.returncode == 0


class Voice:
    """Says lines in order on one background thread. `say()` never blocks: it queues.

    When the engine falls behind, a line that has waited more than `stale` seconds is
    dropped if newer lines wait behind it: what is said stays about now.
    """

    def __init__(
        self, speaker: Speaker, clock: Callable[[], float], *, stale: float = STALE_SECONDS
    ) -> None:
        self.speaker = speaker
        self._clock = clock
        self._stale = stale
        self._queue: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pending = 0

    def say(self, text: str) -> None:
        """Queue `text` to be said; returns at once."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
            self._queue.put((self._clock(), text))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="coach-voice", daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until everything queued has been said (for tests and the benchmark)."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            queued_at, text = item
            late = self._clock() - queued_at > self._stale
            if not (late and not self._queue.empty()):
                try:
                    self.speaker.speak(text)
                except Exception:  # noqa: BLE001 - a broken engine must not end the thread
                    pass
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()
