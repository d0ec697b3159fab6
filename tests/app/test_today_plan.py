"""Pilot tests of Today's plan: the phase and its advice, the next action, the checklist
(ticked by key, stored per day, kept across restarts), streaks, the check-in after a
missed day, marking recovered, and the command palette."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual import events

from coach.model import DiaryEntry, Episode
from coach.screens.dialogs import ConfirmModal, PainKeyModal
from coach.store import Store
from tests.helpers import (
    TODAY,
    app_for,
    footer_keys_cut_off,
    loaded,
    local,
    seed_episode,
    text_of,
)

YESTERDAY = TODAY - timedelta(days=1)
SIZE = (80, 40)  # tall enough that nothing needs scrolling


def at_noon(day: date) -> datetime:
    """Noon local time on `day`."""
    return local(day, 12)


def add_session(db_path: Path, day: date, kind: str = "routine", seconds: int = 300) -> None:
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    name = "gentle" if kind == "routine" else f"{kind} 15 min"
    store.add_session(
        episode_id=episode.id, kind=kind, name=name, started_at=at_noon(day), seconds_done=seconds
    )
    store.close()


def add_entry(db_path: Path, day: date, pain: int) -> None:
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    store.add_entry(episode_id=episode.id, pain=pain, logged_at=at_noon(day))
    store.close()


def stored_episode(db_path: Path) -> tuple[Episode, list[DiaryEntry]]:
    store = Store.open(db_path)
    try:
        episode = store.current_episode()
        assert episode is not None
        return episode, store.entries(episode.id)
    finally:
        store.close()


# --- the phase and its advice ------------------------------------------------------


async def test_day_0_shows_ease_off_and_cold(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY, first_pain=6)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Day 0 of this episode, since Wed 25 Nov" in text_of(app, "#episode-heading")
        advice = text_of(app, "#advice")
        assert "Ease off, keep moving gently" in advice
        assert "a cold pack, wrapped in a cloth, is an option" in advice
        assert "(NICE NG59; NHS, Back pain; Mayo Clinic, Back pain)" in advice  # its sources
        assert "Heat and gentle stretching" not in advice
        assert "about 6 to 8 glasses" in advice  # the everyday advice is there in every phase
        assert "Tip:" in text_of(app, "#tip")


async def test_day_3_shows_heat_and_gentle_stretching(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Day 3 of this episode, since Sun 22 Nov" in text_of(app, "#episode-heading")
        advice = text_of(app, "#advice")
        assert "Heat and gentle stretching" in advice
        assert "Never sleep on a heating pad" in advice
        assert "gentle routine" in advice
        assert "Ease off" not in advice and "Recovered" not in advice


async def test_two_low_days_show_prevention(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 20), pains=[(date(2026, 11, 24), 1), (TODAY, 0)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        advice = text_of(app, "#advice")
        assert "Recovered: stop it happening again" in advice
        assert "Warm up for at least 6 minutes before every workout" in advice
        assert "Steffens 2016" in advice
        assert "Heat and gentle stretching" not in advice
        assert "Warm up before your next workout" in text_of(app, "#next")


# --- the next action ---------------------------------------------------------------


async def test_next_action_asks_to_log_first(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Next: Log how your back feels today. (press l)" in text_of(app, "#next")


async def test_next_action_on_day_0_is_the_cold_pack_with_key_i(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Next: Heat for 15 to 20 minutes, or a wrapped cold pack" in text_of(app, "#next")
        assert "(press i)" in text_of(app, "#next")


async def test_next_action_on_day_3_is_the_gentle_routine_with_key_r(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(TODAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "The gentle routine, about 7 minutes. (press r)" in text_of(app, "#next")


async def test_next_action_when_locked_is_medical_help(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY, symptoms=["bladder_bowel"])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Get medical help now" in text_of(app, "#next")
        warnings = text_of(app, "#warnings")
        assert "‼ URGENT" in warnings
        # "press c" is said once, in the warning, not again in the next action.
        assert "press c" in warnings.lower() and "press c" not in text_of(app, "#next")


# --- the checklist -----------------------------------------------------------------


async def test_ticking_water_and_protein_is_kept_across_restarts(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "[ ] Water 0" in text_of(app, "#checklist")
        await pilot.press("w", "w")
        await pilot.pause()
        assert "[x] Water 2" in text_of(app, "#checklist")
        await pilot.press("W", "p")
        await pilot.pause()
        checklist = text_of(app, "#checklist")
        assert "[x] Water 1" in checklist
        assert "[x] Protein meals 1" in checklist
    # A new app on the same file, the same day: the counts are still there.
    again = app_for(db_path)
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        checklist = text_of(again, "#checklist")
        assert "[x] Water 1" in checklist
        assert "[x] Protein meals 1" in checklist
    store = Store.open(db_path)
    assert store.checklist(TODAY) == {"water": 1, "protein": 1}
    store.close()


async def test_the_checklist_is_per_day(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("w", "p", "p")
        await pilot.pause()
        assert "[x] Protein meals 2" in text_of(app, "#checklist")
    tomorrow = app_for(db_path, TODAY + timedelta(days=1))
    async with tomorrow.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        checklist = text_of(tomorrow, "#checklist")
        assert "[ ] Water 0" in checklist
        assert "[ ] Protein meals 0" in checklist


async def test_counts_never_go_below_zero(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("W", "P", "w")
        await pilot.pause()
        checklist = text_of(app, "#checklist")
        assert "[x] Water 1" in checklist
        assert "[ ] Protein meals 0" in checklist


async def test_pain_routine_and_ice_heat_boxes_tick_from_the_data(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4)])
    add_session(db_path, YESTERDAY, "routine")  # another day: does not tick today's box
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        checklist = text_of(app, "#checklist")
        assert "[ ] Pain logged" in checklist
        assert "[ ] Routine" in checklist
        assert "[ ] Ice/heat 0" in checklist
    add_entry(db_path, TODAY, 3)
    add_session(db_path, TODAY, "routine")
    add_session(db_path, TODAY, "heat")
    add_session(db_path, TODAY, "ice")
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        checklist = text_of(app, "#checklist")
        assert "[x] Pain logged" in checklist
        assert "[x] Routine" in checklist
        assert "[x] Ice/heat 2" in checklist
        assert "That's today done" in text_of(app, "#next")


async def test_streaks_of_days_logged_and_routines(db_path: Path) -> None:
    onset = date(2026, 11, 20)
    seed_episode(
        db_path,
        onset=onset,
        pains=[(date(2026, 11, 22), 5), (date(2026, 11, 23), 4), (YESTERDAY, 4), (TODAY, 3)],
    )
    for day in (date(2026, 11, 22), YESTERDAY, TODAY):  # 23 Nov missing: a gap
        add_session(db_path, day, "routine")
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        checklist = text_of(app, "#checklist")
        assert "Streaks: 4 days logged in a row, routines 2 days in a row." in checklist


async def test_no_streak_line_after_a_gap(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 20))  # logged on 20 Nov only
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PainKeyModal)  # nothing logged yesterday
        await pilot.press("enter")  # skip
        await pilot.pause()
        assert "Streaks" not in text_of(app, "#checklist")


# --- the check-in after a missed day -----------------------------------------------


async def test_check_in_asks_when_nothing_was_logged_yesterday_and_logs_the_answer(
    db_path: Path,
) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 23), 5)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PainKeyModal)
        assert "Nothing was logged yesterday" in app.screen.question
        await pilot.press("4")
        await pilot.pause()
        assert not isinstance(app.screen, PainKeyModal)
        assert "Pain 4/10, last logged today" in text_of(app, "#episode-detail")
        assert "[x] Pain logged" in text_of(app, "#checklist")
    _, entries = stored_episode(db_path)
    latest = entries[-1]
    assert (latest.pain, latest.day, latest.source) == (4, TODAY, "check-in")


async def test_check_in_skipped_with_enter_logs_nothing(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 23), 5)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PainKeyModal)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PainKeyModal)
    _, entries = stored_episode(db_path)
    assert len(entries) == 2


@pytest.mark.parametrize(
    ("onset", "pains"),
    [
        pytest.param(date(2026, 11, 22), [(YESTERDAY, 4)], id="yesterday-logged"),
        pytest.param(date(2026, 11, 22), [(TODAY, 4)], id="today-logged"),
        pytest.param(TODAY, [], id="day-0"),
    ],
)
async def test_no_check_in_when_not_needed(
    db_path: Path, onset: date, pains: list[tuple[date, int]]
) -> None:
    seed_episode(db_path, onset=onset, pains=pains)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause(0.1)
        assert not isinstance(app.screen, PainKeyModal)


async def test_the_check_in_question_sits_centred_over_a_dimmed_today(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 23), 5)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, PainKeyModal)
        dialog = app.screen.query_one(".dialog").region
        assert app.screen.styles.background.a < 1  # Today shows through, dimmed
        centre_x = dialog.x + dialog.width / 2
        centre_y = dialog.y + dialog.height / 2
        assert abs(centre_x - 40) <= 1 and abs(centre_y - 12) <= 1, dialog


# --- marking recovered -------------------------------------------------------------


async def test_mark_recovered_switches_today_to_prevention_and_is_stored(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(TODAY, 3)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Heat and gentle stretching" in text_of(app, "#advice")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
        assert "Recovered: stop it happening again" in text_of(app, "#advice")
        assert app.snapshot is not None and app.snapshot.plan is not None
        assert app.snapshot.plan.recovered
    episode, _ = stored_episode(db_path)
    assert episode.recovered_on == TODAY


@pytest.mark.parametrize(("pain", "named"), [(2, False), (3, True), (4, True)])
async def test_mark_recovered_names_a_latest_score_of_3_or_more(
    db_path: Path, pain: int, named: bool
) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 6), (TODAY, pain)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert (f"Your latest pain is {pain}, on Wed 25 Nov." in modal.question) is named
        assert "Mark this episode as recovered" in modal.question


async def test_after_marking_recovered_no_warning_contradicts_it(db_path: Path) -> None:
    import subprocess
    import sys

    # Day 24, pain 8 then 6: severe, worsening-free, persistent (day 21 rule) before marking.
    onset = TODAY - timedelta(days=24)
    seed_episode(db_path, onset=onset, pains=[(onset, 8), (YESTERDAY, 5), (TODAY, 8)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None
        assert {"severe", "persistent"} <= {w.kind for w in app.snapshot.warnings}
        await pilot.press("m")
        await pilot.pause()
        assert "Your latest pain is 8" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("y")
        await pilot.pause()
        assert app.snapshot.warnings == ()
        shown = text_of(app, "#warnings")
        assert "not settling" not in shown and "Severe" not in shown
    result = subprocess.run(
        [sys.executable, "-m", "coach", "today", "--db", str(db_path), "--today", str(TODAY)],
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    assert "not settling" not in result.stdout and "Severe pain" not in result.stdout
    assert "Recovered: stop it happening again" in result.stdout


async def test_mark_recovered_answered_no_changes_nothing(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(TODAY, 3)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("m", "n")
        await pilot.pause()
        assert "Heat and gentle stretching" in text_of(app, "#advice")
    episode, _ = stored_episode(db_path)
    assert episode.recovered_on is None


# --- logging pain from Today --------------------------------------------------------


async def test_l_logs_pain_and_ticks_the_checklist(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "[ ] Pain logged" in text_of(app, "#checklist")
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "LogEntryModal"
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        assert "[x] Pain logged" in text_of(app, "#checklist")
        assert "Pain 3/10, last logged today" in text_of(app, "#episode-detail")


async def test_a_digit_then_ctrl_s_at_once_saves_that_digit(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        # Both keys arrive together, as from a fast typist or a terminal's one read.
        app.post_message(events.Key("4", "4"))
        app.post_message(events.Key("ctrl+s", None))
        await pilot.pause(0.2)
        assert app.screen is not form
        assert "Pain 4/10, last logged today" in text_of(app, "#episode-detail")


# --- the footer at the smallest size -----------------------------------------------


async def test_the_footer_keymap_fits_60_columns(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4)])
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(pilot)
        assert footer_keys_cut_off(app) == []


async def test_the_footer_keymap_fits_60_columns_when_routines_are_locked(
    db_path: Path,
) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4)], symptoms=["chest_pain"])
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.locked
        assert footer_keys_cut_off(app) == []
        keys = {b.key for (_, b, _, _) in app.screen.active_bindings.values() if b.show}
        assert {"question_mark", "q"} <= keys  # Help and Quit are never pushed out


# --- the command palette -----------------------------------------------------------


async def test_the_command_palette_lists_every_coach_action(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "Today",
            "Routines",
            "Diary",
            "Log pain",
            "New episode",
            "Ice / heat timer",
            "Settings",
            "Help",
            "Mark recovered",
        } <= titles


async def test_the_mark_recovered_command_asks_first(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY)
    app = app_for(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Mark recovered"
        )
        command.callback()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
