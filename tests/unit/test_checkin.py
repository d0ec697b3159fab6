"""The weekly check-in's scoring: PEG, your own activities, real change, when it is due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach import checkin as ck
from coach.checkin import CheckIn, Rating

ONSET = date(2026, 11, 1)


def make(day_offset: int, pain: int, enjoyment: int, activity: int, *ratings: int) -> CheckIn:
    return CheckIn(
        id=day_offset + 1,
        episode_id=1,
        day=ONSET + timedelta(days=day_offset),
        pain=pain,
        enjoyment=enjoyment,
        activity=activity,
        ratings=tuple(Rating(i + 1, f"activity {i + 1}", s) for i, s in enumerate(ratings)),
    )


# --- PEG score --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "tenths"),
    [
        ((0, 0, 0), 0),
        ((10, 10, 10), 100),
        ((1, 0, 0), 3),  # 0.33 -> 0.3
        ((1, 1, 0), 7),  # 0.67 -> 0.7
        ((7, 6, 6), 63),  # 6.33 -> 6.3
        ((4, 4, 3), 37),  # 3.67 -> 3.7
        ((10, 10, 9), 97),
    ],
)
def test_peg_is_the_mean_of_three_to_one_decimal(
    answers: tuple[int, int, int], tenths: int
) -> None:
    assert ck.peg_tenths(*answers) == tenths


@given(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10))
def test_peg_matches_rounded_mean(a: int, b: int, c: int) -> None:
    assert ck.peg_tenths(a, b, c) == round((a + b + c) / 3 * 10)


@pytest.mark.parametrize("bad", [-1, 11, True])
def test_peg_answers_outside_0_to_10_are_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="from 0 to 10"):
        ck.peg_tenths(bad, 5, 5)


# --- real change of the PEG ---------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "latest", "direction"),
    [
        (50, 35, "better"),  # down 1.5 = 30%: at both thresholds
        (50, 36, "no real change"),  # down 1.4 = 28%: below 30%
        (50, 34, "better"),  # above both
        (30, 20, "better"),  # down 1.0 = 33%: exactly 1 point
        (30, 21, "no real change"),  # down 0.9: below 1 point although 30%
        (100, 71, "no real change"),  # down 2.9 = 29%: points enough, share not
        (100, 70, "better"),  # down 3.0 = 30%
        (50, 65, "worse"),  # up 1.5 = 30%
        (50, 64, "no real change"),  # up 1.4 = 28%
        (0, 10, "worse"),  # up 1 point from nothing
        (0, 9, "no real change"),  # up 0.9 from nothing
        (40, 40, "no real change"),
    ],
)
def test_peg_real_change_at_and_around_each_threshold(
    first: int, latest: int, direction: str
) -> None:
    assert ck.peg_direction(first, latest) == direction


def test_verdict_text_has_its_numbers() -> None:
    first = make(7, 7, 6, 6)  # PEG 6.3
    later = make(14, 4, 4, 3)  # PEG 3.7
    verdict = ck.verdicts([first, later])[-1]
    assert verdict.direction == "better"
    assert verdict.peg.text() == "PEG 6.3 → 3.7, better: down 2.6, 41%"


def test_first_checkin_is_the_starting_point() -> None:
    verdict = ck.verdicts([make(7, 6, 6, 6, 3)])[0]
    assert verdict.first
    assert verdict.text() == ("PEG 6.0: your starting point; activities 3.0: your starting point")


def test_change_is_always_from_the_first_checkin() -> None:
    checkins = [make(7, 6, 6, 6), make(14, 5, 5, 5), make(21, 4, 4, 4)]
    verdicts = ck.verdicts(checkins)
    assert [v.direction for v in verdicts] == ["first", "no real change", "better"]
    assert verdicts[-1].peg.text() == "PEG 6.0 → 4.0, better: down 2.0, 33%"


def test_worse_and_no_change_texts() -> None:
    first = make(7, 3, 3, 3)
    assert ck.verdicts([first, make(14, 5, 5, 5)])[-1].peg.text() == (
        "PEG 3.0 → 5.0, worse: up 2.0, 67%"
    )
    assert ck.verdicts([first, make(14, 3, 3, 3)])[-1].peg.text() == (
        "PEG 3.0 → 3.0, no real change: the same"
    )


@given(
    st.tuples(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10)),
    st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10)), min_size=1),
)
def test_never_better_when_the_peg_rose(first: tuple[int, int, int], later: list) -> None:
    checkins = [make(7, *first)] + [make(14 + 7 * i, *answers) for i, answers in enumerate(later)]
    for verdict in ck.verdicts(checkins)[1:]:
        if verdict.peg.latest >= verdict.peg.first:
            assert verdict.direction != "better"
            assert "better" not in verdict.peg.text()
        if verdict.peg.latest <= verdict.peg.first:
            assert verdict.direction != "worse"


# --- your own activities -----------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "latest", "direction"),
    [
        ((2, 4), (4, 6), "better"),  # average up exactly 2
        ((2, 4), (4, 5), "no real change"),  # up 1.5
        ((2, 4), (5, 6), "better"),  # up 2.5
        ((6, 6), (4, 4), "worse"),  # down exactly 2
        ((6, 6), (5, 4), "no real change"),  # down 1.5
        ((3,), (5,), "better"),
        ((3,), (4,), "no real change"),
    ],
)
def test_activities_real_change_is_two_points_on_average(
    first: tuple[int, ...], latest: tuple[int, ...], direction: str
) -> None:
    verdict = ck.verdicts([make(7, 5, 5, 5, *first), make(14, 5, 5, 5, *latest)])[-1]
    assert verdict.activities is not None
    assert verdict.activities.direction == direction


def test_activities_text() -> None:
    verdict = ck.verdicts([make(7, 5, 5, 5, 2, 4), make(14, 5, 5, 5, 5, 8)])[-1]
    assert verdict.activities is not None
    assert verdict.activities.text() == "activities 3.0 → 6.5, better: up 3.5 points"


def test_an_activity_added_later_starts_from_its_own_first_rating() -> None:
    first = make(7, 5, 5, 5, 2)
    second = CheckIn(
        id=9,
        episode_id=1,
        day=ONSET + timedelta(days=14),
        pain=5,
        enjoyment=5,
        activity=5,
        ratings=(Rating(1, "a", 2), Rating(7, "new", 8)),
    )
    verdict = ck.verdicts([first, second])[-1]
    assert verdict.activities is not None
    assert verdict.activities.compared == 1  # only the activity rated before is compared
    assert verdict.activities.direction == "no real change"


# --- when it is due ----------------------------------------------------------------


def test_due_from_day_7_then_7_days_after_the_last() -> None:
    assert ck.next_due(ONSET, []) == ONSET + timedelta(days=7)
    assert not ck.is_due(ONSET, [], ONSET + timedelta(days=6))
    assert ck.is_due(ONSET, [], ONSET + timedelta(days=7))
    done = [make(9, 5, 5, 5)]
    assert ck.next_due(ONSET, done) == ONSET + timedelta(days=16)
    assert not ck.is_due(ONSET, done, ONSET + timedelta(days=15))
    assert ck.is_due(ONSET, done, ONSET + timedelta(days=16))


# --- rules that feed the plan ------------------------------------------------------


def test_not_improving_needs_the_last_two_both_without_real_improvement() -> None:
    first = make(7, 6, 6, 6)
    flat = make(14, 6, 5, 6)
    flat2 = make(21, 5, 5, 6)
    better = make(21, 3, 3, 3)
    assert ck.not_improving([first, flat]) is None  # only one after the first
    assert ck.not_improving([first, flat, flat2]) is not None
    assert ck.not_improving([first, flat, better]) is None
    # Better at the second, flat again at the third: the last two are not both flat.
    assert ck.not_improving([first, make(14, 3, 3, 3), flat2]) is None
    assert ck.not_improving([first, make(14, 3, 3, 3), flat2, make(28, 6, 6, 6)]) is not None


@pytest.mark.parametrize(
    ("answers", "ratings", "suggested"),
    [
        ((1, 1, 1), (9, 10), True),  # PEG 1.0
        ((2, 1, 1), (9, 10), False),  # PEG 1.3
        ((1, 1, 1), (8, 10), False),  # an activity at 8
        ((0, 0, 0), (), True),
    ],
)
def test_suggests_recovered(
    answers: tuple[int, int, int], ratings: tuple[int, ...], suggested: bool
) -> None:
    assert ck.suggests_recovered(make(7, *answers, *ratings)) is suggested


# --- goals from the command line ----------------------------------------------------


def test_parse_goals() -> None:
    assert ck.parse_goals(["deadlift=4", "putting on socks = 7"]) == [
        ("deadlift", 4),
        ("putting on socks", 7),
    ]
    assert ck.parse_goal("a=b=3") == ("a=b", 3)


@pytest.mark.parametrize(
    ("goals", "message"),
    [
        (["deadlift"], "needs a name and a score"),
        (["=4"], "needs a name"),
        (["deadlift=11"], "from 0"),
        (["deadlift=-1"], "from 0"),
        (["deadlift=x"], "from 0"),
        (["a=1", "b=1", "c=1", "d=1"], "at most 3"),
        (["a=1", "A=2"], "twice"),
        (["x" * 61 + "=1"], "at most 60"),
    ],
)
def test_bad_goals(goals: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ck.parse_goals(goals)
