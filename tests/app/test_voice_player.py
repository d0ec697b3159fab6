"""Pilot tests of the voice in the routine player, with a fake speaker that records
what would be said and when (on the fake monotonic clock)."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Switch

from coach.app import CoachApp, make_app
from coach.player import countdown_phases
from coach.routines import routines
from coach.screens.routines import PlayerScreen
from coach.speech import INSTALL_HINT
from coach.voice import END, phase_lines
from tests.app.test_routines import label, seed, start
from tests.helpers import FakeClock, fixed_clock, loaded, notification_texts
from tests.unit.test_voice import FakeSpeaker


def voice_app(db_path: Path, fake: FakeClock, speaker: FakeSpeaker | None) -> CoachApp:
    app = make_app(db_path=db_path, clock=fixed_clock(), monotonic=fake, speaker=speaker)
    if speaker is None:
        app._no_engine = True  # as on a machine without espeak-ng or say
    return app


def footer_keys(player: PlayerScreen) -> list[str]:
    return [
        binding.description
        for _, binding, enabled, _ in player.app.active_bindings.values()
        if binding.show and enabled
    ]


async def test_every_line_is_spoken_within_100_ms_of_its_time(db_path: Path) -> None:
    seed(db_path, settings={"voice": "on"})
    fake = FakeClock(0.0)
    speaker = FakeSpeaker(fake)
    app = voice_app(db_path, fake, speaker)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "gentle")
        assert "Voice on" in footer_keys(player)
        phases = player.countdown.phases
        origin = player.countdown.started_at
        assert origin is not None
        voice = app.voice
        assert voice is not None
        # Ticks 0.1 s apart that never fall on a deadline (the steady tick alone).
        k = 1
        while not player.countdown.finished:
            fake.now = origin + 0.037 + k * 0.1
            player.refresh_tick()
            assert voice.wait_idle(2)
            k += 1
        await pilot.pause()
        expected: list[tuple[float, str]] = []
        at = origin
        for index, phase in enumerate(phases):
            expected += [(at + line.offset, line.text) for line in phase_lines(phases, index)]
            at += phase.seconds
        expected.append((at, END))
        said = speaker.said
        assert [text for _, text in said] == [text for _, text in expected]
        worst = max(when - due for (when, _), (due, _) in zip(said, expected, strict=True))
        assert 0 <= worst <= 0.1 + 1e-6, worst


async def test_a_speaker_that_blocks_for_2_s_delays_no_tick(db_path: Path) -> None:
    """Real time: the player keeps its deadlines on the real monotonic clock while each
    line takes the speaker 2 s."""
    seed(db_path, settings={"voice": "on"})
    speaker = FakeSpeaker(block=2.0)
    app = make_app(db_path=db_path, clock=fixed_clock(), speaker=speaker)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        started = player.countdown.started_at
        assert started is not None
        deadline = started + 5.0  # the get-ready countdown
        slowest = 0.0
        while label(player).startswith("Get ready"):
            before = time.monotonic()
            player.refresh_tick()
            slowest = max(slowest, time.monotonic() - before)
            await pilot.pause(0.01)
            assert time.monotonic() < deadline + 1, "the player never moved on"
        seen = time.monotonic()
        assert label(player) == "Cat-cow"
        assert seen - deadline < 0.1, seen - deadline
        assert slowest < 0.05, slowest
        # Meanwhile the speaker was busy saying the first lines.
        assert [text for _, text in speaker.said][:1] == ["Get ready. Cat-cow."]
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()


async def test_v_turns_the_voice_on_and_off_and_the_footer_says_so(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock(0.0)
    speaker = FakeSpeaker(fake)
    app = voice_app(db_path, fake, speaker)
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        assert "Voice off" in footer_keys(player)
        fake.now += 1
        player.refresh_tick()
        assert app.voice is not None and app.voice.wait_idle(2)
        assert speaker.said == []  # off by default
        await pilot.press("v")
        await pilot.pause()
        assert player.voice_on and "Voice on" in footer_keys(player)
        assert app.snapshot is not None and app.snapshot.settings.voice
        fake.now += 1.6  # 2.6 s into the get-ready: "Three." was due at 2 s (stale now)
        player.refresh_tick()
        fake.now += 0.5  # 3.1 s: "Two."
        player.refresh_tick()
        assert app.voice.wait_idle(2)
        # No backlog: only what is due now is said.
        assert [text for _, text in speaker.said] == ["Two."]
        await pilot.press("v")
        await pilot.pause()
        assert not player.voice_on and "Voice off" in footer_keys(player)
        fake.now += 3
        player.refresh_tick()
        assert app.voice.wait_idle(2)
        assert [text for _, text in speaker.said] == ["Two."]


async def test_without_an_engine_the_voice_says_so_in_words(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock(0.0)
    app = voice_app(db_path, fake, None)
    rings: list[None] = []
    app.bell = lambda: rings.append(None)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        player = await start(pilot, "cat_cow")
        await pilot.press("v")
        await pilot.pause()
        assert any(INSTALL_HINT in said for said in notification_texts(app))
        fake.now += 5.01
        player.refresh_tick()
        await pilot.pause()
        assert rings  # the bell carries on at the change of step


async def test_the_settings_show_the_voice_and_its_engine(db_path: Path) -> None:
    seed(db_path)
    for speaker, words in ((None, INSTALL_HINT), (FakeSpeaker(), "Speaks with")):
        app = voice_app(db_path, FakeClock(), speaker)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            await pilot.press("s")
            await pilot.pause()
            switch = app.screen.query_one("#voice", Switch)
            assert switch.value is False
            shown = str(app.screen.query_one("#voice-engine").render())
            assert words in shown
            switch.value = True
            await pilot.pause()
            assert app.snapshot is not None and app.snapshot.settings.voice
            switch.value = False
            await pilot.pause()


def test_phase_lines_cover_every_shipped_routine() -> None:
    for routine in routines():
        phases = countdown_phases(routine)
        for index in range(len(phases)):
            assert phase_lines(phases, index)[0].opening


async def test_the_footer_says_pause_or_resume_and_fits_60_columns(db_path: Path) -> None:
    seed(db_path)
    fake = FakeClock(0.0)
    app = voice_app(db_path, fake, FakeSpeaker(fake))
    async with app.run_test(size=(60, 20)) as pilot:
        player = await start(pilot, "cat_cow")
        keys = footer_keys(player)
        assert keys == ["Pause", "Skip", "Back", "This hurts", "Voice off", "End"]
        await pilot.press("space")
        await pilot.pause()
        assert player.countdown.paused
        assert footer_keys(player)[0] == "Resume"
        await pilot.press("space")
        await pilot.pause()
        assert not player.countdown.paused and footer_keys(player)[0] == "Pause"
