"""Pilot tests of the first run, the intake form and the triage that follows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, SelectionList, Static

from coach.screens.dialogs import ConfirmModal, NoteModal
from coach.screens.intake import IntakeScreen
from coach.store import Store
from tests.helpers import (
    TODAY,
    app_for,
    loaded,
    notification_texts,
    problem_text,
    returning_user,
    seed_episode,
)


async def type_into(pilot: Pilot[None], input_id: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{input_id}", Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*text) if text else None
    await pilot.pause()


async def open_intake(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, IntakeScreen)


def stored(db_path: Path) -> tuple[int, int, int]:
    store = Store.open(db_path)
    counts = tuple(
        store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("episodes", "entries", "symptoms")
    )
    store.close()
    return counts


async def test_first_run_shows_the_note_once_then_the_intake(db_path: Path) -> None:
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, NoteModal)
        assert "not a diagnosis" in str(
            app.screen.query_one(".note-body").query(Static)[0].render()
        )
        # The first enter brings the emergency signs at the end into view; the next
        # one goes on.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        body = app.screen.query_one(".note-body")
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press("escape")
    async with app_for(db_path).run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert not isinstance(pilot.app.screen, NoteModal)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("onset", "2026-11-26", "in the future"),
        ("onset", "tomorrow", "is not a day"),
        ("onset", "2025-01-01", "more than a year ago"),
        ("onset", "", "say when it started"),
        ("pain", "11", "whole number from 0 to 10"),
        ("pain", "-1", "whole number from 0 to 10"),
        ("pain", "abc", "whole number from 0 to 10"),
        ("pain", "7.5", "whole number from 0 to 10"),
        ("note", "x" * 2001, "the limit is 2,000"),
        ("activity-detail", "y" * 201, "at most 200"),
    ],
)
async def test_each_bad_answer_is_explained_beside_its_field(
    db_path: Path, field: str, text: str, message: str
) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        widget = app.screen.query_one(f"#{field}", Input)
        widget.focus()
        widget.value = text  # as if typed: Input posts Changed and validates
        await pilot.pause()
        await pilot.press("tab")  # leaving the field validates it too
        await pilot.pause()
        assert message in problem_text(
            app, f"{field}-field" if field != "activity-detail" else "detail-field"
        )


async def test_typing_letters_into_pain_shows_the_message_at_once(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await type_into(pilot, "pain", "ab")
        assert "whole number from 0 to 10" in problem_text(app, "pain-field")
        await type_into(pilot, "pain", "4")
        assert problem_text(app, "pain-field") == ""


async def test_save_with_problems_saves_nothing_and_points_at_the_first(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await type_into(pilot, "onset", "2026-12-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.focused is app.screen.query_one("#onset")
        assert "required" not in problem_text(app, "pain-field")
        assert "whole number" in problem_text(app, "pain-field")  # empty pain is refused too
    assert stored(db_path) == (0, 0, 0)


async def test_escape_leaves_without_saving_anything(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await type_into(pilot, "pain", "5")
        app.screen.query_one("#red-flags", SelectionList).select("fever")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, IntakeScreen)
    assert stored(db_path) == (0, 0, 0)


async def fill_and_save(
    pilot: Pilot[None], *, onset: str, pain: str, flags: tuple[str, ...] = ()
) -> None:
    await type_into(pilot, "onset", onset)
    await type_into(pilot, "pain", pain)
    for key in flags:
        pilot.app.screen.query_one("#red-flags", SelectionList).select(key)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_a_clean_intake_creates_the_episode_and_goes_to_today(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await fill_and_save(pilot, onset="2 days ago", pain="6")
        assert not isinstance(app.screen, (IntakeScreen, NoteModal))
        heading = str(app.screen.query_one("#episode-heading", Static).render())
        assert "Day 2 of this episode, since Mon 23 Nov" in heading
        assert "Pain 6/10" in str(app.screen.query_one("#episode-detail", Static).render())
        assert not app.screen.query_one("#warnings").display
    assert stored(db_path) == (1, 1, 0)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None and episode.onset == date(2026, 11, 23)
    assert episode.activity == "lifting weights" and episode.area == "lower"
    store.close()


@pytest.mark.parametrize(
    ("words", "onset"), [("2 weeks ago", date(2026, 11, 11)), ("Monday", date(2026, 11, 23))]
)
async def test_the_intake_takes_the_same_day_words_as_the_shell(
    db_path: Path, words: str, onset: date
) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await fill_and_save(pilot, onset=words, pain="4")
        assert not isinstance(app.screen, IntakeScreen)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None and episode.onset == onset
    store.close()


async def test_an_emergency_answer_shows_the_urgent_screen_and_locks_routines(
    db_path: Path,
) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await fill_and_save(pilot, onset="today", pain="7", flags=("bladder_bowel", "fever"))
        assert isinstance(app.screen, NoteModal) and app.screen.has_class("-urgent")
        urgent = app.screen.query_one(".note-extra", Static).render()
        assert "loss of bladder or bowel control" in str(urgent)
        assert "hot and shivery" not in str(urgent)  # only the emergency answers are named
        await pilot.press("enter")
        await pilot.pause()
        assert app.snapshot is not None and app.snapshot.locked
        warnings = str(app.screen.query_one("#warnings", Static).render())
        assert "‼ URGENT" in warnings and "Routines are locked" in warnings
        assert "Press c once a clinician" in warnings
        assert "▲ CAUTION" in warnings  # the see-soon answer is kept too
    assert stored(db_path) == (1, 1, 2)


async def test_clearance_unlocks_routines_and_is_recorded_with_its_date(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY, symptoms=["chest_pain"])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.locked
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # a "no" records nothing
        await pilot.pause()
        assert app.snapshot.locked
        await pilot.press("c", "y")
        await pilot.pause()
        assert not app.snapshot.locked
        assert not app.screen.query_one("#warnings", Static).display
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None and episode.cleared_on == TODAY
    store.close()


async def test_clearance_is_not_offered_when_nothing_is_locked(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)


async def test_a_see_soon_answer_raises_a_caution_on_today(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await fill_and_save(pilot, onset="yesterday", pain="4", flags=("night_pain",))
        assert not isinstance(app.screen, NoteModal)
        assert app.snapshot is not None and not app.snapshot.locked
        warnings = app.screen.query_one("#warnings", Static)
        assert warnings.display
        text = str(warnings.render())
        assert "▲ CAUTION" in text and "worse at night" in text
        assert "URGENT" not in text


async def test_a_new_episode_closes_the_current_one_and_keeps_it(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 10), pains=[(date(2026, 11, 24), 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        notice = str(app.screen.query_one(".notice", Static).render())
        assert "closes your current episode (day 15)" in notice
        await fill_and_save(pilot, onset="today", pain="3")
    store = Store.open(db_path)
    episodes = store.episodes()
    assert len(episodes) == 2 and episodes[1].closed_at is not None
    assert store.current_episode().onset == TODAY  # type: ignore[union-attr]
    store.close()


async def test_the_red_flag_under_the_cursor_is_shown_in_full(db_path: Path) -> None:
    from coach.content import red_flags

    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_intake(pilot)
        app.screen.query_one("#red-flags", SelectionList).focus()
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        detail = str(app.screen.query_one(".flag-detail", Static).render())
        assert detail == red_flags()[1].text  # whole, however narrow the list is


async def test_the_upper_back_lists_upper_back_first_and_keeps_what_is_ticked(
    db_path: Path,
) -> None:
    from textual.widgets import RadioSet

    from coach.content import red_flags

    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        flags = app.screen.query_one("#red-flags", SelectionList)
        in_file_order = [f.key for f in red_flags()]

        def order() -> list[str]:
            return [flags.get_option_at_index(i).value for i in range(flags.option_count)]

        assert order() == in_file_order
        flags.select("fever")
        area = app.screen.query_one("#area", RadioSet)
        area.query(RadioButton)[2].value = True  # Upper back
        await pilot.pause()
        assert order()[0] == "upper_back"
        assert sorted(order()) == sorted(in_file_order)
        assert list(flags.selected) == ["fever"]
        area.query(RadioButton)[1].value = True  # Middle back: file order again
        await pilot.pause()
        assert order() == in_file_order
        assert list(flags.selected) == ["fever"]


@pytest.mark.parametrize(
    ("flag", "title", "words"),
    [
        ("fever", "get medical advice today", "111 in the UK"),
        ("immune", "see a GP in the next few days", "in the next few days"),
    ],
)
async def test_a_today_or_soon_answer_tells_what_to_do_and_where(
    db_path: Path, flag: str, title: str, words: str
) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await fill_and_save(pilot, onset="yesterday", pain="4", flags=(flag,))
        assert app.snapshot is not None and not app.snapshot.locked
        text = str(app.screen.query_one("#warnings", Static).render())
        assert "▲ CAUTION" in text and words in text
        assert any(words in said for said in notification_texts(app))
