"""Pilot tests of the routine list, the gate and the routine player.

Time comes from a fake monotonic clock injected into the app: a test moves `fake.now`
and then draws the player (`player.refresh_tick()`); nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, OptionList, Static

from coach.app import CoachApp
from coach.model import DiaryEntry
from coach.routines import routines
from coach.screens.dialogs import ConfirmModal, PainKeyModal
from coach.screens.routines import PlayerScreen, RoutinesScreen
from coach.screens.today import TodayScreen, checklist_lines, warning_lines
from coach.store import Store
from tests.helpers import (
    TODAY,
    YESTERDAY,
    FakeClock,
    coach_app,
    loaded,
    notification_texts,
    seed_episode,
    sessions_of,
)


def seed(
    db_path: Path,
    *,
    age: int = 3,
    pains: Iterable[tuple[date, int]] = ((YESTERDAY, 3),),
    symptoms: Iterable[str] = (),
    settings: dict[str, str] | None = None,
) -> None:
    """An episode `age` days old with a pain logged yesterday (so no check-in question
    covers Today), plus any settings."""
    seed_episode(
        db_path,
        onset=TODAY - timedelta(days=age),
        pains=pains,
        symptoms=symptoms,
        settings=settings,
    )


def text(widget: Static) -> str:
    return str(widget.render())


def digits(player: PlayerScreen) -> str:
    return player.query_one("#clock", Digits).value


def label(player: PlayerScreen) -> str:
    return text(player.query_one("#phase-label", Static))


def title(player: PlayerScreen) -> str:
    return text(player.query_one("#player-title", Static))


async def open_routines(pilot: Pilot[None]) -> RoutinesScreen:
    await loaded(pilot)
    await pilot.press("r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RoutinesScreen)
    return screen


async def choose(pilot: Pilot[None], routine_id: str) -> None:
    """Move the highlight to `routine_id` with the arrow keys, then press enter."""
    option_list = pilot.app.screen.query_one("#routine-list", OptionList)
    ids = [option.id for option in option_list.options]
    target = ids.index(routine_id)
    for _ in range(len(ids)):
        assert option_list.highlighted is not None
        if option_list.highlighted == target:
            break
        await pilot.press("down" if option_list.highlighted < target else "up")
    assert option_list.highlighted == target
    await pilot.press("enter")
    await pilot.pause()


async def start(pilot: Pilot[None], routine_id: str, pain: str = "4") -> PlayerScreen:
    """Open the list, choose the routine, answer the pain question: the player. A
    prevention routine during an unrecovered episode asks first: answered yes."""
    await open_routines(pilot)
    await choose(pilot, routine_id)
    if next(r for r in routines() if r.id == routine_id).kind == "prevention":
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert "is for once you have recovered" in pilot.app.screen.question
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(pilot.app.screen, PainKeyModal)
    await pilot.press(pain)
    await pilot.pause()
    player = pilot.app.screen
    assert isinstance(player, PlayerScreen)
    assert player.routine.id == routine_id
    return player


async def advance(pilot: Pilot[None], fake: FakeClock, seconds: float) -> None:
    """Move the fake clock on, draw the player at the new time, let the app settle."""
    fake.now += seconds
    screen = pilot.app.screen
    if isinstance(screen, PlayerScreen):
        screen.refresh_tick()
    await pilot.pause()


def count_bells(app: CoachApp, monkeypatch: pytest.MonkeyPatch) -> list[None]:
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    return rings


def entries_of(app: CoachApp) -> list[DiaryEntry]:
    assert app.store is not None and app.snapshot is not None and app.snapshot.episode
    return app.store.entries(app.snapshot.episode.id)


# --- the list --------------------------------------------------------------------------


async def test_the_list_shows_every_routine_with_its_minutes(db_path: Path) -> None:
    seed(db_path)
    async with coach_app(db_path, FakeClock()).run_test(size=(80, 24)) as pilot:
        screen = await open_routines(pilot)
        option_list = screen.query_one("#routine-list", OptionList)
        shown = {option.id: str(option.prompt) for option in option_list.options}
        headings = [str(o.prompt) for o in option_list.options if o.id is None]
        assert headings == ["For a sore back", "Once recovered"]
        assert all(o.disabled for o in option_list.options if o.id is None)
        for item in routines():
            assert item.id in shown, item.id
            assert item.title in shown[item.id]
            assert f"{item.minutes} min" in shown[item.id]
            assert item.purpose in shown[item.id]
        assert set(shown) - {None} == {
            "gentle",
            "cat_cow",
            "childs_pose",
            "torso_twists",
            "warmup",
            "core",
        }
        # The full gentle routine is highlighted first, and nothing is locked.
        assert option_list.highlighted is not None
        assert option_list.options[option_list.highlighted].id == "gentle"
        assert not screen.query_one("#routines-gate", Static).display


# --- starting --------------------------------------------------------------------------


async def test_r_arrows_enter_and_one_keypress_start_the_player(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, "torso_twists")
        modal = app.screen
        assert isinstance(modal, PainKeyModal)
        assert "Before you start" in modal.question
        await pilot.press("6")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.routine.id == "torso_twists"
        assert player.pain_before == 6
        # The get-ready countdown names the first step.
        assert label(player) == "Get ready: Knee rolls"
        assert digits(player) == "0:05"
        assert "Torso twists · step 1 of 2" in title(player)
        assert "Next: Knee rolls" in text(player.query_one("#next", Static))


async def test_enter_skips_the_pain_before_and_x_means_10(db_path: Path) -> None:
    seed(db_path)
    app = coach_app(db_path, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, "cat_cow")
        await pilot.press("enter")  # skips the question
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.pain_before is None
        await pilot.press("escape", "y", "x")  # end at once; pain after: 10
        await pilot.pause()
        assert not isinstance(app.screen, (PlayerScreen, PainKeyModal))
        [session] = sessions_of(app)
        assert session.pain_before is None and session.pain_after == 10


async def test_the_countdown_follows_the_clock_through_the_phases(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        await advance(pilot, fake, 2)
        assert digits(player) == "0:03"
        await advance(pilot, fake, 3)
        assert label(player) == "Cat-cow"
        assert digits(player) == "1:20"
        await advance(pilot, fake, 10.5)
        assert digits(player) == "1:10"  # 69.5 s left, shown rounded up
        assert "1:10 left" in text(player.query_one("#routine-left", Static))
        assert text(player.query_one("#breath", Static)).startswith("Breathe in")
        await advance(pilot, fake, 4)  # 14.5 s into 4 in + 6 out: breathing out
        assert text(player.query_one("#breath", Static)).startswith("Breathe out")


async def test_gentle_holds_shorten_the_steps(db_path: Path) -> None:
    seed(db_path, settings={"holds": "gentle"})
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        assert "1:05 left" in text(player.query_one("#routine-left", Static))
        await advance(pilot, fake, 5)
        assert label(player) == "Cat-cow"
        assert digits(player) == "1:00"  # 80 s x 0.75: six whole breaths


# --- the player's keys ---------------------------------------------------------------


async def test_space_pauses_and_resumes(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        await advance(pilot, fake, 6)
        assert digits(player) == "1:19"
        await pilot.press("space")
        await pilot.pause()
        assert player.countdown.paused
        assert "PAUSED" in title(player)
        await advance(pilot, fake, 30)
        assert digits(player) == "1:19"
        await advance(pilot, fake, 30)
        assert digits(player) == "1:19"
        await pilot.press("space")
        await pilot.pause()
        assert not player.countdown.paused
        assert "PAUSED" not in title(player)
        await advance(pilot, fake, 1)
        assert digits(player) == "1:18"


@pytest.mark.parametrize("key", ["right", "s"])
async def test_right_and_s_skip_to_the_next_phase(db_path: Path, key: str) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "torso_twists")
        await pilot.press(key)
        await pilot.pause()
        assert label(player) == "Knee rolls"
        assert digits(player) == "1:20"
        await advance(pilot, fake, 20)
        await pilot.press(key)
        await pilot.pause()
        assert label(player) == "Rest, then Seated twist"
        assert digits(player) == "0:10"
        assert "step 2 of 2" in title(player)
        await pilot.press(key)
        await pilot.pause()
        assert label(player) == "Seated twist, left side"
        assert digits(player) == "0:50"


@pytest.mark.parametrize("key", ["left", "b"])
async def test_left_and_b_go_back(db_path: Path, key: str) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "torso_twists")
        await advance(pilot, fake, 5 + 80 + 4)  # 4 s into the rest after knee rolls
        assert label(player) == "Rest, then Seated twist"
        assert digits(player) == "0:06"
        await pilot.press(key)  # more than 2 s in: the same phase again, from its start
        await pilot.pause()
        assert label(player) == "Rest, then Seated twist"
        assert digits(player) == "0:10"
        await pilot.press(key)  # at its start: the phase before
        await pilot.pause()
        assert label(player) == "Knee rolls"
        assert digits(player) == "1:20"
        await advance(pilot, fake, 1)
        assert digits(player) == "1:19"


async def test_this_hurts_stops_asks_logs_and_warns(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow", pain="3")
        await advance(pilot, fake, 5 + 12)
        await pilot.press("h")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PainKeyModal)
        assert "after Cat-cow" in modal.question
        await advance(pilot, fake, 40)  # stopped: the clock no longer counts
        await pilot.press("enter")  # this answer cannot be skipped
        await pilot.pause()
        assert app.screen is modal
        await pilot.press("6")
        await pilot.pause()
        assert not isinstance(app.screen, (PainKeyModal, PlayerScreen))
        assert not player.is_attached

        entry = entries_of(app)[-1]
        assert entry.pain == 6
        assert entry.day == TODAY
        assert "Cat-cow" in entry.note and "hurt" in entry.note
        assert entry.source == "routine"
        [session] = sessions_of(app)
        assert session.kind == "routine" and session.name == "Cat-cow"
        assert session.stopped_for_pain
        assert session.pain_before == 3 and session.pain_after == 6
        assert session.seconds_done == 12  # the 5 s of get-ready are not counted
        assert session.steps_done == 0

        assert app.snapshot is not None
        assert "stretch_pain" in {w.kind for w in app.snapshot.warnings}
        # What Today shows from this snapshot (reaching Today with `t`: see below).
        shown = str(warning_lines(app.snapshot))
        assert "CAUTION" in shown and 'A stretch hurt: "Cat-cow".' in shown
        assert 'with "this hurts" on Wed 25 Nov' in shown
        # The warning is announced once, as it is raised.
        assert any('A stretch hurt: "Cat-cow"' in said for said in notification_texts(app))


async def test_t_from_routines_returns_to_today_showing_the_stretch_pain_warning(
    db_path: Path,
) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow", pain="3")
        await advance(pilot, fake, 5 + 12)
        await pilot.press("h", "6")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        await pilot.press("t")
        await pilot.pause()
        warnings = app.screen.query_one("#warnings", Static)
        assert warnings.display
        shown = text(warnings)
        assert "CAUTION" in shown and 'A stretch hurt: "Cat-cow"' in shown
        assert isinstance(app.screen, TodayScreen)
    # `t` only changed the section: nothing asked the app to exit, with any code.
    assert app.return_code is None


async def test_the_stretch_pain_warning_names_the_stretch_and_its_routine(
    db_path: Path,
) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "torso_twists")
        await advance(pilot, fake, 8)
        await pilot.press("h", "5")
        await pilot.pause()
        assert app.snapshot is not None
        shown = str(warning_lines(app.snapshot))
        assert 'A stretch hurt: "Knee rolls (Torso twists)".' in shown
        assert "torso_twists" not in shown
        [session] = sessions_of(app)
        assert session.name == "Knee rolls (Torso twists)" and session.stopped_for_pain


async def test_after_a_stretch_hurt_the_next_start_asks_first(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow")
        await advance(pilot, fake, 8)
        await pilot.press("h", "5")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        await choose(pilot, "childs_pose")
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "A stretch hurt recently" in confirm.question


async def test_escape_asks_n_goes_on_y_saves_the_partial_session(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow", pain="5")
        await advance(pilot, fake, 5 + 20)
        await pilot.press("escape")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "End this routine now?" in confirm.question
        await advance(pilot, fake, 100)  # the question stops the clock
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is player
        assert not player.countdown.paused
        assert digits(player) == "1:00"
        await advance(pilot, fake, 5)
        assert digits(player) == "0:55"

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PainKeyModal)
        assert "How much does your back hurt now?" in modal.question
        await pilot.press("2")
        await pilot.pause()
        assert not player.is_attached
        [session] = sessions_of(app)
        assert session.name == "Cat-cow"
        assert session.seconds_done == 20 + 5  # get-ready not counted
        assert session.steps_done == 0
        assert not session.stopped_for_pain
        assert session.pain_before == 5 and session.pain_after == 2
        assert session.day == TODAY
        after = entries_of(app)[-1]  # the pain after is a diary entry too
        assert (after.pain, after.source, after.note) == (2, "routine", "After Cat-cow.")


async def test_escape_while_paused_and_n_stays_paused(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        await pilot.press("space", "escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is player and player.countdown.paused


async def test_finishing_cat_cow_saves_a_complete_session(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow", pain="4")
        await advance(pilot, fake, 40)
        await advance(pilot, fake, 50)  # past the 85 s of get ready plus cat-cow
        modal = app.screen
        assert isinstance(modal, PainKeyModal)
        assert "Cat-cow done" in modal.question
        await pilot.press("1")
        await pilot.pause()
        assert not player.is_attached
        [session] = sessions_of(app)
        assert session.name == "Cat-cow"
        assert session.steps_done == 1
        assert session.seconds_done == 80 == session.planned_seconds
        assert not session.stopped_for_pain
        assert session.pain_before == 4 and session.pain_after == 1
        assert app.snapshot is not None
        assert "[x] Routine" in str(checklist_lines(app.snapshot))  # as Today shows it


async def test_quitting_mid_routine_keeps_what_was_done(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "cat_cow")
        await advance(pilot, fake, 12)
        await pilot.press("ctrl+q")
        await pilot.pause()
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    [session] = store.sessions(episode.id)
    store.close()
    assert session.seconds_done == 12 - 5 and session.pain_after is None


# --- the bell and reduced motion -----------------------------------------------------


async def test_the_bell_rings_at_each_phase_change(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        rings = count_bells(app, monkeypatch)
        player = await start(pilot, "torso_twists")
        await advance(pilot, fake, 3)
        assert len(rings) == 0
        # ready, knee rolls, rest, seated twist left, switch, seated twist right
        for seconds, phase in [
            (2, "Knee rolls"),
            (80, "Rest, then Seated twist"),
            (10, "Seated twist, left side"),
            (50, "Switch to the right side"),
            (5, "Seated twist, right side"),
        ]:
            before = len(rings)
            await advance(pilot, fake, seconds)
            assert label(player) == phase
            assert len(rings) == before + 1, phase
            await advance(pilot, fake, 1)  # no ring within a phase
            assert len(rings) == before + 1, phase
            fake.now -= 1  # keep the phase boundaries on whole seconds
        await advance(pilot, fake, 50)  # the end rings too
        assert len(rings) == 6
        assert isinstance(app.screen, PainKeyModal)


async def test_no_bell_when_the_setting_is_off(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path, settings={"bell": "off"})
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        rings = count_bells(app, monkeypatch)
        player = await start(pilot, "cat_cow")
        await advance(pilot, fake, 5)
        assert label(player) == "Cat-cow"
        await advance(pilot, fake, 80)
        assert isinstance(app.screen, PainKeyModal)
        assert rings == []


def pose_and_breath(player: PlayerScreen) -> tuple[str, str]:
    return text(player.query_one("#pose", Static)), text(player.query_one("#breath", Static))


async def test_the_pose_moves_with_the_breath(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        await advance(pilot, fake, 5 + 1)
        pose_in, breath_in = pose_and_breath(player)
        await advance(pilot, fake, 5)
        pose_out, breath_out = pose_and_breath(player)
        assert breath_in.startswith("Breathe in") and breath_out.startswith("Breathe out")
        assert pose_in != pose_out


async def test_reduce_motion_keeps_the_pose_still(db_path: Path) -> None:
    seed(db_path, settings={"reduce_motion": "on"})
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        await advance(pilot, fake, 5 + 1)
        pose_in, breath_in = pose_and_breath(player)
        await advance(pilot, fake, 5)
        pose_out, breath_out = pose_and_breath(player)
        # The picture stays and stays still; the breath prompt still paces.
        assert pose_in.strip()
        assert pose_in == pose_out
        assert breath_in.startswith("Breathe in") and breath_out.startswith("Breathe out")


# --- gating --------------------------------------------------------------------------


async def test_a_locked_episode_never_opens_the_player(db_path: Path) -> None:
    seed(db_path, symptoms=["chest_pain"])
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_routines(pilot)
        banner = screen.query_one("#routines-gate", Static)
        assert banner.display
        shown = text(banner)
        assert "LOCKED" in shown
        assert "locked for this episode" in shown and "medical help" in shown
        assert "press c" in shown
        for routine_id in ("gentle", "cat_cow", "torso_twists", "core"):
            await choose(pilot, routine_id)
            assert app.screen is screen, routine_id
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert any("locked" in said for said in notification_texts(app))
        assert sessions_of(app) == []


async def test_day_0_asks_first_and_rest_does_not_start(db_path: Path) -> None:
    seed(db_path, age=0, pains=())
    app = coach_app(db_path, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_routines(pilot)
        await choose(pilot, "cat_cow")
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "It is day 0 of this episode" in confirm.question
        assert "Start the routine anyway?" in confirm.question
        assert (confirm.yes, confirm.no) == ("Start", "Rest")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await choose(pilot, "cat_cow")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#no")  # the Rest button
        await pilot.pause()
        assert app.screen is screen
        # A yes goes on to the pain question and the player.
        await choose(pilot, "cat_cow")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PainKeyModal)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)


async def test_day_1_asks_first(db_path: Path) -> None:
    seed(db_path, age=1, pains=())
    app = coach_app(db_path, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, "childs_pose")
        assert isinstance(app.screen, ConfirmModal)
        assert "It is day 1" in app.screen.question


async def test_pain_7_today_asks_first(db_path: Path) -> None:
    seed(db_path, pains=[(YESTERDAY, 4), (TODAY, 7)])
    app = coach_app(db_path, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_routines(pilot)
        assert not screen.query_one("#routines-gate", Static).display
        await choose(pilot, "gentle")
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "Your pain today is 7" in confirm.question
        assert "It is day" not in confirm.question
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_a_pain_before_of_7_or_more_asks_before_starting(db_path: Path) -> None:
    seed(db_path)  # day 3, nothing logged yet today
    app = coach_app(db_path, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, "cat_cow")
        assert isinstance(app.screen, PainKeyModal)
        await pilot.press("9")
        await pilot.pause()
        assert not isinstance(app.screen, PlayerScreen)
        assert isinstance(app.screen, ConfirmModal)


async def test_day_3_with_pain_6_starts_without_asking(db_path: Path) -> None:
    seed(db_path, pains=[(YESTERDAY, 4), (TODAY, 6)])
    app = coach_app(db_path, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, "gentle")
        assert isinstance(app.screen, PainKeyModal)


async def test_the_command_palette_cannot_lead_away_from_a_running_routine(
    db_path: Path,
) -> None:
    from textual.command import CommandPalette

    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert app.screen is player


@pytest.mark.parametrize("routine_id", [r.id for r in routines()])
async def test_every_routine_can_be_followed_to_its_end_by_keys(
    db_path: Path, routine_id: str
) -> None:
    """Each phase in turn, the clock moving through it: every step done, a chime at each
    change, and a complete session saved with the pain before and after."""
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        rings: list[None] = []
        app.bell = lambda: rings.append(None)  # type: ignore[method-assign]
        player = await start(pilot, routine_id, pain="3")
        phases = player.countdown.phases
        for phase in phases:
            await advance(pilot, fake, phase.seconds)
        assert isinstance(app.screen, PainKeyModal)
        await pilot.press("2")
        await pilot.pause()
        [session] = sessions_of(app)
        routine = next(r for r in routines() if r.id == routine_id)
        assert session.name == routine.title
        assert session.steps_done == sum(1 for p in phases if p.kind == "step")
        assert session.seconds_done == round(player.countdown.total_seconds) - 5
        assert session.planned_seconds == session.seconds_done
        assert (session.pain_before, session.pain_after) == (3, 2)
        assert len(rings) >= len(phases)  # a chime at each change and at the end


async def test_a_routine_with_no_episode_asks_the_intake_first(db_path: Path) -> None:
    from coach.screens.intake import IntakeScreen

    store = Store.open(db_path)
    store.set_setting("first_run_seen", TODAY.isoformat())
    store.close()
    app = coach_app(db_path, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.episode is None
        await open_routines(pilot)
        await choose(pilot, "cat_cow")
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "checks for signs that need a doctor" in confirm.question
        await pilot.press("n")  # not now: no routine starts
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        await choose(pilot, "warmup")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert not any(isinstance(s, PlayerScreen) for s in app.screen_stack)


@pytest.mark.parametrize("routine_id", ["warmup", "core"])
async def test_prevention_routines_during_an_unrecovered_episode_ask_first(
    db_path: Path, routine_id: str
) -> None:
    seed(db_path, age=5)
    async with coach_app(db_path, FakeClock()).run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, routine_id)
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmModal)
        title = next(r for r in routines() if r.id == routine_id).title
        assert f"{title} is for once you have recovered" in confirm.question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RoutinesScreen)


async def test_prevention_routines_start_without_asking_once_recovered(db_path: Path) -> None:
    seed(db_path, age=6, pains=((TODAY - timedelta(days=2), 1), (YESTERDAY, 0)))
    async with coach_app(db_path, FakeClock()).run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, "warmup")
        assert isinstance(pilot.app.screen, PainKeyModal)
