"""Pilot tests of your own routines in the list and the player: labelled "your
routine", the same gate, lock and "this hurts"; a broken file is listed, not raised."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from coach.paths import user_routines_dir
from coach.screens.dialogs import ConfirmModal, PainKeyModal
from coach.screens.routines import OWN_PREFIX, PlayerScreen
from tests.app.test_routines import advance, choose, entries_of, open_routines, seed, title
from tests.cli.test_routines_cli import BASE, edit
from tests.helpers import FakeClock, coach_app, notification_texts, sessions_of


def write_own(files: dict[str, str]) -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def prompts(option_list: OptionList) -> list[tuple[str | None, str, bool]]:
    return [(o.id, str(o.prompt), o.disabled) for o in option_list.options]


async def test_your_routines_are_listed_and_a_broken_one_says_why(db_path: Path) -> None:
    seed(db_path)
    write_own(
        {
            "mine.toml": BASE,
            # Same id as a shipped routine: still its own entry.
            "cat_cow.toml": edit('id = "mine"', 'id = "cat_cow"'),
            "broken.toml": edit(
                'id = "mine"', 'id = "broken"', edit("seconds = 10\nc", "seconds = 11\nc")
            ),
            "not_toml.toml": "title = [",
        }
    )
    async with coach_app(db_path, FakeClock()).run_test(size=(80, 24)) as pilot:
        screen = await open_routines(pilot)
        shown = prompts(screen.query_one("#routine-list", OptionList))
        headings = [text for id_, text, _ in shown if id_ is None and "\n" not in text]
        assert headings == ["For a sore back", "Once recovered", "Your routines"]
        mine = next(text for id_, text, _ in shown if id_ == f"{OWN_PREFIX}mine")
        assert mine == "Mine  1 min · your routine\nMine."
        assert f"{OWN_PREFIX}cat_cow" in [id_ for id_, _, _ in shown]
        assert "cat_cow" in [id_ for id_, _, _ in shown]
        broken = [(text, disabled) for id_, text, disabled in shown if "can't be used" in text]
        assert broken == [
            (
                "broken.toml  can't be used\nline 13: step.hold.seconds: must equal reps x "
                "hold_seconds = 1 x 10 = 10",
                True,
            ),
            ("not_toml.toml  can't be used\nline 1: not valid TOML: Invalid value", True),
        ]


async def test_your_routine_plays_and_this_hurts_stops_it(db_path: Path) -> None:
    seed(db_path)
    write_own({"mine.toml": BASE})
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, f"{OWN_PREFIX}mine")
        assert isinstance(app.screen, PainKeyModal)
        await pilot.press("2")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert title(player).startswith("Mine (your routine) · step 1 of 1")
        await advance(pilot, fake, 5 + 3)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        [session] = sessions_of(app)
        # The stretch that hurt, with its routine.
        assert session.name == "Hold (Mine)" and session.stopped_for_pain
        assert (session.seconds_done, session.planned_seconds) == (3, 10)
        assert entries_of(app)[-1].note == "Stopped Hold (Mine) because it hurt."


async def test_your_routine_runs_to_its_end(db_path: Path) -> None:
    seed(db_path)
    write_own({"mine.toml": BASE})
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, f"{OWN_PREFIX}mine")
        await pilot.press("enter")
        await pilot.pause()
        await advance(pilot, fake, 5)
        await advance(pilot, fake, 10)
        assert isinstance(app.screen, PainKeyModal) and "Mine done" in app.screen.question
        await pilot.press("1")
        await pilot.pause()
        [session] = sessions_of(app)
        assert (session.name, session.seconds_done, session.steps_done) == ("Mine", 10, 1)


async def test_a_locked_episode_does_not_start_your_routine(db_path: Path) -> None:
    seed(db_path, symptoms=["chest_pain"])
    write_own({"mine.toml": BASE})
    async with coach_app(db_path, FakeClock()).run_test(size=(80, 24)) as pilot:
        screen = await open_routines(pilot)
        await choose(pilot, f"{OWN_PREFIX}mine")
        assert pilot.app.screen is screen
        assert any("locked" in said for said in notification_texts(pilot.app))


async def test_the_rest_first_question_comes_before_your_routine_too(db_path: Path) -> None:
    seed(db_path, age=0, pains=())
    write_own({"mine.toml": BASE})
    async with coach_app(db_path, FakeClock()).run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        await choose(pilot, f"{OWN_PREFIX}mine")
        assert isinstance(pilot.app.screen, ConfirmModal)


async def test_your_routine_starts_by_name_from_the_palette(db_path: Path) -> None:
    write_own({"mine.toml": BASE})
    seed(db_path)
    fake = FakeClock()
    app = coach_app(db_path, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_routines(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        [name] = [t for t in titles if t.endswith("(your routine)")]
        assert name == "Start Mine (your routine)"
        await app.run_action(f"routine('{OWN_PREFIX}mine')")
        for _ in range(20):
            if isinstance(app.screen, PainKeyModal):
                break
            await pilot.pause()
        assert isinstance(app.screen, PainKeyModal), name
