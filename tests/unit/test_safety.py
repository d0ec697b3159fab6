"""The warnings engine, rule by rule, at and around every threshold of PRODUCT.md."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.content import red_flag_index
from coach.model import DiaryEntry, Episode, SafetyWarning, Session, Symptom
from coach.safety import KINDS, Triage, daily_scores, evaluate, routines_locked, triage

FLAGS = red_flag_index()
ONSET = date(2026, 11, 16)  # a Monday
_ids = itertools.count(1)

# PRODUCT.md, "Symptom keys": the level every key must have.
EMERGENCY_KEYS = (
    "saddle_numbness",
    "bladder_bowel",
    "both_legs",
    "sexual_function",
    "chest_pain",
    "serious_accident",
    "dark_urine",
)
TODAY_KEYS = (
    "fever",
    "weight_loss",
    "night_pain",
    "cough_sneeze",
    "upper_back",
    "back_shape",
    "leg_weakness",
)
SOON_KEYS = (
    "one_leg",
    "cancer_history",
    "bone_risk",
    "immune",
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def episode(
    onset: date = ONSET, cleared_on: date | None = None, cleared_through: int | None = None
) -> Episode:
    return Episode(
        id=1,
        onset=onset,
        activity="deadlifts",
        area="lower",
        side="both",
        started_at=datetime(onset.year, onset.month, onset.day, 9, tzinfo=UTC),
        cleared_on=cleared_on,
        cleared_through=cleared_through,
    )


def entry(day: date, pain: int, meds: bool = False, hour: int = 12) -> DiaryEntry:
    return DiaryEntry(
        id=next(_ids),
        episode_id=1,
        logged_at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC),
        day=day,
        pain=pain,
        meds=meds,
    )


def series(first: date, *scores: int | None, meds: bool = False) -> list[DiaryEntry]:
    """One entry a day from `first`; None leaves that day unlogged."""
    return [
        entry(first + timedelta(days=i), pain, meds=meds)
        for i, pain in enumerate(scores)
        if pain is not None
    ]


def session(day: date, stopped: bool = True, name: str = "cat-cow") -> Session:
    return Session(
        id=next(_ids),
        episode_id=1,
        kind="routine",
        name=name,
        started_at=datetime(day.year, day.month, day.day, 18, tzinfo=UTC),
        day=day,
        stopped_for_pain=stopped,
    )


def warnings_of(
    entries: Sequence[DiaryEntry] = (),
    today: date | None = None,
    ep: Episode | None = None,
    symptoms: Sequence[Symptom] = (),
    sessions: Sequence[Session] = (),
) -> dict[str, SafetyWarning]:
    ep = ep or episode()
    if today is None:
        today = max(e.day for e in entries)
    result = evaluate(ep, list(entries), list(symptoms), list(sessions), today, FLAGS)
    kinds = [w.kind for w in result]
    assert len(kinds) == len(set(kinds)), kinds
    return {w.kind: w for w in result}


# --- day scores ----------------------------------------------------------------------


def test_daily_scores_keep_the_highest_pain_of_each_day() -> None:
    monday, tuesday = d("2026-11-23"), d("2026-11-24")
    entries = [entry(monday, 3, hour=8), entry(monday, 6, hour=12), entry(monday, 2, hour=20)]
    entries.append(entry(tuesday, 0))
    assert daily_scores(entries) == {monday: 6, tuesday: 0}


def test_daily_scores_of_nothing_is_empty() -> None:
    assert daily_scores([]) == {}
    assert daily_scores(iter([])) == {}


def test_daily_scores_accept_any_iterable() -> None:
    monday = d("2026-11-23")
    assert daily_scores(e for e in [entry(monday, 4), entry(monday, 5)]) == {monday: 5}


# --- severe --------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "raised"), [(7, False), (8, True), (9, True), (10, True)])
def test_severe_from_a_latest_score_of_8(score: int, raised: bool) -> None:
    today = d("2026-11-24")
    found = warnings_of([entry(today, score)], today)
    assert ("severe" in found) is raised
    if raised:
        warning = found["severe"]
        assert warning.level == "caution"
        assert warning.since == today
        assert warning.message == (
            "Severe pain: see a doctor promptly. Rest rather than stretch today."
        )
        assert warning.reasons == (f"pain {score} on Tue 24 Nov (8 or more is severe pain)",)


def test_severe_uses_the_highest_entry_of_the_latest_day() -> None:
    today = d("2026-11-24")
    entries = [entry(today, 3, hour=7), entry(today, 8, hour=12), entry(today, 2, hour=21)]
    assert "severe" in warnings_of(entries, today)


def test_severe_looks_at_the_latest_day_only() -> None:
    entries = series(d("2026-11-22"), 9, 3)
    assert "severe" not in warnings_of(entries, d("2026-11-23"))


def test_entries_after_today_are_ignored() -> None:
    today = d("2026-11-24")
    entries = [entry(today, 2), entry(today + timedelta(days=1), 9, meds=True)]
    assert warnings_of(entries, today) == {}
    # the same data, seen from the later day
    assert "severe" in warnings_of(entries, today + timedelta(days=1))


def test_only_entries_after_today_means_no_score_warnings() -> None:
    today = d("2026-11-24")
    assert warnings_of([entry(today + timedelta(days=1), 10)], today) == {}


# --- worsening -----------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after", "raised"), [(3, 4, False), (3, 5, True), (3, 6, True)])
def test_worsening_from_a_rise_of_2(before: int, after: int, raised: bool) -> None:
    found = warnings_of(series(d("2026-11-23"), before, after))
    assert ("worsening" in found) is raised
    if raised:
        warning = found["worsening"]
        assert warning.level == "caution"
        assert warning.since == d("2026-11-24")
        assert warning.reasons == (f"pain rose from 3 on Mon 23 Nov to {after} on Tue 24 Nov",)
        assert warning.message == (
            f"Your pain is getting worse: {after}, up from 3 on Mon 23 Nov. "
            "Go easy today. If it keeps rising, see a doctor."
        )


@pytest.mark.parametrize(("days_back", "raised"), [(1, True), (2, True), (3, True), (4, False)])
def test_worsening_compares_with_the_three_calendar_days_before(
    days_back: int, raised: bool
) -> None:
    latest = d("2026-11-24")
    entries = [entry(latest - timedelta(days=days_back), 3), entry(latest, 5)]
    assert ("worsening" in warnings_of(entries, latest)) is raised


def test_worsening_across_a_missing_day() -> None:
    # Sun 22 logged low, Mon 23 not logged, Tue 24 two points higher.
    found = warnings_of(series(d("2026-11-22"), 2, None, 4))
    assert found["worsening"].reasons == ("pain rose from 2 on Sun 22 Nov to 4 on Tue 24 Nov",)


def test_worsening_needs_only_some_day_of_the_three_to_be_2_lower() -> None:
    # Two of the three days are as high as the latest; one is 2 lower.
    found = warnings_of(series(d("2026-11-21"), 3, 5, 6, 5))
    assert found["worsening"].reasons == ("pain rose from 3 on Sat 21 Nov to 5 on Tue 24 Nov",)


def test_worsening_names_the_day_with_the_largest_rise() -> None:
    found = warnings_of(series(d("2026-11-21"), 2, 4, 3, 7))
    assert found["worsening"].reasons == ("pain rose from 2 on Sat 21 Nov to 7 on Tue 24 Nov",)


def test_worsening_on_a_tie_names_the_most_recent_day() -> None:
    found = warnings_of(series(d("2026-11-21"), 2, 5, 2, 6))
    assert found["worsening"].reasons == ("pain rose from 2 on Mon 23 Nov to 6 on Tue 24 Nov",)


def test_no_worsening_when_the_three_days_before_are_not_2_lower() -> None:
    assert "worsening" not in warnings_of(series(d("2026-11-21"), 4, 5, 4, 5))
    # a low day four days back does not count
    assert "worsening" not in warnings_of(series(d("2026-11-20"), 0, None, None, None, 5))


def test_worsening_from_three_strictly_rising_days() -> None:
    found = warnings_of(series(d("2026-11-22"), 3, 4, 5))
    assert found["worsening"].reasons == (
        "pain rose from 3 on Sun 22 Nov to 5 on Tue 24 Nov",
        "pain rose three days running: 3 on Sun 22 Nov, 4 on Mon 23 Nov, 5 on Tue 24 Nov",
    )


@pytest.mark.parametrize("scores", [(3, 4, 4), (4, 4, 5), (3, 3, 3), (5, 4, 3), (4, 5, 4)])
def test_no_worsening_without_a_strict_rise(scores: tuple[int, int, int]) -> None:
    assert "worsening" not in warnings_of(series(d("2026-11-22"), *scores))


def test_rising_days_must_all_be_logged() -> None:
    # 4 on Sun, nothing Mon, 5 Tue: a rise of 1, and no three-day run.
    assert "worsening" not in warnings_of(series(d("2026-11-22"), 4, None, 5))


def test_worsening_across_a_month_end() -> None:
    found = warnings_of(series(d("2026-11-29"), None, 3, 5))
    assert found["worsening"].since == d("2026-12-01")
    assert found["worsening"].reasons == ("pain rose from 3 on Mon 30 Nov to 5 on Tue 1 Dec",)


def test_worsening_across_a_year_end() -> None:
    ep = episode(onset=d("2026-12-28"))
    # 30 Dec logged, 31 Dec missing, 1 Jan two points up.
    found = warnings_of(series(d("2026-12-30"), 2, None, 4), ep=ep)
    assert found["worsening"].since == d("2027-01-01")
    assert found["worsening"].reasons == ("pain rose from 2 on Wed 30 Dec to 4 on Fri 1 Jan",)
    found = warnings_of(series(d("2026-12-30"), 2, 3, 4), ep=ep)
    assert len(found["worsening"].reasons) == 2


def test_worsening_holds_while_the_latest_day_stays_the_latest() -> None:
    # The table does not ask the latest day to be recent for this rule.
    found = warnings_of(series(d("2026-11-23"), 3, 5), today=d("2026-11-30"))
    assert found["worsening"].since == d("2026-11-24")


def test_a_lower_entry_later_the_same_day_does_not_hide_worsening() -> None:
    monday, tuesday = d("2026-11-23"), d("2026-11-24")
    entries = [entry(monday, 3), entry(tuesday, 6, hour=9), entry(tuesday, 2, hour=20)]
    assert "worsening" in warnings_of(entries, tuesday)


def test_a_higher_entry_earlier_the_same_day_cancels_a_rise() -> None:
    monday, tuesday = d("2026-11-23"), d("2026-11-24")
    entries = [entry(monday, 3, hour=8), entry(monday, 5, hour=20), entry(tuesday, 5)]
    assert "worsening" not in warnings_of(entries, tuesday)


# --- persistent ----------------------------------------------------------------------


def persistent(onset: date, today: date, *scores: int | None) -> SafetyWarning | None:
    """The persistent warning for entries from onset on, one a day."""
    return warnings_of(series(onset, *scores), today, ep=episode(onset)).get("persistent")


@pytest.mark.parametrize(("age", "raised"), [(20, False), (21, True), (22, True)])
def test_persistent_from_day_21_whatever_the_share(age: int, raised: bool) -> None:
    # highest 10, latest 3: far below 70%, so only the day-21 rule can raise it.
    onset = d("2026-11-16")
    today = onset + timedelta(days=age)
    scores = [10] + [None] * (age - 1) + [3]
    assert (persistent(onset, today, *scores) is not None) is raised


@pytest.mark.parametrize(("age", "raised"), [(3, False), (4, True), (5, True)])
def test_persistent_from_day_4_when_above_70_percent(age: int, raised: bool) -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=age)
    scores = [10] + [None] * (age - 1) + [8]
    assert (persistent(onset, today, *scores) is not None) is raised


@pytest.mark.parametrize(
    ("highest", "latest", "raised"),
    [(10, 7, False), (10, 8, True), (5, 3, False), (5, 4, True), (4, 3, True), (3, 3, True)],
)
def test_persistent_70_percent_boundary(highest: int, latest: int, raised: bool) -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=5)
    assert (persistent(onset, today, highest, None, None, None, None, latest) is not None) is raised


@pytest.mark.parametrize(("age", "latest", "raised"), [(10, 7, False), (10, 6, False)])
def test_persistent_at_or_below_70_percent_between_day_4_and_21(
    age: int, latest: int, raised: bool
) -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=age)
    scores = [10] + [None] * (age - 1) + [latest]
    assert (persistent(onset, today, *scores) is not None) is raised


def test_pain_falling_steadily_from_8_to_4_over_ten_days_is_not_persistent() -> None:
    # The example: 8, 8, 7, 7, 6, 6, 5, 5, 5, 4, 4 from day 0 to day 10.
    onset = d("2026-11-16")
    scores = (8, 8, 7, 7, 6, 6, 5, 5, 5, 4, 4)
    for age in range(len(scores)):
        today = onset + timedelta(days=age)
        found = persistent(onset, today, *scores[: age + 1])
        # Above 70% of 8 means 6 or more: days 4 and 5 still count, from day 6 it settles.
        assert (found is not None) is (age in (4, 5)), age


@pytest.mark.parametrize(("score", "raised"), [(2, False), (3, True), (4, True)])
def test_persistent_needs_a_score_of_3(score: int, raised: bool) -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=21)
    assert (persistent(onset, today, *[None] * 21, score) is not None) is raised


@pytest.mark.parametrize(("score", "raised"), [(2, False), (3, True), (4, True)])
def test_persistent_needs_a_score_of_3_before_day_21(score: int, raised: bool) -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=4)
    # highest 3 or 4: the latest score equals it, above 70%.
    assert (persistent(onset, today, *[None] * 4, score) is not None) is raised


@pytest.mark.parametrize(("days_ago", "raised"), [(0, True), (1, True), (2, False), (5, False)])
def test_persistent_needs_a_recent_latest_day(days_ago: int, raised: bool) -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=10)
    latest = today - timedelta(days=days_ago)
    found = warnings_of([entry(onset, 6), entry(latest, 5)], today, ep=episode(onset))
    assert ("persistent" in found) is raised
    if raised:
        assert found["persistent"].since == latest


def test_persistent_message_and_reasons_on_day_21() -> None:
    onset = d("2026-11-16")
    today = d("2026-12-08")
    warning = persistent(onset, today, 8, *[None] * 20, 4, 4)
    assert warning is not None
    assert warning.level == "caution"
    assert warning.since == today
    assert warning.message == "Your pain is not settling. See a physiotherapist or GP."
    assert warning.reasons == (
        "pain 4 on day 22 (Tue 8 Dec); it started on Mon 16 Nov",
        "from day 21, pain of 3 or more counts: most back pain improves within a few weeks",
    )


def test_persistent_reasons_state_the_70_percent_rule_with_the_numbers() -> None:
    onset = d("2026-11-16")
    warning = persistent(onset, d("2026-11-22"), 8, None, None, None, None, 6, None)
    assert warning is not None
    assert warning.since == d("2026-11-21")
    assert warning.reasons == (
        "pain 6 on day 5 (Sat 21 Nov) is still above 70% of your worst, 8",
        "from day 4, less than a 30% improvement counts",
    )


def test_persistent_highest_ignores_entries_after_today() -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=5)
    entries = [entry(onset, 5), entry(today, 4), entry(today + timedelta(days=1), 10)]
    assert "persistent" in warnings_of(entries, today, ep=episode(onset))


def test_persistent_across_a_year_end() -> None:
    onset = d("2026-12-20")
    assert persistent(onset, d("2027-01-10"), *[None] * 21, 3) is not None  # age 21
    assert persistent(onset, d("2027-01-02"), 10, *[None] * 12, 7) is None  # age 13, 70%


def test_no_pain_warning_on_an_episode_marked_recovered() -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=22)
    entries = series(onset, 9, *[None] * 20, 6, 9)
    marked = episode(onset)._replace(recovered_on=today)
    assert {"severe", "persistent"} <= set(warnings_of(entries, today, ep=episode(onset)))
    assert warnings_of(entries, today, ep=marked) == {}


def test_a_day_of_3_or_more_after_the_mark_ends_the_recovery() -> None:
    onset = d("2026-11-16")
    mark = onset + timedelta(days=21)
    ep = episode(onset)._replace(recovered_on=mark)
    for later, raised in ((2, False), (3, True), (4, True)):
        entries = series(onset, 9, *[None] * 20, 6, later)
        found = warnings_of(entries, mark + timedelta(days=1), ep=ep)
        assert ("persistent" in found) is raised, later


def test_two_days_at_1_or_less_recover_the_episode_without_a_mark() -> None:
    onset = d("2026-11-16")
    today = onset + timedelta(days=22)
    entries = series(onset, 8, *[None] * 19, 1, 1, 2)
    assert warnings_of(entries, today, ep=episode(onset)) == {}


# --- medication ----------------------------------------------------------------------


@pytest.mark.parametrize(("days", "raised"), [(1, False), (2, False), (3, True), (4, True)])
def test_medication_from_3_consecutive_days(days: int, raised: bool) -> None:
    today = d("2026-11-25")
    first = today - timedelta(days=days - 1)
    entries = [entry(d("2026-11-16"), 4)] + series(first, *[3] * days, meds=True)
    found = warnings_of(entries, today)
    assert ("medication" in found) is raised
    if raised:
        warning = found["medication"]
        assert warning.level == "info"
        assert warning.since == first
        assert warning.message == (
            f"You have taken pain relief {days} days in a row. Follow the label. If you need "
            "pain relief for more than a few days, ask a pharmacist or doctor."
        )


def test_medication_reason() -> None:
    found = warnings_of(series(d("2026-11-23"), 3, 3, 3, meds=True))
    assert found["medication"].reasons == (
        "pain relief on 3 days in a row (Mon 23 Nov to Wed 25 Nov)",
    )


def test_a_day_without_pain_relief_breaks_the_run() -> None:
    entries = series(d("2026-11-21"), 3, 3, meds=True)
    entries += [entry(d("2026-11-23"), 3)]  # logged, no pain relief
    entries += series(d("2026-11-24"), 3, 3, meds=True)
    assert "medication" not in warnings_of(entries)


def test_an_unlogged_day_breaks_the_run() -> None:
    entries = series(d("2026-11-21"), 3, 3, None, 3, 3, meds=True)
    assert "medication" not in warnings_of(entries)


def test_the_run_must_end_on_the_latest_day() -> None:
    entries = series(d("2026-11-21"), 3, 3, 3, meds=True) + [entry(d("2026-11-24"), 2)]
    assert "medication" not in warnings_of(entries)


def test_one_entry_with_pain_relief_marks_the_day() -> None:
    entries = []
    for day in (d("2026-11-23"), d("2026-11-24"), d("2026-11-25")):
        entries += [entry(day, 4, hour=8), entry(day, 5, meds=True, hour=13), entry(day, 3)]
    assert warnings_of(entries)["medication"].since == d("2026-11-23")


def test_medication_across_a_month_end_and_a_year_end() -> None:
    found = warnings_of(series(d("2026-11-29"), 3, 3, 3, meds=True))
    assert found["medication"].reasons == (
        "pain relief on 3 days in a row (Sun 29 Nov to Tue 1 Dec)",
    )
    ep = episode(onset=d("2026-12-28"))
    found = warnings_of(series(d("2026-12-30"), 3, 3, 3, meds=True), ep=ep)
    assert found["medication"].since == d("2026-12-30")
    assert found["medication"].reasons == (
        "pain relief on 3 days in a row (Wed 30 Dec to Fri 1 Jan)",
    )


def test_pain_relief_after_today_is_ignored() -> None:
    today = d("2026-11-24")
    entries = series(d("2026-11-22"), 3, 3, meds=False) + series(today, 3, 3, meds=True)
    assert "medication" not in warnings_of(entries, today)


# --- stretch pain --------------------------------------------------------------------


@pytest.mark.parametrize(("days_ago", "raised"), [(-1, False), (0, True), (1, True), (2, False)])
def test_stretch_pain_today_or_yesterday(days_ago: int, raised: bool) -> None:
    today = d("2026-11-24")
    found = warnings_of([], today, sessions=[session(today - timedelta(days=days_ago))])
    assert ("stretch_pain" in found) is raised
    if raised:
        warning = found["stretch_pain"]
        assert warning.level == "caution"
        assert warning.since == today - timedelta(days=days_ago)
        assert warning.message == (
            'A stretch hurt: "cat-cow". Skip that stretch for now. '
            "If it keeps hurting, see a physiotherapist."
        )


def test_stretch_pain_needs_a_session_stopped_for_pain() -> None:
    today = d("2026-11-24")
    assert warnings_of([], today, sessions=[session(today, stopped=False)]) == {}


def test_stretch_pain_since_the_most_recent_stop_with_every_stop_as_a_reason() -> None:
    today = d("2026-11-24")
    sessions = [
        session(today, name="child's pose"),
        session(today - timedelta(days=1), name="cat-cow"),
        session(today - timedelta(days=3), name="torso twists"),
        session(today, stopped=False, name="torso twists"),
    ]
    warning = warnings_of([], today, sessions=sessions)["stretch_pain"]
    assert warning.since == today
    assert warning.reasons == (
        'you stopped "cat-cow" with "this hurts" on Mon 23 Nov',
        'you stopped "child\'s pose" with "this hurts" on Tue 24 Nov',
    )
    assert warning.message.startswith('A stretch hurt: "cat-cow", "child\'s pose".')


def test_stretch_pain_across_a_year_end() -> None:
    today = d("2027-01-01")
    ep = episode(onset=d("2026-12-28"))
    found = warnings_of([], today, ep=ep, sessions=[session(d("2026-12-31"))])
    assert found["stretch_pain"].since == d("2026-12-31")


# --- symptoms ------------------------------------------------------------------------


def test_the_symptom_keys_are_those_of_product_md() -> None:
    assert sorted(FLAGS) == sorted(EMERGENCY_KEYS + TODAY_KEYS + SOON_KEYS)
    assert {f.level for f in FLAGS.values()} == {"emergency", "today", "soon"}


@pytest.mark.parametrize("key", EMERGENCY_KEYS)
def test_emergency_key(key: str) -> None:
    flag = FLAGS[key]
    assert flag.level == "emergency"
    assert triage([key], FLAGS) == Triage(emergency=(flag,))
    today = d("2026-11-24")
    found = warnings_of([], today, symptoms=[Symptom(key, today)])
    assert list(found) == ["emergency"]
    assert found["emergency"].level == "urgent"
    assert found["emergency"].reasons == (flag.text,)
    assert routines_locked(episode(), [Symptom(key, today)], FLAGS)


@pytest.mark.parametrize("key", TODAY_KEYS)
def test_today_key(key: str) -> None:
    flag = FLAGS[key]
    assert flag.level == "today"
    assert triage([key], FLAGS) == Triage(today=(flag,))
    today = d("2026-11-24")
    found = warnings_of([], today, symptoms=[Symptom(key, today)])
    assert list(found) == ["see_doctor_today"]
    assert found["see_doctor_today"].level == "caution"
    assert found["see_doctor_today"].reasons == (flag.text,)
    assert "111 in the UK" in found["see_doctor_today"].message
    assert not routines_locked(episode(), [Symptom(key, today)], FLAGS)


@pytest.mark.parametrize("key", SOON_KEYS)
def test_soon_key(key: str) -> None:
    flag = FLAGS[key]
    assert flag.level == "soon"
    assert triage([key], FLAGS) == Triage(soon=(flag,))
    today = d("2026-11-24")
    found = warnings_of([], today, symptoms=[Symptom(key, today)])
    assert list(found) == ["see_doctor_soon"]
    assert found["see_doctor_soon"].level == "caution"
    assert found["see_doctor_soon"].reasons == (flag.text,)
    assert not routines_locked(episode(), [Symptom(key, today)], FLAGS)


def test_triage_keeps_file_order_and_drops_repeats() -> None:
    keys = ["bone_risk", "dark_urine", "fever", "saddle_numbness", "fever", "dark_urine"]
    result = triage(keys, FLAGS)
    assert [f.key for f in result.emergency] == ["saddle_numbness", "dark_urine"]
    assert [f.key for f in result.today] == ["fever"]
    assert [f.key for f in result.soon] == ["bone_risk"]


def test_triage_of_nothing() -> None:
    assert triage([], FLAGS) == Triage(emergency=(), today=(), soon=())


def test_triage_refuses_unknown_keys() -> None:
    with pytest.raises(ValueError, match="'numb_toes'"):
        triage(["fever", "numb_toes"], FLAGS)


def test_evaluate_refuses_unknown_symptom_keys() -> None:
    today = d("2026-11-24")
    with pytest.raises(ValueError):
        evaluate(episode(), [], [Symptom("numb_toes", today)], [], today, FLAGS)
    with pytest.raises(ValueError):
        routines_locked(episode(), [Symptom("numb_toes", today)], FLAGS)


def test_symptom_warnings_since_the_first_such_symptom_with_every_text() -> None:
    symptoms = [
        Symptom("chest_pain", d("2026-11-22")),
        Symptom("saddle_numbness", d("2026-11-20")),
        Symptom("chest_pain", d("2026-11-18")),
        Symptom("one_leg", d("2026-11-21")),
        Symptom("fever", d("2026-11-23")),
    ]
    found = warnings_of([], d("2026-11-24"), symptoms=symptoms)
    assert found["emergency"].since == d("2026-11-18")
    assert found["emergency"].reasons == (FLAGS["saddle_numbness"].text, FLAGS["chest_pain"].text)
    assert found["emergency"].message == (
        "Seek medical help now: call your local emergency number or go to an emergency "
        "department. Routines are locked until you confirm a clinician has cleared you."
    )
    assert found["see_doctor_soon"].since == d("2026-11-21")
    assert found["see_doctor_soon"].reasons == (FLAGS["one_leg"].text,)
    assert found["see_doctor_soon"].message == (
        "Book an appointment with your GP or family doctor in the next few days, and "
        "mention the symptoms you noticed."
    )
    assert found["see_doctor_today"].since == d("2026-11-23")
    assert found["see_doctor_today"].reasons == (FLAGS["fever"].text,)
    assert found["see_doctor_today"].message == (
        "Get medical advice today: ask your GP or family doctor for an urgent appointment, "
        "or call your local urgent-care line (111 in the UK). Tell them which symptoms you have."
    )


def test_symptoms_after_today_are_ignored() -> None:
    today = d("2026-11-24")
    later = today + timedelta(days=1)
    symptoms = [Symptom("chest_pain", later), Symptom("fever", later)]
    assert warnings_of([], today, symptoms=symptoms) == {}


# --- clearance -----------------------------------------------------------------------


def test_clearance_covers_the_emergency_reports_made_before_it() -> None:
    symptoms = [
        Symptom("chest_pain", d("2026-11-20"), seq=1),
        Symptom("both_legs", d("2026-11-21"), seq=2),
    ]
    ep = episode(cleared_on=d("2026-11-21"), cleared_through=2)
    assert "emergency" not in warnings_of([], d("2026-11-24"), ep=ep, symptoms=symptoms)
    assert not routines_locked(ep, symptoms, FLAGS)


def test_a_report_made_after_the_clearance_is_not_covered_whatever_its_day() -> None:
    # Dated the day before the clearance, but reported after it.
    symptoms = [Symptom("chest_pain", d("2026-11-19"), seq=5)]
    ep = episode(cleared_on=d("2026-11-20"), cleared_through=4)
    assert "emergency" in warnings_of([], d("2026-11-24"), ep=ep, symptoms=symptoms)
    assert routines_locked(ep, symptoms, FLAGS)


def test_an_emergency_symptom_after_clearance_raises_and_locks_again() -> None:
    symptoms = [
        Symptom("chest_pain", d("2026-11-19"), seq=1),
        Symptom("dark_urine", d("2026-11-20"), seq=2),
        Symptom("both_legs", d("2026-11-22"), seq=3),
        Symptom("both_legs", d("2026-11-23"), seq=4),
    ]
    ep = episode(cleared_on=d("2026-11-20"), cleared_through=2)
    warning = warnings_of([], d("2026-11-24"), ep=ep, symptoms=symptoms)["emergency"]
    assert warning.since == d("2026-11-22")
    assert warning.reasons == (FLAGS["both_legs"].text,)
    assert routines_locked(ep, symptoms, FLAGS)


def test_clearance_leaves_today_and_soon_symptoms_alone() -> None:
    symptoms = [
        Symptom("chest_pain", d("2026-11-20"), seq=1),
        Symptom("fever", d("2026-11-20"), seq=2),
        Symptom("one_leg", d("2026-11-20"), seq=3),
    ]
    ep = episode(cleared_on=d("2026-11-21"), cleared_through=3)
    found = warnings_of([], d("2026-11-24"), ep=ep, symptoms=symptoms)
    assert list(found) == ["see_doctor_today", "see_doctor_soon"]
    assert found["see_doctor_soon"].since == d("2026-11-20")


# --- routines_locked -----------------------------------------------------------------


def test_routines_locked() -> None:
    today = d("2026-11-24")
    assert not routines_locked(None, [Symptom("chest_pain", today)], FLAGS)
    assert not routines_locked(episode(), [], FLAGS)
    assert not routines_locked(episode(), [Symptom("fever", today)], FLAGS)
    assert routines_locked(episode(), [Symptom("fever", today), Symptom("both_legs", today)], FLAGS)


# --- the whole list ------------------------------------------------------------------


def test_no_episode_no_warnings() -> None:
    today = d("2026-11-24")
    result = evaluate(
        None, [entry(today, 10)], [Symptom("chest_pain", today)], [session(today)], today, FLAGS
    )
    assert result == []


def test_nothing_logged_nothing_raised() -> None:
    assert evaluate(episode(), [], [], [], d("2026-11-24"), FLAGS) == []


def test_every_kind_at_once_in_level_then_table_order() -> None:
    onset = d("2026-11-16")
    today = d("2026-11-25")
    entries = series(d("2026-11-23"), 3, 4, meds=True) + [entry(today, 9, meds=True)]
    symptoms = [
        Symptom("fever", d("2026-11-20")),
        Symptom("one_leg", d("2026-11-20")),
        Symptom("chest_pain", today),
    ]
    result = evaluate(episode(onset), entries, symptoms, [session(today)], today, FLAGS)
    assert [w.kind for w in result] == [
        "emergency",
        "see_doctor_today",
        "see_doctor_soon",
        "severe",
        "worsening",
        "persistent",
        "stretch_pain",
        "medication",
    ]
    assert [w.level for w in result] == ["urgent"] + ["caution"] * 6 + ["info"]
    assert all(w.level == KINDS[w.kind] for w in result)
    assert [w.since for w in result] == [
        today,
        d("2026-11-20"),
        d("2026-11-20"),
        today,
        today,
        today,
        today,
        d("2026-11-23"),
    ]
    for warning in result:
        assert warning.message and warning.reasons
        assert all(isinstance(reason, str) and reason for reason in warning.reasons)


def test_kinds_are_those_of_product_md() -> None:
    assert KINDS == {
        "emergency": "urgent",
        "see_doctor_today": "caution",
        "see_doctor_soon": "caution",
        "severe": "caution",
        "worsening": "caution",
        "persistent": "caution",
        "not_improving": "caution",
        "medication": "info",
        "stretch_pain": "caution",
    }


def test_evaluate_accepts_tuples_and_does_not_change_its_inputs() -> None:
    today = d("2026-11-24")
    entries = tuple(series(d("2026-11-22"), 3, 4, 5, meds=True))
    symptoms = (Symptom("fever", today),)
    sessions = (session(today),)
    first = evaluate(episode(), entries, symptoms, sessions, today, FLAGS)
    assert first == evaluate(episode(), list(entries), list(symptoms), list(sessions), today, FLAGS)
    assert [w.kind for w in first] == [
        "see_doctor_today",
        "worsening",
        "persistent",
        "stretch_pain",
        "medication",
    ]


# --- local days and daylight saving --------------------------------------------------

LONDON = ZoneInfo("Europe/London")


def london_entry(local: datetime, pain: int, meds: bool = False) -> DiaryEntry:
    """Stored as UTC, with `day` the London calendar day, as the store does."""
    return DiaryEntry(
        id=next(_ids),
        episode_id=1,
        logged_at=local.astimezone(UTC),
        day=local.date(),
        pain=pain,
        meds=meds,
    )


def test_days_are_local_days_across_the_october_clock_change() -> None:
    # Clocks go back at 02:00 BST on Sun 25 Oct 2026: that day has 25 hours.
    entries = [
        london_entry(datetime(2026, 10, 24, 22, 30, tzinfo=LONDON), 2, meds=True),
        london_entry(datetime(2026, 10, 25, 0, 30, tzinfo=LONDON), 5, meds=True),  # BST
        london_entry(datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON), 3),  # GMT
        london_entry(datetime(2026, 10, 25, 23, 30, tzinfo=LONDON), 4),
        london_entry(datetime(2026, 10, 26, 0, 15, tzinfo=LONDON), 5, meds=True),
    ]
    # The 00:30 BST entry is still 24 Oct in UTC: grouping by UTC would be wrong.
    assert entries[1].logged_at.date() == date(2026, 10, 24)
    assert entries[2].logged_at.hour == 1 and entries[1].logged_at.hour == 23
    scores = daily_scores(entries)
    assert scores == {date(2026, 10, 24): 2, date(2026, 10, 25): 5, date(2026, 10, 26): 5}

    ep = episode(onset=date(2026, 10, 23))
    found = warnings_of(entries[:4], date(2026, 10, 25), ep=ep)
    assert found["worsening"].reasons == ("pain rose from 2 on Sat 24 Oct to 5 on Sun 25 Oct",)
    found = warnings_of(entries, date(2026, 10, 26), ep=ep)
    assert found["medication"].since == date(2026, 10, 24)
    assert found["medication"].reasons == (
        "pain relief on 3 days in a row (Sat 24 Oct to Mon 26 Oct)",
    )


def test_days_are_local_days_across_the_march_clock_change() -> None:
    # Clocks go forward at 01:00 GMT on Sun 29 Mar 2026: that day has 23 hours.
    entries = [
        london_entry(datetime(2026, 3, 28, 12, 0, tzinfo=LONDON), 3),
        london_entry(datetime(2026, 3, 29, 0, 30, tzinfo=LONDON), 4),
        london_entry(datetime(2026, 3, 29, 23, 30, tzinfo=LONDON), 5),  # 22:30 UTC
        london_entry(datetime(2026, 3, 30, 0, 30, tzinfo=LONDON), 4),  # 23:30 UTC on 29th
    ]
    assert entries[3].logged_at.date() == date(2026, 3, 29)
    ep = episode(onset=date(2026, 3, 27))
    found = warnings_of(entries, date(2026, 3, 30), ep=ep)
    # 3, 5, 4: no rise into the latest day.
    assert "worsening" not in found
    assert daily_scores(entries)[date(2026, 3, 30)] == 4


# --- a long history ------------------------------------------------------------------


def test_ten_years_of_daily_entries() -> None:
    # Correctness only: speed is kept linear by design and measured outside the tests.
    onset = d("2016-11-26")
    today = d("2026-11-25")
    entries = []
    day = onset
    while day <= today:
        entries.append(entry(day, 2, meds=True, hour=8))
        if day.day % 3 == 0:
            entries.append(entry(day, 4, meds=True, hour=20))
        day += timedelta(days=1)
    assert len(entries) > 3650
    found = warnings_of(entries, today, ep=episode(onset))
    assert set(found) == {"medication"}
    assert found["medication"].since == onset
    assert found["medication"].reasons == (
        "pain relief on 3652 days in a row (Sat 26 Nov 2016 to Wed 25 Nov 2026)",
    )
    # The day before: 4 after 2, on day 3650 of the episode.
    found = warnings_of(entries, today - timedelta(days=1), ep=episode(onset))
    assert set(found) == {"worsening", "persistent", "medication"}
    assert found["persistent"].reasons == (
        "pain 4 on day 3650 (Tue 24 Nov); it started on Sat 26 Nov 2016",
        "from day 21, pain of 3 or more counts: most back pain improves within a few weeks",
    )
