"""The daily plan, rule by rule: each phase boundary, the recovered rule, warnings,
the next action, streaks, the tip of the day and the content of content/plan.toml.

Every test injects `today`; nothing reads the clock."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.content import ContentError
from coach.model import DiaryEntry, Episode, SafetyWarning, Session
from coach.paths import CONTENT_DIR
from coach.plan import (
    Advice,
    Plan,
    make_plan,
    parse_plan,
    plan_content,
    recovered_on,
    streak,
    tip_of_the_day,
)

CONTENT = plan_content()
ONSET = date(2026, 11, 22)  # a Sunday
_ids = itertools.count(1)


def day(n: int) -> date:
    """Day n of the episode (0 is the onset)."""
    return ONSET + timedelta(days=n)


def episode(recovered: date | None = None) -> Episode:
    return Episode(
        id=1,
        onset=ONSET,
        activity="deadlifting",
        area="lower",
        side="both",
        started_at=datetime(ONSET.year, ONSET.month, ONSET.day, 9, tzinfo=UTC),
        recovered_on=recovered,
    )


def entry(on: date, pain: int, hour: int = 12) -> DiaryEntry:
    return DiaryEntry(
        id=next(_ids),
        episode_id=1,
        logged_at=datetime(on.year, on.month, on.day, hour, tzinfo=UTC),
        day=on,
        pain=pain,
    )


def session(on: date, kind: str = "routine") -> Session:
    return Session(
        id=next(_ids),
        episode_id=1,
        kind=kind,
        name="gentle" if kind == "routine" else f"{kind} 15 min",
        started_at=datetime(on.year, on.month, on.day, 18, tzinfo=UTC),
        day=on,
        seconds_done=60,
    )


def warning(kind: str, level: str = "caution", since: date = ONSET) -> SafetyWarning:
    return SafetyWarning(kind=kind, level=level, message=f"{kind} message", since=since)  # type: ignore[arg-type]


def plan(
    today: date,
    entries: Sequence[DiaryEntry] = (),
    sessions: Sequence[Session] = (),
    warnings: Sequence[SafetyWarning] = (),
    *,
    locked: bool = False,
    ep: Episode | None = None,
    no_episode: bool = False,
) -> Plan:
    return make_plan(
        episode=None if no_episode else (ep or episode()),
        entries=list(entries),
        sessions=list(sessions),
        warnings=list(warnings),
        locked=locked,
        today=today,
        content=CONTENT,
    )


def phase_of(result: Plan) -> str:
    assert result.phase is not None
    return result.phase.id


# --- phases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "phase"), [(0, "ease"), (1, "ease"), (2, "move"), (3, "move"), (10, "move")]
)
def test_phase_by_day_of_the_episode(age: int, phase: str) -> None:
    result = plan(day(age), [entry(ONSET, 6)])
    assert phase_of(result) == phase
    assert result.day == age
    assert result.onset == ONSET
    assert not result.recovered


def test_each_phase_has_its_own_title_and_advice() -> None:
    ease, move = plan(day(0), [entry(day(0), 6)]), plan(day(2), [entry(day(2), 5)])
    assert ease.phase is not None and move.phase is not None
    assert ease.phase.title != move.phase.title
    assert any("cold pack" in a.text and "first two days" in a.text for a in ease.phase.advice)
    assert any("Heat" in a.text for a in move.phase.advice)
    assert any("gentle routine" in a.text for a in move.phase.advice)
    assert ease.everyday == CONTENT.everyday


# --- the recovered rule ------------------------------------------------------------


def test_pain_at_most_1_on_two_consecutive_logged_days_is_recovered() -> None:
    entries = [entry(day(0), 6), entry(day(3), 1), entry(day(4), 0)]
    result = plan(day(4), entries)
    assert phase_of(result) == "prevent"
    assert result.recovered
    assert recovered_on(episode(), entries, day(4)) == day(4)


def test_recovered_stays_recovered_on_later_days() -> None:
    entries = [entry(day(0), 6), entry(day(3), 1), entry(day(4), 1)]
    assert phase_of(plan(day(6), entries)) == "prevent"


def test_the_first_low_day_alone_is_not_recovered() -> None:
    entries = [entry(day(0), 6), entry(day(3), 1), entry(day(4), 0)]
    # As of day 3 only one low day is known (the day-4 entry is in its future).
    assert recovered_on(episode(), entries, day(3)) is None
    assert phase_of(plan(day(3), entries)) == "move"


def test_low_pain_on_two_non_consecutive_days_is_not_recovered() -> None:
    entries = [entry(day(0), 6), entry(day(2), 1), entry(day(4), 1)]  # day 3 not logged
    assert recovered_on(episode(), entries, day(4)) is None
    assert phase_of(plan(day(4), entries)) == "move"


def test_2_then_1_is_not_recovered() -> None:
    entries = [entry(day(0), 6), entry(day(3), 2), entry(day(4), 1)]
    assert recovered_on(episode(), entries, day(4)) is None
    assert phase_of(plan(day(4), entries)) == "move"


def test_several_entries_a_day_use_the_days_highest() -> None:
    # Day 4 has a 0 in the morning but a 3 in the evening: its score is 3.
    entries = [entry(day(0), 6), entry(day(3), 1), entry(day(4), 0, 8), entry(day(4), 3, 20)]
    assert recovered_on(episode(), entries, day(4)) is None
    assert phase_of(plan(day(4), entries)) == "move"
    # Both entries low: recovered.
    low = [entry(day(0), 6), entry(day(3), 1), entry(day(4), 0, 8), entry(day(4), 1, 20)]
    assert recovered_on(episode(), low, day(4)) == day(4)


def test_marked_recovered_is_prevention_whatever_the_pain() -> None:
    ep = episode(recovered=day(3))
    entries = [entry(day(0), 6), entry(day(3), 4)]
    result = plan(day(3), entries, ep=ep)
    assert phase_of(result) == "prevent" and result.recovered
    assert recovered_on(ep, entries, day(3)) == day(3)


@pytest.mark.parametrize(("later", "recovered"), [(2, True), (3, False), (4, False)])
def test_a_later_day_of_3_or_more_ends_a_recovery(later: int, recovered: bool) -> None:
    low = [entry(day(0), 6), entry(day(4), 1), entry(day(5), 0), entry(day(6), later)]
    assert (recovered_on(episode(), low, day(6)) is not None) is recovered
    marked = [entry(day(0), 6), entry(day(3), 5), entry(day(4), later)]
    assert (recovered_on(episode(recovered=day(3)), marked, day(4)) is not None) is recovered


def test_marked_recovered_in_the_future_of_today_does_not_count_yet() -> None:
    ep = episode(recovered=day(5))
    entries = [entry(day(0), 6)]
    assert recovered_on(ep, entries, day(3)) is None
    assert phase_of(plan(day(3), entries, ep=ep)) == "move"


def test_recovered_within_the_first_two_days_is_prevention() -> None:
    entries = [entry(day(0), 1), entry(day(1), 0)]
    assert phase_of(plan(day(1), entries)) == "prevent"


# --- warnings ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["severe", "stretch_pain"])
def test_an_open_severe_or_stretch_pain_warning_means_rest_first(kind: str) -> None:
    entries = [entry(day(0), 6), entry(day(3), 8)]
    result = plan(day(3), entries, warnings=[warning(kind, since=day(3))])
    assert result.rest_first
    assert "Rest rather than stretch" in result.next_action.text
    assert result.next_action.key != "r"  # the routine is not suggested


def test_other_warnings_do_not_mean_rest_first() -> None:
    entries = [entry(day(0), 6), entry(day(3), 5)]
    result = plan(day(3), entries, warnings=[warning("worsening"), warning("medication", "info")])
    assert not result.rest_first
    assert result.next_action.key == "r"


def test_locked_routines_put_medical_help_first() -> None:
    entries = [entry(day(0), 6)]
    result = plan(day(3), entries, warnings=[warning("emergency", "urgent")], locked=True)
    assert result.locked
    # No key here: the urgent warning right above already says "press c" once cleared.
    assert result.next_action.key is None
    assert "medical help" in result.next_action.text.lower()
    # Even before today's entry: getting help comes before logging.
    first = plan(day(0), [], locked=True).next_action
    assert "medical help" in first.text.lower() and first.key is None


# --- the next action ---------------------------------------------------------------


def test_next_action_is_logging_first_when_nothing_is_logged_today() -> None:
    for age in (0, 1, 3):
        result = plan(day(age), [entry(ONSET, 6)] if age else [])
        assert result.next_action.key == "l", age
        assert "Log" in result.next_action.text


@pytest.mark.parametrize("age", [0, 1])
def test_next_action_is_cold_on_days_0_and_1(age: int) -> None:
    result = plan(day(age), [entry(day(age), 6)])
    assert result.next_action.key == "i"
    assert "cold" in result.next_action.text.lower()


def test_on_days_0_and_1_after_cold_it_is_done_for_today() -> None:
    result = plan(day(1), [entry(day(1), 6)], [session(day(1), "ice")])
    assert result.next_action.key is None
    assert "today done" in result.next_action.text


def test_from_day_2_the_gentle_routine_then_heat() -> None:
    entries = [entry(day(0), 6), entry(day(2), 5)]
    first = plan(day(2), entries)
    assert first.next_action.key == "r" and "gentle routine" in first.next_action.text
    second = plan(day(2), entries, [session(day(2))])
    assert second.next_action.key == "i" and "Heat" in second.next_action.text
    done = plan(day(2), entries, [session(day(2)), session(day(2), "heat")])
    assert done.next_action.key is None


def test_sessions_of_other_days_do_not_count_for_today() -> None:
    entries = [entry(day(0), 6), entry(day(3), 5)]
    result = plan(day(3), entries, [session(day(2)), session(day(2), "heat")])
    assert result.next_action.key == "r"


def test_prevention_suggests_a_warm_up_or_core_session() -> None:
    entries = [entry(day(0), 6), entry(day(4), 1), entry(day(5), 1)]
    result = plan(day(5), entries)
    assert result.next_action.key == "r"
    assert "Warm up" in result.next_action.text
    done = plan(day(5), entries, [session(day(5))])
    assert done.next_action.key is None


def test_without_an_episode_the_next_action_is_key_n() -> None:
    result = plan(date(2026, 11, 25), no_episode=True)
    assert result.next_action.key == "n"
    assert result.phase is None and result.day is None and result.onset is None
    assert not result.recovered and not result.locked
    assert result.tip in CONTENT.tips


# --- streaks -----------------------------------------------------------------------


def test_streak_counts_back_from_today_when_today_is_done() -> None:
    today = date(2026, 11, 25)
    days = {today - timedelta(days=n) for n in range(4)}
    assert streak(days, today) == 4


def test_streak_counts_back_from_yesterday_when_today_is_not_done_yet() -> None:
    today = date(2026, 11, 25)
    days = {today - timedelta(days=n) for n in (1, 2)}
    assert streak(days, today) == 2
    assert streak({today - timedelta(days=1)}, today) == 1


def test_a_gap_ends_the_streak() -> None:
    today = date(2026, 11, 25)
    assert streak({today, today - timedelta(days=2), today - timedelta(days=3)}, today) == 1
    assert streak({today - timedelta(days=2)}, today) == 0
    assert streak(set(), today) == 0


@given(
    offsets=st.sets(st.integers(min_value=-5, max_value=60), max_size=40),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_streak_is_the_run_of_logged_days_back_from_today_or_yesterday(
    offsets: set[int], today: date
) -> None:
    """Counted on day numbers, it gives what walking back one date at a time gives
    (days after today, as with --today in the past, are ignored)."""
    days = {today - timedelta(days=n) for n in offsets}
    day = today if today in days else today - timedelta(days=1)
    walked = 0
    while day in days:
        walked += 1
        day -= timedelta(days=1)
    assert streak(days, today) == walked
    assert streak(sorted(days), today) == walked  # any collection of days


# --- tip of the day ----------------------------------------------------------------


def test_the_tip_is_the_same_all_day() -> None:
    today = date(2026, 11, 25)
    assert tip_of_the_day(today, CONTENT) == tip_of_the_day(today, CONTENT)
    entries = [entry(day(0), 6), entry(day(3), 4)]
    assert plan(today, entries).tip == plan(today, []).tip == tip_of_the_day(today, CONTENT)


def test_the_tip_changes_from_day_to_day() -> None:
    first = date(2026, 11, 25)
    week = [tip_of_the_day(first + timedelta(days=n), CONTENT) for n in range(len(CONTENT.tips))]
    assert all(a != b for a, b in itertools.pairwise(week))
    assert set(week) == set(CONTENT.tips)  # every tip gets its day


# --- content -----------------------------------------------------------------------

BANNED = [
    r"toxins?",
    r"detox\w*",
    r"flush\w*",
    r"cure[sd]?",
    r"miracle",
    r"supplements?",
    r"buy",
    r"discount",
    r"promo\w*",
    r"brand",
    # A drug or a dose is never recommended (PRODUCT.md, "Advice content").
    r"ibuprofen",
    r"paracetamol",
    r"acetaminophen",
    r"naproxen",
    r"aspirin",
    r"diclofenac",
    r"codeine",
    r"\d+\s*mg",
    # Brand-like names of pain-relief and heat/cold products.
    r"advil",
    r"nurofen",
    r"tylenol",
    r"aleve",
    r"voltaren",
    r"motrin",
    r"deep heat",
    r"tiger balm",
    r"biofreeze",
    r"thermacare",
    r"salonpas",
]
# "Stretches are for comfort and mobility, not a cure" (PRODUCT.md) is honest, not a claim.
ALLOWED = [r"not a cure"]


def all_advice() -> list[tuple[str, Advice]]:
    items = [(f"phase.{p.id}", a) for p in CONTENT.phases.values() for a in p.advice]
    items += [("everyday", a) for a in CONTENT.everyday]
    items += [("tip", a) for a in CONTENT.tips]
    return items


def banned_words(text: str) -> list[str]:
    lowered = text.lower()
    for allowed in ALLOWED:
        lowered = re.sub(allowed, " ", lowered)
    found = [pattern for pattern in BANNED if re.search(rf"\b{pattern}\b", lowered)]
    found += [mark for mark in ("®", "™", "©") if mark in text]
    return found


def test_there_is_advice_for_every_phase_and_tips() -> None:
    assert set(CONTENT.phases) == {"ease", "move", "prevent"}
    assert all(p.advice for p in CONTENT.phases.values())
    assert len(CONTENT.tips) >= 2 and CONTENT.everyday


def test_every_advice_item_names_its_source() -> None:
    for where, item in all_advice():
        assert item.text.strip(), where
        assert len(item.source.strip()) >= 3, f"{where}: {item.text!r} has no source"


def test_no_advice_promotes_a_product_or_a_cure() -> None:
    problems = {}
    for where, item in all_advice():
        for text in (item.text, item.source):
            if found := banned_words(text):
                problems[f"{where}: {text}"] = found
    for phase in CONTENT.phases.values():
        for text in (phase.title, phase.summary):
            if found := banned_words(text):
                problems[f"phase.{phase.id}: {text}"] = found
    assert problems == {}


def test_the_banned_word_check_catches_what_it_should() -> None:
    assert banned_words("Flushes toxins out") == ["toxins?", "flush\\w*"]
    assert banned_words("A cure for back pain") == ["cure[sd]?"]
    assert banned_words("Stretching is not a cure.") == []
    assert banned_words("Try SuperGel™") == ["™"]
    assert banned_words("Take 400 mg of ibuprofen") == ["ibuprofen", "\\d+\\s*mg"]


def test_the_whole_plan_file_has_no_banned_words() -> None:
    text = (CONTENT_DIR / "plan.toml").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert banned_words(body) == []


# --- a broken plan.toml ------------------------------------------------------------

GOOD_PHASE = """
[[phase]]
id = "{id}"
title = "Title {id}"
summary = "Summary {id}"
  [[phase.advice]]
  text = "Advice for {id}."
  cites = ["nhs_back_pain"]
