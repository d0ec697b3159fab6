"""Start-up benchmark: launch to Today with its content, coach against a bare Textual app.

What a person waits for is Today's content, not a placeholder: the clock stops when the
day number, the next action and the checklist are all on the screen (or, with no diary
yet, the first-run note). Every program is started the same way, in the same run,
alternately, each in its own pseudo-terminal of 80x24; the clock stops when the
program's own text shows up in what it has written to the terminal. The resident
memory of each process is read from /proc at that moment.

The machine's speed drifts (a launch here takes anywhere from 0.2 to 0.4 s, in spells),
so each ratio is worked out within a round, where the programs ran one after the other
a second apart, and the median of those per-round ratios is the figure; the ratio of
the overall medians is printed beside it for context.

Prints the medians and the ratios against the bare app (which paints one line):
  launch to Today's content / bare          target <= 1.25  (one-week diary)
  no diary yet (first-run note) / bare      target <= 1.25
  ten-year diary / one-week diary           target <= 1.10
  memory when Today is drawn / bare         target <= 1.30
and, for context, coach's first painted frame / bare.

Usage: .venv/bin/python bench/startup.py [--rounds N]
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
TARGET_CONTENT = 1.25
TARGET_LONG_DIARY = 1.10
TARGET_MEMORY = 1.30
TODAY = "2026-11-25"
# Today's content: the day number, the next action and the checklist, all drawn.
CONTENT = (b"of this episode", b"Next:", b"Pain logged")


def rss_kib(pid: int) -> int:
    """Resident memory of a process, in KiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def launch(
    argv: list[str], markers: tuple[bytes, ...], env: dict[str, str], timeout: float = 30
) -> tuple[float, int]:
    """Seconds from spawning `argv` in a fresh pty until every marker is on its screen,
    and the process's resident memory (KiB) at that moment."""
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
                raise TimeoutError(f"{argv[0]} never showed {markers!r}:\n{seen[-2000:]!r}")
            ready, _, _ = select.select([leader], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                raise RuntimeError(f"{argv[0]} ended before painting") from None
            seen += chunk
            text = ANSI.sub(b"", seen)
            if all(marker in text for marker in markers):
                return time.perf_counter() - start, rss_kib(proc.pid)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(leader)


def build_diaries(folder: Path) -> dict[str, Path]:
    """A one-week and a ten-year diary (bench/diary.py builds them the same way)."""
    sys.path.insert(0, str(HERE))
    from diary import TEN_YEARS, build  # type: ignore[import-not-found]

    paths = {"one week": folder / "week.db", "ten years": folder / "ten-years.db"}
    build(paths["one week"], 7)
    build(paths["ten years"], TEN_YEARS)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    os.environ.setdefault("TZ", "Europe/London")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": tmp,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": "C.UTF-8",
            "TZ": os.environ["TZ"],
        }
        diaries = build_diaries(folder)
        coach = str(BIN / "coach")

        def coach_argv(db: Path) -> list[str]:
            return [coach, "--db", str(db), "--today", TODAY]

        programs: dict[str, tuple[list[str], tuple[bytes, ...]]] = {
            "bare app": (
                [sys.executable, str(HERE / "bare_app.py")],
                (b"bare textual app is painted",),
            ),
            "first frame": (coach_argv(diaries["one week"]), (b"Today",)),
            "one week": (coach_argv(diaries["one week"]), CONTENT),
            "ten years": (coach_argv(diaries["ten years"]), CONTENT),
            # A new diary each time: the first-run note is what the person gets first.
            "no diary": ([], (b"Before you start",)),
        }
        times: dict[str, list[float]] = {name: [] for name in programs}
        memory: dict[str, list[int]] = {name: [] for name in programs}
        for round_number in range(args.rounds + 1):  # round 0 warms the file cache
            for name, (argv, markers) in programs.items():
                if name == "no diary":
                    argv = coach_argv(folder / f"new-{round_number}" / "diary.db")
                seconds, kib = launch(argv, markers, env)
                if round_number:
                    times[name].append(seconds)
                    memory[name].append(kib)

    median = {name: statistics.median(values) for name, values in times.items()}
    rss = {name: statistics.median(values) for name, values in memory.items()}

    def paired(name: str, anchor: str) -> float:
        """The median over rounds of this round's `name` / this round's `anchor`."""
        return statistics.median(a / b for a, b in zip(times[name], times[anchor], strict=True))

    print(f"launch to what the person came for, median of {args.rounds} rounds (80x24 pty)")
    for name, values in times.items():
        spread = f"min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f} ms"
        print(
            f"  {name:11}  {median[name] * 1000:6.0f} ms  ({spread})   "
            f"RSS {rss[name] / 1024:5.1f} MiB"
        )

    def verdict(ratio: float, target: float) -> str:
        return f"(target <= {target:.2f})  {'ok' if ratio <= target else 'OVER TARGET'}"

    def of_medians(name: str, anchor: str) -> str:
        return f"(of the medians: {median[name] / median[anchor]:.2f})"

    content = paired("one week", "bare app")
    first_run = paired("no diary", "bare app")
    long_diary = paired("ten years", "one week")
    mem = rss["one week"] / rss["bare app"]
    print("ratios, median of the rounds' own ratios:")
    print(
        f"  Today's content / bare app          = {content:.2f}  "
        f"{verdict(content, TARGET_CONTENT)}  {of_medians('one week', 'bare app')}"
    )
    print(
        f"  first-run note (no diary) / bare app = {first_run:.2f}  "
        f"{verdict(first_run, TARGET_CONTENT)}  {of_medians('no diary', 'bare app')}"
    )
    print(
        f"  ten-year diary / one-week diary      = {long_diary:.2f}  "
        f"{verdict(long_diary, TARGET_LONG_DIARY)}  {of_medians('ten years', 'one week')}"
    )
    print(f"  memory at Today / bare app           = {mem:.2f}  {verdict(mem, TARGET_MEMORY)}")
    print(f"  for context, first frame / bare app  = {paired('first frame', 'bare app'):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
