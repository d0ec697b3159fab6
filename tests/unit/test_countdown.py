"""The countdown engine against a fake clock: no sleeping, no real time."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.countdown import (
    BACK_GRACE,
    Countdown,
    Phase,
    PhaseChange,
    with_ready,
)

START = 1000.0


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def step(seconds: float, breath_in: float = 0, breath_out: float = 0) -> Phase:
    return Phase("step", "stretch", seconds, breath_in=breath_in, breath_out=breath_out)


def steps(*seconds: float) -> list[Phase]:
    return [Phase("step", f"step {i}", s, step_index=i) for i, s in enumerate(seconds)]


def started(phases: Sequence[Phase], clock: FakeClock | None = None) -> tuple[Countdown, FakeClock]:
    clock = clock or FakeClock()
    countdown = Countdown(phases, clock=clock)
    countdown.start()
    return countdown, clock


# -- phases and building --------------------------------------------------------


def test_phase_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="kind"):
        Phase("nap", "x", 5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seconds"):
        Phase("step", "x", -1)
    with pytest.raises(ValueError, match="seconds"):
        Phase("step", "x", float("nan"))
    with pytest.raises(ValueError, match="side"):
        Phase("step", "x", 5, side="middle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="breath_in"):
        Phase("step", "x", 5, breath_in=-2)


def test_phase_is_frozen() -> None:
    phase = step(5)
    with pytest.raises(AttributeError):
        phase.seconds = 6  # type: ignore[misc]


def test_a_countdown_needs_phases() -> None:
    with pytest.raises(ValueError, match="at least one phase"):
        Countdown([])


def test_with_ready_prepends_a_ready_phase() -> None:
    phases = with_ready(steps(30, 30))
    assert [p.kind for p in phases] == ["ready", "step", "step"]
    assert phases[0].seconds == 5
    assert phases[0].step_index is None and phases[0].side is None
    assert with_ready(steps(30), ready_seconds=3)[0].seconds == 3
    assert with_ready(steps(30), ready_seconds=0) == tuple(steps(30))


def test_total_is_the_sum_of_the_phases() -> None:
    phases = with_ready(
        [
            Phase("step", "cat-cow", 45, step_index=0),
            Phase("step", "twist", 30, step_index=1, side="left"),
            Phase("switch", "other side", 3, step_index=1),
            Phase("step", "twist", 30, step_index=1, side="right"),
            Phase("rest", "rest", 10.5),
        ]
    )
    countdown = Countdown(phases, clock=FakeClock())
    assert countdown.total_seconds == 5 + 45 + 30 + 3 + 30 + 10.5
    assert countdown.remaining_total == countdown.total_seconds
    assert countdown.tick().total_fraction == 0.0


# -- running ----------------------------------------------------------------------


def test_nothing_moves_before_start() -> None:
    clock = FakeClock()
    countdown = Countdown(steps(10, 10), clock=clock)
    clock.advance(50)
    tick = countdown.tick()
    assert (tick.index, tick.remaining, tick.started, tick.finished) == (0, 10, False, False)
    assert countdown.seconds_done == 0


def test_counts_down_from_the_deadline() -> None:
    countdown, clock = started(steps(10, 20))
    clock.advance(3.25)
    tick = countdown.tick()
    assert tick.index == 0
    assert tick.remaining == pytest.approx(6.75)
    assert tick.elapsed == pytest.approx(3.25)
    assert tick.fraction == pytest.approx(0.325)
    assert tick.remaining_total == pytest.approx(26.75)
    assert tick.total_fraction == pytest.approx(3.25 / 30)
    assert tick.changes == ()


def test_ticks_do_not_count_time() -> None:
    """A thousand ticks at the same moment do not move the countdown at all."""
    countdown, clock = started(steps(10))
    clock.advance(1)
    for _ in range(1000):
        countdown.tick()
    assert countdown.remaining == pytest.approx(9)


def test_a_phase_ends_exactly_at_its_deadline() -> None:
    countdown, clock = started(steps(10, 10))
    clock.advance(10)
    tick = countdown.tick()
    assert tick.index == 1
    assert tick.remaining == 10
    assert tick.changes == (PhaseChange(0, 1, START + 10, "ended"),)
    assert tick.ended == (0,)


def test_a_late_tick_lands_right_and_reports_every_change() -> None:
    countdown, clock = started(steps(10, 10, 10, 10))
    clock.advance(25)  # two and a half phases in one go
    tick = countdown.tick()
    assert tick.index == 2
    assert tick.remaining == pytest.approx(5)
    assert tick.remaining_total == pytest.approx(15)
    assert tick.changes == (
        PhaseChange(0, 1, START + 10, "ended"),
        PhaseChange(1, 2, START + 20, "ended"),
    )
    assert tick.ended == (0, 1)
    # Changes are handed out once.
    assert countdown.tick().changes == ()


def test_a_late_tick_neither_loses_nor_adds_time() -> None:
    late, late_clock = started(steps(7, 0.3, 11.1, 4))
    steady, steady_clock = started(steps(7, 0.3, 11.1, 4))
    for _ in range(130):  # 13 s in steps of 0.1
        steady_clock.advance(0.1)
        steady.tick()
    late_clock.advance(13)
    a, b = late.tick(), steady.tick()
    assert a.index == b.index == 2
    assert a.remaining == pytest.approx(b.remaining, abs=1e-9)
    assert a.remaining == pytest.approx(11.1 - 5.7, abs=1e-9)


def test_zero_second_phases_pass_through_with_an_event() -> None:
    countdown, clock = started([step(5), Phase("switch", "switch", 0), step(5)])
    clock.advance(6)
    tick = countdown.tick()
    assert tick.index == 2
    assert tick.remaining == pytest.approx(4)
    assert tick.ended == (0, 1)


def test_finishing() -> None:
    countdown, clock = started(steps(10, 5))
    clock.advance(14.5)
    assert not countdown.tick().finished
    clock.advance(0.5)
    tick = countdown.tick()
    assert tick.finished
    assert (tick.index, tick.remaining, tick.elapsed, tick.fraction) == (1, 0, 5, 1.0)
    assert (tick.remaining_total, tick.total_fraction) == (0, 1.0)
    assert tick.changes == (PhaseChange(1, None, START + 15, "ended"),)
    assert countdown.finished_at == START + 15
    assert countdown.seconds_done == 15
    assert countdown.steps_done == 2


def test_a_very_late_tick_finishes_at_the_true_end() -> None:
    countdown, clock = started(steps(10, 5, 3))
    clock.advance(500)
    tick = countdown.tick()
    assert tick.finished
    assert tick.ended == (0, 1, 2)
    assert tick.changes[-1] == PhaseChange(2, None, START + 18, "ended")
    assert countdown.finished_at == START + 18
    assert countdown.seconds_done == 18


def test_a_finished_countdown_ignores_the_controls() -> None:
    countdown, clock = started(steps(2, 2))
    clock.advance(10)
    countdown.tick()
    for control in (
        countdown.pause,
        countdown.resume,
        countdown.toggle,
        countdown.skip,
        countdown.back,
        countdown.start,
    ):
        control()
    tick = countdown.tick()
    assert tick.finished and not tick.paused
    assert tick.changes == ()
    assert countdown.finished_at == START + 4


# -- pause, resume, toggle ----------------------------------------------------------


def test_pause_keeps_the_remaining_time_exactly() -> None:
    countdown, clock = started(steps(30, 30))
    clock.advance(12.5)
    countdown.pause()
    before = countdown.tick()
    clock.advance(100)
    during = countdown.tick()
    assert during.paused
    assert during.remaining == before.remaining == pytest.approx(17.5)
    assert during.remaining_total == before.remaining_total
    assert during.index == 0 and during.changes == ()
    countdown.resume()
    clock.advance(17.5)
    after = countdown.tick()
    assert after.index == 1 and after.remaining == pytest.approx(30)
    assert after.changes == (PhaseChange(0, 1, START + 130, "ended"),)


def test_pause_after_a_missed_deadline_first_catches_up() -> None:
    countdown, clock = started(steps(10, 10))
    clock.advance(13)  # no tick since the first phase ended
    countdown.pause()
    clock.advance(60)
    tick = countdown.tick()
    assert tick.index == 1
    assert tick.remaining == pytest.approx(7)
    assert tick.ended == (0,)


def test_toggle_starts_pauses_and_resumes() -> None:
    clock = FakeClock()
    countdown = Countdown(steps(10), clock=clock)
    countdown.toggle()
    assert countdown.started and not countdown.paused
    clock.advance(4)
    countdown.toggle()
    assert countdown.paused
    clock.advance(50)
    countdown.toggle()
    assert not countdown.paused
    clock.advance(5)
    assert countdown.remaining == pytest.approx(1)
    clock.advance(1)
    assert countdown.finished
    assert countdown.finished_at == pytest.approx(START + 60)


def test_pause_and_resume_are_idempotent() -> None:
    countdown, clock = started(steps(10))
    countdown.resume()  # not paused: nothing to do
    clock.advance(2)
    countdown.pause()
    clock.advance(5)
    countdown.pause()  # already paused: the frozen time stays
    clock.advance(5)
    assert countdown.remaining == pytest.approx(8)
    countdown.resume()
    countdown.resume()
    clock.advance(8)
    assert countdown.finished_at == pytest.approx(START + 20)


def test_seconds_done_excludes_pauses() -> None:
    countdown, clock = started(steps(10, 10))
    clock.advance(4)
    countdown.pause()
    clock.advance(300)
    countdown.resume()
    clock.advance(9)
    assert countdown.seconds_done == pytest.approx(13)
    clock.advance(1000)
    assert countdown.seconds_done == pytest.approx(20)


# -- skip and back ----------------------------------------------------------------


def test_skip_moves_to_the_next_phase_with_its_full_time() -> None:
    countdown, clock = started(steps(10, 20, 30))
    clock.advance(3)
    countdown.skip()
    tick = countdown.tick()
    assert tick.index == 1 and tick.remaining == 20
    assert tick.changes == (PhaseChange(0, 1, START + 3, "skip"),)
    assert tick.ended == ()
    clock.advance(20)
    assert countdown.tick().index == 2


def test_skip_excludes_the_skipped_remainder_and_the_step() -> None:
    countdown, clock = started(steps(10, 20))
    clock.advance(3)
    countdown.skip()
    clock.advance(5)
    assert countdown.seconds_done == pytest.approx(8)
    assert countdown.steps_done == 0
    assert countdown.remaining_total == pytest.approx(15)


def test_skip_at_the_last_phase_finishes() -> None:
    countdown, clock = started(steps(10, 20))
    clock.advance(12)
    countdown.skip()
    tick = countdown.tick()
    assert tick.finished
    assert tick.changes == (
        PhaseChange(0, 1, START + 10, "ended"),
        PhaseChange(1, None, START + 12, "skip"),
    )
    assert countdown.finished_at == START + 12
    assert countdown.seconds_done == pytest.approx(12)
    assert countdown.steps_done == 1


def test_skip_while_paused_stays_paused_with_the_next_phase_full() -> None:
    countdown, clock = started(steps(10, 20))
    clock.advance(4)
    countdown.pause()
    countdown.skip()
    clock.advance(100)
    tick = countdown.tick()
    assert tick.paused and tick.index == 1 and tick.remaining == 20
    countdown.resume()
    clock.advance(20)
    assert countdown.finished_at == pytest.approx(START + 124)


def test_back_well_into_a_phase_restarts_it() -> None:
    countdown, clock = started(steps(10, 20))
    clock.advance(10 + 5)
    countdown.back()
    tick = countdown.tick()
    assert tick.index == 1 and tick.remaining == 20
    assert tick.changes[-1] == PhaseChange(1, 1, START + 15, "back")


def test_back_near_the_start_of_a_phase_goes_to_the_previous_one() -> None:
    countdown, clock = started(steps(10, 20))
    clock.advance(10 + 1.5)
    countdown.back()
    tick = countdown.tick()
    assert tick.index == 0 and tick.remaining == 10
    assert tick.changes[-1] == PhaseChange(1, 0, START + 11.5, "back")


def test_back_at_exactly_the_grace_goes_to_the_previous_phase() -> None:
    countdown, clock = started(steps(10, 20))
    clock.advance(10 + BACK_GRACE)
    countdown.back()
    assert countdown.index == 0


def test_back_twice_quickly_walks_back_two_phases() -> None:
    countdown, clock = started(steps(10, 10, 10))
    clock.advance(25)
    countdown.back()  # 5 s in: restart phase 2
    countdown.back()  # 0 s in: to phase 1
    countdown.back()  # 0 s in: to phase 0
    tick = countdown.tick()
    assert tick.index == 0 and tick.remaining == 10
    assert [c.to_index for c in tick.changes if c.reason == "back"] == [2, 1, 0]


def test_back_at_the_first_phase_restarts_it() -> None:
    countdown, clock = started(steps(10, 10))
    clock.advance(1)
    countdown.back()
    tick = countdown.tick()
    assert tick.index == 0 and tick.remaining == 10


def test_back_counts_replayed_time_and_steps_once() -> None:
    countdown, clock = started(steps(10, 10))
    clock.advance(11)  # step 0 done, 1 s into step 1
    countdown.back()  # back to step 0
    clock.advance(10)  # step 0 done again
    assert countdown.steps_done == 1
    assert countdown.seconds_done == pytest.approx(21)
    assert countdown.index == 1


def test_back_while_paused_stays_paused() -> None:
    countdown, clock = started(steps(10, 10))
    clock.advance(15)
    countdown.pause()
    countdown.back()
    clock.advance(30)
    tick = countdown.tick()
    assert tick.paused and tick.index == 1 and tick.remaining == 10


def test_steps_done_counts_only_completed_step_phases() -> None:
    phases = with_ready([step(10), Phase("switch", "switch", 2), step(10), Phase("rest", "r", 5)])
    countdown, clock = started(phases)
    clock.advance(5 + 10 + 2 + 4)
    assert countdown.steps_done == 1
    countdown.skip()  # skipping the second step does not count it
    assert countdown.steps_done == 1
    clock.advance(5)
    assert countdown.finished
    assert countdown.steps_done == 1


# -- paced breathing -----------------------------------------------------------------


def test_breath_follows_the_cycle() -> None:
    countdown, clock = started([step(30, breath_in=4, breath_out=6)])
    assert countdown.breath() == ("in", 0.0)
    clock.advance(3)
    assert countdown.breath() == ("in", pytest.approx(0.75))
    clock.advance(1)
    assert countdown.breath() == ("out", pytest.approx(0.0))
    clock.advance(3)
    assert countdown.breath() == ("out", pytest.approx(0.5))
    clock.advance(4.5)  # 11.5 s: second cycle, 1.5 s in
    kind, fraction = countdown.tick().breath
    assert kind == "in" and fraction == pytest.approx(1.5 / 4)


def test_breath_at_an_explicit_moment() -> None:
    countdown, clock = started([step(30, breath_in=4, breath_out=6)])
    assert countdown.breath(START + 5) == ("out", pytest.approx(1 / 6))


def test_breath_stops_while_paused() -> None:
    countdown, clock = started([step(30, breath_in=4, breath_out=4)])
    clock.advance(2)
    countdown.pause()
    clock.advance(3)
    assert countdown.breath() == ("in", pytest.approx(0.5))


def test_no_breath_without_pacing_or_after_the_end() -> None:
    countdown, clock = started([step(5), step(5, breath_in=3, breath_out=3)])
    assert countdown.breath() == (None, 0.0)
    clock.advance(6)
    assert countdown.breath()[0] == "in"
    clock.advance(10)
    assert countdown.breath() == (None, 0.0)


# -- purity ------------------------------------------------------------------------


def test_the_engine_imports_nothing_heavy() -> None:
    code = (
        "import sys, coach.countdown; "
        "heavy = {'textual', 'sqlite3', 'sqlite_utils', 'pendulum', 'rich'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- properties ------------------------------------------------------------------------

durations = st.lists(
    st.floats(min_value=0, max_value=120, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=8,
)
# Each action: advance the clock by some seconds, toggling pause first or not.
actions = st.lists(
    st.tuples(st.floats(min_value=0, max_value=60, allow_nan=False), st.booleans()),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(durations, actions)
def test_time_is_conserved_and_the_end_is_exact(
    seconds: list[float], moves: list[tuple[float, bool]]
) -> None:
    countdown, clock = started(steps(*seconds))
    total = countdown.total_seconds
    paused_for = 0.0
    ended: list[int] = []
    for advance, toggle in moves:
        if toggle:
            countdown.toggle()
        if countdown.paused:
            paused_for += advance
        clock.advance(advance)
        tick = countdown.tick()
        ended.extend(tick.ended)
        assert tick.remaining >= 0
        assert tick.remaining_total + countdown.seconds_done == pytest.approx(total, abs=1e-9)
    if countdown.paused:
        countdown.resume()
    expected_end = START + total + paused_for
    if clock.now < expected_end - 1e-6:
        clock.now = expected_end - 1e-6
        tick = countdown.tick()
        ended.extend(tick.ended)
        assert not tick.finished
    clock.now = max(clock.now, expected_end + 1e-9)
    tick = countdown.tick()
    ended.extend(tick.ended)
    assert tick.finished
    assert countdown.finished_at == pytest.approx(expected_end, abs=1e-9)
    assert countdown.seconds_done == pytest.approx(total, abs=1e-9)
    assert countdown.steps_done == len(seconds)
    assert ended == list(range(len(seconds)))


@settings(max_examples=200, deadline=None)
@given(durations, st.lists(st.floats(min_value=0, max_value=30, allow_nan=False), max_size=40))
def test_how_often_it_ticks_does_not_matter(seconds: list[float], advances: list[float]) -> None:
    often, often_clock = started(steps(*seconds))
    once, once_clock = started(steps(*seconds))
    often_changes: list[PhaseChange] = []
    for advance in advances:
        often_clock.advance(advance)
        often_changes.extend(often.tick().changes)
    once_clock.now = often_clock.now
    last = once.tick()
    often_changes.extend(often.tick().changes)
    assert last.changes == tuple(often_changes)
    assert last.index == often.index
    assert last.remaining == pytest.approx(often.remaining, abs=1e-9)
    assert last.finished == often.finished