"""
TAIL = """
[[everyday]]
text = "Drink regularly."
cites = ["nhs_eatwell"]

[[tip]]
text = "Warm up."
cites = ["nhs_warm_up"]
"""


def write_plan(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_good_minimal_plan_file_parses(tmp_path: Path) -> None:
    body = "".join(GOOD_PHASE.format(id=p) for p in ("ease", "move", "prevent")) + TAIL
    content = parse_plan(write_plan(tmp_path, body))
    assert set(content.phases) == {"ease", "move", "prevent"}
    assert content.tips[0].source == "NHS, How to warm up before exercising"
    assert content.tips[0].cites == ("nhs_warm_up",)


def test_a_missing_phase_is_named(tmp_path: Path) -> None:
    body = "".join(GOOD_PHASE.format(id=p) for p in ("ease", "move")) + TAIL
    with pytest.raises(ContentError) as caught:
        parse_plan(write_plan(tmp_path, body))
    assert caught.value.key == "phase"
    assert "prevent" in caught.value.problem
    assert "plan.toml" in str(caught.value) and "prevent" in str(caught.value)


def test_a_missing_source_is_named_with_its_key(tmp_path: Path) -> None:
    phases = "".join(GOOD_PHASE.format(id=p) for p in ("ease", "move", "prevent"))
    body = phases.replace('  cites = ["nhs_back_pain"]\n', "", 1)  # the first (ease) advice
    with pytest.raises(ContentError) as caught:
        parse_plan(write_plan(tmp_path, body + TAIL))
    assert caught.value.key == "phase.ease.advice[0].cites"
    assert "non-empty" in caught.value.problem


def test_an_empty_source_is_refused(tmp_path: Path) -> None:
    body = "".join(GOOD_PHASE.format(id=p) for p in ("ease", "move", "prevent"))
    body += TAIL.replace('cites = ["nhs_warm_up"]', "cites = []")
    with pytest.raises(ContentError) as caught:
        parse_plan(write_plan(tmp_path, body))
    assert caught.value.key == "tip[0].cites"


def test_an_unknown_phase_is_named(tmp_path: Path) -> None:
    body = "".join(GOOD_PHASE.format(id=p) for p in ("ease", "move", "prevent", "cure")) + TAIL
    with pytest.raises(ContentError) as caught:
        parse_plan(write_plan(tmp_path, body))
    assert caught.value.key == "phase.cure.id"


def test_a_plan_file_that_is_not_toml_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        parse_plan(write_plan(tmp_path, "[[phase]\nid = "))
    assert caught.value.key == "(file)"


def test_pain_coming_back_after_two_low_days_ends_recovery() -> None:
    low = [entry(day(4), 1), entry(day(5), 0)]
    assert recovered_on(episode(), low, day(5)) == day(5)
    relapse = [*low, entry(day(6), 4)]
    assert recovered_on(episode(), relapse, day(6)) is None
    assert plan(day(6), relapse).phase.id == "move"  # type: ignore[union-attr]
    # Two low days again after the relapse count afresh.
    again = [*relapse, entry(day(8), 1), entry(day(9), 1)]
    assert recovered_on(episode(), again, day(9)) == day(9)
    # A relapse on a later day is not seen from an earlier `today`.
    assert recovered_on(episode(), relapse, day(5)) == day(5)


# --- what counts as done (issue 13) ---------------------------------------------------


@given(
    done=st.integers(0, 5000),
    planned=st.one_of(st.none(), st.integers(0, 5000)),
)
def test_a_session_counts_when_half_its_planned_time_was_done(
    done: int, planned: int | None
) -> None:
    from coach.plan import counts

    session = Session(
        id=1,
        episode_id=1,
        kind="routine",
        name="Cat-cow",
        started_at=datetime(2026, 11, 25, 9, tzinfo=UTC),
        day=date(2026, 11, 25),
        seconds_done=done,
        planned_seconds=planned,
    )
    if planned is None or planned == 0:
        assert counts(session)  # an unknown plan: as before, it counts
    else:
        assert counts(session) == (2 * done >= planned)
