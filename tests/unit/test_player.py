"""What the player needs that is not drawing (coach/player.py): the countdown's phases
for a routine and the gate that decides whether a routine may start."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pytest

from coach.countdown import Countdown
from coach.model import Episode, SafetyWarning
from coach.player import (
    GENTLE_SCALE,
    PAIN_KEYS,
    READY_SECONDS,
    REST_FIRST_PAIN,
    countdown_phases,
    gate,
)
from coach.routines import REST_SECONDS, SWITCH_SECONDS, routine, routines

TODAY = date(2026, 11, 25)
ROUTINE_IDS = [item.id for item in routines()]


def episode(age: int) -> Episode:
    onset = TODAY - timedelta(days=age)
    return Episode(
        id=1,
        onset=onset,
        activity="lifting weights",
        area="lower",
        side="both",
        started_at=datetime(onset.year, onset.month, onset.day, 9, tzinfo=timezone.utc),
    )


def warning(kind: str, level: str = "caution") -> SafetyWarning:
    return SafetyWarning(kind=kind, level=level, message="...", since=TODAY)  # type: ignore[arg-type]


# --- countdown_phases ------------------------------------------------------------------


@pytest.mark.parametrize("routine_id", ROUTINE_IDS)
def test_the_get_ready_countdown_comes_first(routine_id: str) -> None:
    phases = countdown_phases(routine(routine_id))
    assert phases[0].kind == "ready"
    assert phases[0].seconds == READY_SECONDS == 5
    assert phases[0].label == "Get ready"
    assert all(phase.kind != "ready" for phase in phases[1:])


@pytest.mark.parametrize("routine_id", ROUTINE_IDS)
def test_the_total_is_the_routine_plus_five_seconds(routine_id: str) -> None:
    item = routine(routine_id)
    phases = countdown_phases(item)
    assert math.fsum(p.seconds for p in phases) == item.total_seconds + 5
    assert Countdown(phases, clock=lambda: 0.0).total_seconds == item.total_seconds + 5


@pytest.mark.parametrize("routine_id", ROUTINE_IDS)
def test_phases_follow_the_routine_timeline(routine_id: str) -> None:
    item = routine(routine_id)
    phases = countdown_phases(item)[1:]
    timeline = item.phases()
    assert [(p.kind, p.seconds, p.step_index, p.side) for p in phases] == [
        (t.kind, t.seconds, t.step_index, t.side) for t in timeline
    ]


def test_a_ready_of_zero_leaves_it_out() -> None:
    item = routine("cat_cow")
    phases = countdown_phases(item, ready=0)
    assert [p.kind for p in phases] == ["step"]
    assert sum(p.seconds for p in phases) == item.total_seconds


def test_labels_name_the_step_the_side_and_the_switch() -> None:
    labels = [p.label for p in countdown_phases(routine("torso_twists"))]
    assert labels == [
        "Get ready",
        "Knee rolls",
        "Rest, then Seated twist",
        "Seated twist, left side",
        "Switch to the right side",
        "Seated twist, right side",
    ]


def test_paced_steps_carry_their_breath_and_the_rest_do_not() -> None:
    for item in routines():
        for phase in countdown_phases(item):
            step = item.steps[phase.step_index] if phase.step_index is not None else None
            if phase.kind == "step" and step is not None and step.breathing.pattern == "paced":
                assert (phase.breath_in, phase.breath_out) == (
                    step.breathing.breath_in,
                    step.breathing.breath_out,
                ), phase.label
            else:
                assert not phase.paced, phase.label


@pytest.mark.parametrize("routine_id", ROUTINE_IDS)
@pytest.mark.parametrize("scale", [GENTLE_SCALE, 0.5, 0.33, 0.01, 1.4])
def test_a_scaled_routine_keeps_whole_breaths(routine_id: str, scale: float) -> None:
    item = routine(routine_id)
    plain = countdown_phases(item)
    scaled = countdown_phases(item, scale=scale)
    assert len(scaled) == len(plain)
    for before, after in zip(plain, scaled, strict=True):
        assert (after.kind, after.label, after.side) == (before.kind, before.label, before.side)
        if after.kind == "step" and after.paced:
            cycle = after.breath_in + after.breath_out
            cycles = after.seconds / cycle
            assert cycles == int(cycles) and cycles >= 1, (after.label, after.seconds)
            # The nearest whole number of breaths to the scaled time, at least one.
            assert cycles == max(1, round(before.seconds * scale / cycle))
        elif after.kind == "step":
            assert after.seconds == pytest.approx(before.seconds * scale)
        else:
            # Ready, rests and switches keep their length: time to change position.
            assert after.seconds == before.seconds


def test_gentle_holds_shorten_the_full_routine_but_not_its_rests() -> None:
    item = routine("gentle")
    gentle = countdown_phases(item, scale=GENTLE_SCALE)
    assert sum(p.seconds for p in gentle) < item.total_seconds + 5
    assert {p.seconds for p in gentle if p.kind == "rest"} == {REST_SECONDS}
    assert {p.seconds for p in gentle if p.kind == "switch"} == {SWITCH_SECONDS}
    cat_cow = next(p for p in gentle if p.kind == "step")
    assert cat_cow.seconds == 60  # 80 s x 0.75 = 60 s: exactly 6 breaths of 10 s


def test_seated_twist_rounds_to_the_nearest_whole_breath() -> None:
    # 50 s x 0.75 = 37.5 s = 3.75 breaths of 10 s: 4 breaths, 40 s, on each side.
    twists = [p for p in countdown_phases(routine("torso_twists"), scale=GENTLE_SCALE) if p.side]
    assert [(p.kind, p.side, p.seconds) for p in twists] == [
        ("step", "left", 40),
        ("switch", "right", SWITCH_SECONDS),
        ("step", "right", 40),
    ]


def test_pain_keys_are_one_keypress_each() -> None:
    assert PAIN_KEYS == {**{str(n): n for n in range(10)}, "x": 10}


# --- gate ----------------------------------------------------------------------------


@pytest.mark.parametrize("age", [0, 1, 2, 10])
@pytest.mark.parametrize("pain", [None, 0, 9])
def test_a_locked_episode_never_starts_and_says_why(age: int, pain: int | None) -> None:
    decision = gate(
        episode=episode(age),
        today=TODAY,
        locked=True,
        todays_highest_pain=pain,
        warnings=(warning("emergency", "urgent"),),
    )
    assert not decision.allowed
    assert not decision.confirm
    assert "locked" in decision.reason
    assert "medical help" in decision.reason
    assert "cleared" in decision.reason and "press c" in decision.reason


@pytest.mark.parametrize("age", [0, 1])
def test_days_0_and_1_need_confirmation(age: int) -> None:
    decision = gate(episode=episode(age), today=TODAY, locked=False, todays_highest_pain=3)
    assert decision.allowed and decision.confirm
    assert f"It is day {age} of this episode" in decision.reason
    assert "keep active" in decision.reason and "from day 2" in decision.reason
    assert "cold packs" not in decision.reason and "((" not in decision.reason


@pytest.mark.parametrize("age", [2, 3, 30])
def test_from_day_2_with_pain_6_no_confirmation(age: int) -> None:
    decision = gate(episode=episode(age), today=TODAY, locked=False, todays_highest_pain=6)
    assert decision.allowed and not decision.confirm
    assert decision.reason == ""


def test_no_pain_logged_today_and_no_episode_start_freely() -> None:
    assert gate(episode=episode(5), today=TODAY, locked=False, todays_highest_pain=None) == (
        gate(episode=None, today=TODAY, locked=False, todays_highest_pain=None)
    )
    decision = gate(episode=None, today=TODAY, locked=False, todays_highest_pain=None)
    assert decision.allowed and not decision.confirm


@pytest.mark.parametrize("pain", [7, 8, 10])
def test_pain_of_7_or_more_today_needs_confirmation(pain: int) -> None:
    assert REST_FIRST_PAIN == 7
    decision = gate(episode=episode(4), today=TODAY, locked=False, todays_highest_pain=pain)
    assert decision.allowed and decision.confirm
    assert f"Your pain today is {pain}" in decision.reason
    assert "rest and gentle walking come first" in decision.reason


def test_pain_7_on_day_0_gives_both_reasons() -> None:
    decision = gate(episode=episode(0), today=TODAY, locked=False, todays_highest_pain=7)
    assert decision.confirm
    assert "Your pain today is 7" in decision.reason
    assert "It is day 0" in decision.reason


def test_an_onset_after_today_does_not_count_as_the_first_days() -> None:
    # --today in the past: the episode has not started yet, so no "day -1".
    decision = gate(episode=episode(-1), today=TODAY, locked=False, todays_highest_pain=None)
    assert decision.allowed and not decision.confirm


def test_a_stretch_pain_warning_adds_a_reason() -> None:
    decision = gate(
        episode=episode(3),
        today=TODAY,
        locked=False,
        todays_highest_pain=2,
        warnings=(warning("stretch_pain"),),
    )
    assert decision.allowed and decision.confirm
    assert "A stretch hurt recently" in decision.reason


def test_other_warnings_add_no_reason() -> None:
    decision = gate(
        episode=episode(3),
        today=TODAY,
        locked=False,
        todays_highest_pain=2,
        warnings=(warning("worsening"), warning("medication", "info")),
    )
    assert decision.allowed and not decision.confirm


def test_stretch_pain_joins_the_other_reasons() -> None:
    decision = gate(
        episode=episode(1),
        today=TODAY,
        locked=False,
        todays_highest_pain=8,
        warnings=(warning("stretch_pain"),),
    )
    assert decision.confirm
    for part in ("Your pain today is 8", "It is day 1", "A stretch hurt recently"):
        assert part in decision.reason


def test_a_severe_warning_asks_before_a_routine_even_without_pain_today() -> None:
    from coach.model import SafetyWarning

    severe = SafetyWarning(
        kind="severe",
        level="caution",
        message="Severe pain",
        since=date(2026, 11, 24),
        reasons=("pain 9 on Tue 24 Nov (8 or more is severe pain)",),
    )
    decision = gate(
        episode=None,
        today=date(2026, 11, 25),
        locked=False,
        todays_highest_pain=None,
        warnings=(severe,),
    )
    assert decision.allowed and decision.confirm
    assert (
        "pain 9 on Tue 24 Nov" in decision.reason and "rest rather than stretch" in decision.reason
    )


@pytest.mark.parametrize("age", [0, 1])
def test_the_first_two_days_name_the_relief_routine(age: int) -> None:
    from coach.routines import routine

    cat_cow = routine("cat_cow")
    decision = gate(
        episode=episode(age), today=TODAY, locked=False, todays_highest_pain=3, routine=cat_cow
    )
    assert decision.confirm
    assert "Cat-cow is planned from day 2" in decision.reason


@pytest.mark.parametrize("routine_id", ["warmup", "core"])
@pytest.mark.parametrize("age", [0, 1, 2, 30])
def test_prevention_routines_ask_first_during_an_unrecovered_episode(
    routine_id: str, age: int
) -> None:
    from coach.routines import routine

    chosen = routine(routine_id)
    decision = gate(
        episode=episode(age), today=TODAY, locked=False, todays_highest_pain=2, routine=chosen
    )
    assert decision.allowed and decision.confirm
    assert decision.reason.startswith(f"{chosen.title} is for once you have recovered")
    assert "planned from day 2" not in decision.reason


@pytest.mark.parametrize("routine_id", ["warmup", "core"])
def test_prevention_routines_start_freely_once_recovered_or_with_no_episode(
    routine_id: str,
) -> None:
    from coach.routines import routine

    chosen = routine(routine_id)
    recovered = gate(
        episode=episode(5),
        today=TODAY,
        locked=False,
        todays_highest_pain=0,
        routine=chosen,
        recovered=True,
    )
    assert recovered.allowed and not recovered.confirm
    none = gate(episode=None, today=TODAY, locked=False, todays_highest_pain=None, routine=chosen)
    assert none.allowed and not none.confirm


def test_relief_routines_do_not_ask_for_being_unrecovered() -> None:
    from coach.routines import routine

    decision = gate(
        episode=episode(5),
        today=TODAY,
        locked=False,
        todays_highest_pain=3,
        routine=routine("gentle"),
    )
    assert decision.allowed and not decision.confirm
