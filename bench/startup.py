"""Start-up benchmark: launch to first painted frame, coach against a bare Textual app.

Both programs are started the same way, in the same run, alternately, each in its own
pseudo-terminal of 80x24. The clock stops when the program's own text shows up in
what it has written to the terminal. Prints the medians and the ratio coach/bare.
Target: ratio at most 1.25.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
TARGET = 1.25


def time_to_text(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 20) -> float:
    """Seconds from spawning `argv` in a fresh pty until `marker` appears on its screen."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True
    )
    os.close(follower)
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{argv[0]} never showed {marker!r}")
            ready, _, _ = select.select([leader], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                raise RuntimeError(f"{argv[0]} ended before painting") from None
            seen += chunk
            if marker in ANSI.sub(b"", seen):
                return time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(leader)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "diary.db"
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": tmp,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        }
        # A diary in daily use: one episode with a week of entries.
        subprocess.run(
            [str(BIN / "coach"), "log", "5", "--db", str(db), "--date", "2026-11-18"],
            env=env,
            check=True,
            capture_output=True,
        )
        programs = {
            "coach": ([str(BIN / "coach"), "--db", str(db)], b"Today"),
            "bare": ([sys.executable, str(HERE / "bare_app.py")], b"bare textual app is painted"),
        }
        for argv, marker in programs.values():  # warm the file cache once
            time_to_text(argv, marker, env)
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.rounds):
            for name, (argv, marker) in programs.items():
                times[name].append(time_to_text(argv, marker, env))

    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["coach"] / medians["bare"]
    print(f"start-up to first painted frame, median of {args.rounds} rounds (80x24 pty)")
    for name, values in times.items():
        spread = f"min {min(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
        print(f"  {name:5}  {medians[name] * 1000:6.0f} ms   ({spread})")
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"  ratio coach/bare = {ratio:.2f}  (target <= {TARGET})  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
