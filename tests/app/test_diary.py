"""Pilot tests of the diary: the log form, the entries, edit, delete, the chart,
notifications of new warnings, literal notes and a ten-year diary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, SelectionList, Static, TextArea

from coach.app import CoachApp
from coach.chart import chart_columns, days_per_column
from coach.screens.dialogs import ConfirmModal, NoteModal, PainKeyModal
from coach.screens.diary import (
    PAGE,
    DiaryScreen,
    EntryTable,
    LogEntryModal,
    chart_content,
)
from coach.screens.today import TodayScreen
from coach.store import Store
from tests.helpers import (
    TODAY,
    app_for,
    days_before,
    footer_keys_cut_off,
    loaded,
    notification_texts,
    problem_text,
    returning_user,
    seed_episode,
)

MARKUP_NOTE = "[b]bold[/b] [@click=app.quit]x[/@click]"


TODAY_NOON = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def screen_text(app: CoachApp) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def stored_entries(db_path: Path) -> list[tuple[int, str, bool, tuple[str, ...]]]:
    store = Store.open(db_path)
    episode = store.current_episode()
    rows = (
        [(e.pain, e.note, e.meds, e.symptoms) for e in store.entries(episode.id)] if episode else []
    )
    store.close()
    return rows


async def settled(pilot: Pilot[None]) -> None:
    """Loaded, with the start-up check-in (nothing logged yesterday) answered "skip"."""
    await loaded(pilot)
    if isinstance(pilot.app.screen, PainKeyModal):
        await pilot.press("escape")
        await pilot.pause()


async def open_diary(pilot: Pilot[None]) -> DiaryScreen:
    await settled(pilot)
    await pilot.press("d")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DiaryScreen)
    return screen


async def type_pain(pilot: Pilot[None], text: str) -> None:
    widget = pilot.app.screen.query_one("#pain", Input)
    widget.focus()
    widget.value = ""
    if text:
        await pilot.press(*text)
    await pilot.pause()


def table_rows(app: CoachApp) -> list[str]:
    table = app.screen.query_one("#entries", EntryTable)
    return [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


# --- opening the form -----------------------------------------------------------------


async def test_l_opens_the_log_form_from_today(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2))
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        assert app.screen.focused is app.screen.query_one("#pain", Input)
        hint = str(app.screen.query_one("#pain-field .hint", Static).render())
        assert "0 no pain" in hint and "10 worst imaginable" in hint


async def test_l_opens_the_log_form_from_the_diary(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2), area="middle")
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        # The area starts at the episode's area.
        assert app.screen.query_one("#area").pressed_index == 1  # type: ignore[attr-defined]


# --- validation -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["11", "-1", "ab", "7.5", ""])
async def test_bad_pain_is_explained_beside_the_field(db_path: Path, text: str) -> None:
    seed_episode(db_path, onset=days_before(2))
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, text)
        await pilot.press("tab")  # leaving the field shows the message even for empty
        await pilot.pause()
        if not text:
            await pilot.press("ctrl+s")  # saving checks every field
            await pilot.pause()
        assert "pain must be a whole number from 0 to 10" in problem_text(app, "pain-field")
        assert isinstance(app.screen, LogEntryModal)  # not saved, still open
        await type_pain(pilot, "4")
        assert problem_text(app, "pain-field") == ""
    assert len(stored_entries(db_path)) == 1  # only the seeded one


async def test_the_note_counter_and_the_limit(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2))
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("l")
        await pilot.pause()
        counter = app.screen.query_one("#note-field .counter", Static)
        assert str(counter.render()) == "0/2,000"
        note = app.screen.query_one("#note", TextArea)
        note.focus()
        await pilot.press(*"sore")
        await pilot.pause()
        assert str(counter.render()) == "4/2,000"
        assert problem_text(app, "note-field") == ""
        note.insert("x" * 1997)  # as if pasted: 2,001 characters in all
        await pilot.pause()
        assert str(counter.render()) == "2,001/2,000"
        assert "the note is 2,001 characters; the limit is 2,000" in problem_text(app, "note-field")
        await type_pain(pilot, "3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)  # refused
        note.focus()
        await pilot.press("backspace")
        await pilot.pause()
        assert str(counter.render()) == "2,000/2,000"
        assert problem_text(app, "note-field") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogEntryModal)
    assert stored_entries(db_path)[-1][:2] == (3, "sore" + "x" * 1996)


# --- saving, editing, deleting ----------------------------------------------------------


async def test_saving_adds_the_entry_at_the_top_of_the_diary(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(3), pains=[(days_before(2), 4), (days_before(1), 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_diary(pilot)
        assert len(table_rows(app)) == 3
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "2")
        await pilot.press("tab", "right", "space")  # area: middle back
        await pilot.pause()
        await pilot.press("tab", "space")  # pain relief taken
        app.screen.query_one("#note", TextArea).insert("walked to work")
        app.screen.query_one("#symptoms", SelectionList).select("fever")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        rows = table_rows(app)
        assert len(rows) == 4
        assert rows[0].startswith("Wed 25 Nov") and " 2 yes ▲ 1 walked to work" in rows[0]
        assert rows[1].startswith("Tue 24 Nov 09:00 3")
        assert screen.query_one("#entries", EntryTable).cursor_row == 0
        assert "4 entries" in str(screen.query_one("#title", Static).render())
    assert stored_entries(db_path)[-1] == (2, "walked to work", True, ("fever",))
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None and store.entries(episode.id)[-1].area == "middle"
    store.close()


async def test_a_digit_then_ctrl_s_at_once_saves_that_digit(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2), pains=[(days_before(1), 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        # Both keys arrive together, as from a fast typist or one read of the terminal.
        app.post_message(events.Key("7", "7"))
        app.post_message(events.Key("ctrl+s", None))
        await pilot.pause(0.2)
        assert app.screen is not form
    assert stored_entries(db_path)[-1][0] == 7


async def test_ctrl_s_saves_from_every_field(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2), pains=[(days_before(1), 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for widget_id in ("area", "meds", "note", "symptoms", "save"):
            await pilot.press("l")
            await pilot.pause()
            await type_pain(pilot, "2")
            app.screen.query_one(f"#{widget_id}").focus()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, LogEntryModal), widget_id
    assert [e[0] for e in stored_entries(db_path)] == [5, 4, 2, 2, 2, 2, 2]


async def test_escape_saves_nothing(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2))
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "7")
        app.screen.query_one("#note", TextArea).insert("not this one")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        assert len(table_rows(app)) == 1
    assert len(stored_entries(db_path)) == 1


async def test_edit_changes_the_selected_entry(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(3), pains=[(days_before(2), 4), (days_before(1), 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("down", "e")  # the entry of Mon 23 Nov, pain 4
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogEntryModal)
        assert form.entry is not None and form.entry.pain == 4
        assert form.query_one("#pain", Input).value == "4"
        await type_pain(pilot, "5")
        form.query_one("#note", TextArea).insert("stiff in the morning")
        form.query_one("#meds", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        rows = table_rows(app)
        assert rows[1].startswith("Mon 23 Nov 09:00 5 yes") and "stiff in the morning" in rows[1]
        assert app.screen.query_one("#entries", EntryTable).cursor_row == 1  # stays put
        # enter edits too
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal) and app.screen.entry is not None
        assert app.screen.entry.note == "stiff in the morning"
        await pilot.press("escape")
    assert [e[:3] for e in stored_entries(db_path)] == [
        (5, "", False),
        (5, "stiff in the morning", True),
        (3, "", False),
    ]


async def test_delete_asks_first_and_n_keeps_the_entry(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(3), pains=[(days_before(2), 6), (days_before(1), 3)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.question == (
            "Delete the entry of Mon 23 Nov 09:00, pain 6? This cannot be undone."
        )
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        assert len(table_rows(app)) == 3
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # escape keeps it too
        await pilot.pause()
        assert len(table_rows(app)) == 3
        await pilot.press("x", "y")
        await pilot.pause()
        rows = table_rows(app)
        assert len(rows) == 2 and not any(r.startswith("Mon 23 Nov") for r in rows)
    assert [e[0] for e in stored_entries(db_path)] == [5, 3]


# --- warnings -----------------------------------------------------------------------


async def test_an_entry_that_raises_warnings_announces_them_once(db_path: Path) -> None:
    seed_episode(
        db_path,
        onset=days_before(3),
        first_pain=3,
        pains=[(days_before(2), 3), (days_before(1), 3)],
    )
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_diary(pilot)
        assert not screen.query_one("#warnings").display
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        messages = notification_texts(app)
        assert any(m.startswith("Severe pain") for m in messages)
        assert any("getting worse: 9, up from 3 on Tue 24 Nov" in m for m in messages)
        assert not any(m == "Saved in your diary." for m in messages)
        warnings = screen.query_one("#warnings", Static)
        assert warnings.display
        text = str(warnings.render())
        assert "▲ CAUTION" in text and "pain 9 on Wed 25 Nov (8 or more is severe pain)" in text
        # Logging again does not announce the same warnings again.
        count = len(notification_texts(app))
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert notification_texts(app)[count:] == ["Saved in your diary."]


async def test_an_emergency_symptom_shows_the_urgent_note(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(1))
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "6")
        app.screen.query_one("#symptoms", SelectionList).select("both_legs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal) and app.screen.has_class("-urgent")
        assert "both legs" in app.screen.extra
        await pilot.press("escape")  # escape closes at once; enter reads on first
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)
        assert "‼ URGENT" in str(app.screen.query_one("#warnings", Static).render())
        assert "‼ 1" in table_rows(app)[0]


# --- user text is text ------------------------------------------------------------------


async def test_markup_in_a_note_is_shown_literally_and_does_nothing(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2))
    app = app_for(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_diary(pilot)
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "4")
        app.screen.query_one("#note", TextArea).insert(MARKUP_NOTE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert MARKUP_NOTE in screen_text(app)
        # Click on the note, where the "link" would be, then on the row again.
        table = app.screen.query_one("#entries", EntryTable)
        x = screen_text(app).splitlines()[table.region.y + 1].index("[@click")
        await pilot.click(offset=(x + 2, table.region.y + 1))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        if isinstance(app.screen, LogEntryModal):  # the click selected the row: edit form
            assert app.screen.query_one("#note", TextArea).text == MARKUP_NOTE
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LogEntryModal)
        assert app.screen.query_one("#note", TextArea).text == MARKUP_NOTE
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    assert stored_entries(db_path)[-1][1] == MARKUP_NOTE


# --- chart, history, big diaries ---------------------------------------------------------


def test_chart_folds_days_to_fit_and_keeps_the_newest_whole() -> None:
    assert days_per_column(56, 56) == 1
    assert days_per_column(57, 56) == 2
    assert days_per_column(365, 56) == 7
    assert days_per_column(3653, 56) == 70
    last = date(2026, 11, 25)
    scores = {last - timedelta(days=d): d % 10 for d in range(3653)}
    columns = chart_columns(scores, last - timedelta(days=3652), last, 56)
    assert len(columns.values) <= 56 and columns.days == 70
    assert columns.values[-1] == 9  # the newest 70 days hold every score up to 9
    text = chart_content(scores, last - timedelta(days=3652), last, 60).plain
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "Pain per 10 weeks, highest of each · low 0, high 9" in text
    assert "Fri 25 Nov 2016" in text and "Wed 25 Nov 2026" in text


def test_chart_shows_gaps_and_the_daily_highest() -> None:
    first, last = date(2026, 11, 22), date(2026, 11, 25)
    text = chart_content({first: 0, last: 10}, first, last, 60).plain
    lines = text.splitlines()
    assert lines[0] == "Pain by day, highest each day · low 0, high 10"
    assert "·" in lines[3]  # the unlogged days
    assert lines[4].strip().startswith("Sun 22 Nov") and lines[4].rstrip().endswith("Wed 25 Nov")


async def test_the_diary_shows_the_chart_and_earlier_episodes(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 3, 2), pains=[(date(2026, 3, 4), 7)])
    seed_episode(db_path, onset=days_before(2), pains=[(days_before(1), 4)])
    app = app_for(db_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await open_diary(pilot)
        text = screen_text(app)
        assert "Pain by day, highest each day · low 4, high 5" in text
        assert "Earlier episodes" in text
        assert "Mon 2 Mar 2026 · 3 days · highest 7 · lower back" in text


async def test_a_ten_year_diary_opens_with_recent_entries_and_loads_older(
    db_path: Path,
) -> None:
    import pendulum

    start = TODAY - timedelta(days=3652)
    seed_episode(db_path, onset=start)
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    tz = pendulum.local_timezone()
    with store.transaction():
        for n in range(1, 3653):
            day = start + timedelta(days=n)
            at = pendulum.datetime(day.year, day.month, day.day, 8, tz=tz)
            store.add_entry(episode_id=episode.id, pain=n % 7, logged_at=at)
    store.close()
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_diary(pilot)
        table = screen.query_one("#entries", EntryTable)
        assert table.row_count == PAGE
        assert table_rows(app)[0].startswith("Wed 25 Nov 08:00")
        more = str(screen.query_one("#diary-more", Static).render())
        assert f"Newest {PAGE} of 3,653 entries" in more
        text = screen_text(app)
        assert "Pain per 10 weeks, highest of each · low 0, high 6" in text
        await pilot.press("ctrl+end")  # the last row: the next page comes in
        await pilot.pause()
        assert table.row_count == 2 * PAGE
        await pilot.press("o")
        await pilot.pause()
        assert table.row_count == 3 * PAGE
        assert table_rows(app)[-1].startswith("Sat 30 May 08:00")


@pytest.mark.parametrize("keys", [("d",), ("l",), ("d", "l")])
async def test_everything_fits_60x20(db_path: Path, keys: tuple[str, ...]) -> None:
    seed_episode(db_path, onset=days_before(5), pains=[(days_before(d), 9 - d) for d in range(5)])
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert len(lines) == 20 and all(len(line) <= 60 for line in lines)
        for widget in app.screen.query("*"):
            if widget.display and widget.region:
                assert widget.region.right <= 60, widget
        assert footer_keys_cut_off(app) == []
        footer = lines[-1]
        if keys[-1] == "d":
            assert "l Log" in footer and "e Edit" in footer and "x Delete" in footer
        else:
            assert "Leave without saving" in footer and "Save" in footer


async def test_the_diary_without_an_episode_invites_to_log(db_path: Path) -> None:
    returning_user(db_path)
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_diary(pilot)
        assert screen.query_one("#diary-empty").display
        assert not screen.query_one("#entries").display
        await pilot.press("e", "x")  # nothing to edit or delete
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("l")
        await pilot.pause()
        await type_pain(pilot, "3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.query_one("#entries").display
        assert table_rows(app)[0].startswith("Wed 25 Nov")


async def test_deleting_an_entry_with_an_emergency_sign_says_so_first(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2), pains=[(days_before(1), 3)])
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    entries = store.entries(episode.id)
    # The newest entry (first in the diary) carries an emergency sign.
    store.update_entry(
        entries[-1].id, pain=3, area="lower", note="", meds=False, symptoms=["both_legs"]
    )
    store.close()
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "emergency sign" in app.screen.question
        assert "both legs" in app.screen.question
        await pilot.press("n")


async def test_unticking_an_emergency_sign_in_an_edit_asks_first_and_names_it(
    db_path: Path,
) -> None:
    seed_episode(db_path, onset=days_before(2), pains=[(days_before(1), 3)])
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    newest = store.entries(episode.id)[-1]
    store.update_entry(
        newest.id, pain=3, area="lower", note="", meds=False, symptoms=["both_legs", "fever"]
    )
    store.close()
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogEntryModal)
        form.query_one("#symptoms", SelectionList).deselect("both_legs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "emergency sign" in confirm.question
        assert "both legs" in confirm.question
        await pilot.press("n")  # keep it: nothing saved, the form stays
        await pilot.pause()
        assert app.screen is form
        assert stored_entries(db_path)[-1][3] == ("both_legs", "fever")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (ConfirmModal, LogEntryModal))
    assert stored_entries(db_path)[-1][3] == ("fever",)


async def test_unticking_only_a_non_emergency_sign_saves_without_asking(db_path: Path) -> None:
    seed_episode(db_path, onset=days_before(2), symptoms=["fever"])
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#symptoms", SelectionList).deselect("fever")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, (ConfirmModal, LogEntryModal))
    assert stored_entries(db_path)[-1][3] == ()


async def test_the_intake_answers_show_in_the_flags_column_of_the_first_entry(
    db_path: Path,
) -> None:
    from tests.helpers import local

    store = Store.open(db_path)
    noon = local(days_before(2), 12)
    episode, first = store.start_episode(
        onset=days_before(2), now=noon, pain=6, intake_symptoms=["saddle_numbness", "fever"]
    )
    store.add_entry(episode_id=episode.id, pain=4, logged_at=local(days_before(1), 12))
    store.set_setting("first_run_seen", "yes")
    store.close()
    app = app_for(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot)
        rows = table_rows(app)
        assert rows[-1].startswith("Mon 23 Nov") and "‼ 2" in rows[-1]
        assert "‼" not in rows[0] and "▲" not in rows[0]


async def test_v_reads_a_long_note_in_full(db_path: Path) -> None:
    long_note = "Stiff after the drive home; " * 12 + "the end."
    seed_episode(db_path, onset=days_before(2), pains=[(days_before(1), 4)])
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    from tests.helpers import local

    store.add_entry(
        episode_id=episode.id, pain=5, logged_at=local(TODAY, 8), note=long_note, meds=True
    )
    store.close()
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_diary(pilot)
        assert "…" in table_rows(app)[0]  # the table cuts it short
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        body = app.screen.query_one(".note-body")
        shown = "\n".join(str(static.render()) for static in body.query(Static))
        assert long_note in shown
        assert "Pain 5/10, pain relief taken" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiaryScreen)


async def test_page_down_in_the_table_moves_a_page(db_path: Path) -> None:
    seed_episode(
        db_path, onset=days_before(40), pains=[(days_before(n), n % 8) for n in range(1, 40)]
    )
    app = app_for(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_diary(pilot)
        table = screen.query_one("#entries", EntryTable)
        table.focus()
        await pilot.pause()
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row > 3
