"""At every moment of every shipped routine, the cue shown, the breath bar and the
picture agree (PRODUCT.md "Feel" and "Voice"). The player is walked on the fake clock
in quarter seconds, and each boundary is also checked just before and just after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.countdown import Phase
from coach.player import breath_half, countdown_phases, moment
from coach.routines import routines
from coach.screens.routines import PlayerScreen
from tests.app.test_routines import seed, start, text
from tests.helpers import FakeClock, coach_app

STEP = 0.25


def shown(player: PlayerScreen) -> tuple[str, str, str, str]:
    """(phase label, breath bar, cue, picture) as on screen."""
    return (
        text(player.query_one("#phase-label")),  # type: ignore[arg-type]
        text(player.query_one("#breath")),  # type: ignore[arg-type]
        text(player.query_one("#cue")),  # type: ignore[arg-type]
        text(player.query_one("#pose")),  # type: ignore[arg-type]
    )


def breath_said(line: str) -> str | None:
    lower = line.lower()
    for kind in ("in", "out"):
        if lower.startswith(f"breathe {kind}"):
            return kind
    return None


def check_agree(player: PlayerScreen, where: str) -> tuple[str | None, int | None]:
    """Check one moment; return the breath shown and the frame shown (or None)."""
    _, bar, cue, picture = shown(player)
    tick = player.countdown.tick()
    phase = tick.phase
    step = player.routine.steps[phase.step_index or 0]
    lines = cue.split("\n")
    assert bar.startswith("Breathe "), where
    bar_kind = bar.split()[1]
    said = [breath_said(line) for line in lines]
    frames = [f.rstrip() for f in step.frames]
    frame = frames.index(picture.rstrip()) if picture.rstrip() in frames else None
    if bar_kind in ("in", "out"):
        assert phase.kind == "step" and phase.paced, where
        # The cue's first line is the breath the bar shows; no line says the other.
        assert said[0] == bar_kind, (where, bar, cue)
        assert all(kind in (None, bar_kind) for kind in said), (where, bar, cue)
        # Even frames are "in" pictures, odd ones "out" pictures.
        assert frame is not None, where
        assert frame % 2 == (0 if bar_kind == "in" else 1), (where, bar, frame)
        return bar_kind, frame
    assert bar == "Breathe normally", where
    assert all(kind is None for kind in said), (where, bar, cue)
    return None, frame


@pytest.mark.parametrize("routine_id", [r.id for r in routines()])
async def test_cue_bar_and_picture_agree_at_every_moment(db_path: Path, routine_id: str) -> None:
    seed(db_path)
    fake = FakeClock(0.0)  # quarter seconds are exact from 0
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, routine_id)
        phases = player.countdown.phases
        total = player.countdown.total_seconds
        start_at = fake.now
        boundaries: list[float] = []
        at = 0.0
        for phase in phases:
            at += phase.seconds
            boundaries.append(at)
        # Moments: every quarter second, and a hair either side of each boundary and
        # of each half breath.
        moments = {k * STEP for k in range(int(total / STEP))}
        offset = 0.0
        for phase in phases:
            if phase.kind == "step" and phase.paced:
                half_at = offset
                while half_at < offset + phase.seconds:
                    for edge in (
                        half_at + phase.breath_in,
                        half_at + phase.breath_in + phase.breath_out,
                    ):
                        moments.update({edge - 1e-6, edge + 1e-6})
                    half_at += phase.breath_in + phase.breath_out
            offset += phase.seconds
        moments.update(b + d for b in boundaries for d in (-1e-6, 1e-6))
        seen_in = seen_out = 0
        for moment_at in sorted(m for m in moments if 0 <= m < total):
            fake.now = start_at + moment_at
            player.refresh_tick()
            kind, _ = check_agree(player, f"{routine_id} at {moment_at:.6f} s")
            seen_in += kind == "in"
            seen_out += kind == "out"
        paced = any(p.kind == "step" and p.paced for p in phases)
        assert (seen_in > 0 and seen_out > 0) == paced


@given(
    breath_in=st.integers(1, 8),
    breath_out=st.integers(1, 8),
    cycles=st.integers(1, 10),
    elapsed=st.floats(0, 200, allow_nan=False),
)
def test_one_moment_gives_one_breath_to_bar_frame_and_cue(
    breath_in: int, breath_out: int, cycles: int, elapsed: float
) -> None:
    step = next(s for r in routines() for s in r.steps if s.breathing.pattern == "paced")
    phase = Phase(
        "step",
        step.name,
        cycles * (breath_in + breath_out),
        step_index=0,
        breath_in=breath_in,
        breath_out=breath_out,
    )
    now = moment(phase, step, elapsed)
    kind, fraction, half = breath_half(phase, elapsed)
    assert (now.breath, now.fraction, now.half) == (kind, fraction, half)
    assert kind == ("in" if half % 2 == 0 else "out")
    assert 0 <= fraction < 1
    assert now.frame % 2 == half % 2
    assert breath_said(now.cue.split("\n")[0]) == kind
    # The phase always ends on a breath out.
    assert breath_half(phase, phase.seconds)[0] == "out"


def test_reduce_motion_keeps_the_first_frame_but_not_the_breath() -> None:
    routine = next(r for r in routines() if r.id == "cat_cow")
    phases = countdown_phases(routine)
    phase = phases[1]
    step = routine.steps[0]
    assert moment(phase, step, 5.0, still=True).frame == 0
    assert moment(phase, step, 5.0, still=True).breath == "out"
