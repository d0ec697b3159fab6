"""The voice: what is said when (coach.voice, pure), and the background speaker
(coach.speech) that never blocks the countdown."""

from __future__ import annotations

import shutil
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coach.countdown import Countdown, Phase, Tick
from coach.player import breath_half, countdown_phases
from coach.routines import routines
from coach.speech import CommandSpeaker, Voice, find_engine, speak_to_wav
from coach.voice import COUNT, END, SWITCH, VoiceScript, phase_lines
from tests.helpers import FakeClock


class FakeSpeaker:
    """Records what would be said and when (on the given clock); can block like a real
    engine does."""

    def __init__(self, clock: FakeClock | None = None, block: float = 0.0) -> None:
        self.clock = clock
        self.block = block
        self.said: list[tuple[float, str]] = []

    def speak(self, text: str) -> None:
        self.said.append((self.clock() if self.clock else time.monotonic(), text))
        if self.block:
            time.sleep(self.block)


def walk(
    phases: tuple[Phase, ...], *, step: float, offset: float = 0.0
) -> Iterator[tuple[float, list[str], Tick]]:
    """Drive a countdown on a fake clock in steps of `step` (first tick `offset` after
    the start), as the player's steady tick would; yield (time, lines said, tick)."""
    fake = FakeClock(0.0)
    countdown = Countdown(phases, clock=fake)
    script = VoiceScript(phases)
    countdown.start()
    k = 0
    while True:
        fake.now = offset + k * step
        tick = countdown.tick()
        yield fake.now, script.due(tick), tick
        if tick.finished:
            return
        k += 1


def test_what_cat_cow_says() -> None:
    phases = countdown_phases(next(r for r in routines() if r.id == "cat_cow"))
    ready, step = phase_lines(phases, 0), phase_lines(phases, 1)
    assert [(line.offset, line.text) for line in ready] == [
        (0.0, "Get ready. Cat-cow."),
        (2.0, "Three."),
        (3.0, "Two."),
        (4.0, "One."),
    ]
    assert step[0].text == "Cat-cow. Breathe in." and step[0].opening
    assert [(line.offset, line.text) for line in step[1:4]] == [
        (4.0, "Breathe out."),
        (10.0, "Breathe in."),
        (14.0, "Breathe out."),
    ]
    assert step[-1].text == "Breathe out."  # the step ends on a breath out
    assert len(step) == 16


def test_per_side_holds_say_the_side_switch_and_count_down() -> None:
    phases = countdown_phases(next(r for r in routines() if r.id == "core"))
    said = [text for _, lines, _ in walk(phases, step=0.1) for text in lines]
    assert "Side plank on your knees, left side." in said
    index = said.index("Side plank on your knees, left side.")
    assert said[index + 1 : index + 6] == [
        *COUNT,
        SWITCH,
        "Side plank on your knees, right side.",
    ]
    assert said[-1] == END
    assert any(text.startswith("Rest. Next, Bridge") for text in said)


@pytest.mark.parametrize("routine_id", [r.id for r in routines()])
@pytest.mark.parametrize("offset", [0.0, 0.037, 0.099])
def test_every_phase_change_is_spoken_within_100_ms(routine_id: str, offset: float) -> None:
    """Ticks 0.1 s apart, never on a deadline: each phase's opening line, each breath,
    each count and the end are said within 100 ms of their time."""
    phases = countdown_phases(next(r for r in routines() if r.id == routine_id))
    spoken: list[tuple[float, str]] = []
    changes = []
    for now, lines, tick in walk(phases, step=0.1, offset=offset):
        spoken += [(now, text) for text in lines]
        changes += list(tick.changes)
    # Expected: every line of every phase at its deadline, and the end.
    expected: list[tuple[float, str]] = []
    start = 0.0
    for index, phase in enumerate(phases):
        expected += [(start + line.offset, line.text) for line in phase_lines(phases, index)]
        start += phase.seconds
    expected.append((start, END))
    assert len(spoken) == len(expected)
    for (at, text), (due, wanted) in zip(spoken, expected, strict=True):
        assert text == wanted
        assert 0 <= at - due <= 0.1 + 1e-9, (text, at, due)
    # Every phase change (and the end) has its line within 100 ms of its deadline.
    for change in changes:
        assert any(0 <= at - change.at <= 0.1 + 1e-9 for at, _ in spoken)


@pytest.mark.parametrize("routine_id", [r.id for r in routines()])
def test_the_voice_says_the_breath_the_bar_shows(routine_id: str) -> None:
    phases = countdown_phases(next(r for r in routines() if r.id == routine_id))
    for index, phase in enumerate(phases):
        for line in phase_lines(phases, index):
            for kind in ("in", "out"):
                if f"Breathe {kind}." in line.text:
                    assert breath_half(phase, line.offset + 1e-9)[0] == kind


def test_a_late_tick_says_the_new_step_but_no_backlog() -> None:
    phases = countdown_phases(next(r for r in routines() if r.id == "cat_cow"))
    fake = FakeClock(0.0)
    countdown = Countdown(phases, clock=fake)
    script = VoiceScript(phases)
    countdown.start()
    assert script.due(countdown.tick()) == ["Get ready. Cat-cow."]
    fake.now = 12.0  # the loop stalled for 12 s: 5 s of get-ready, 7 s of cat-cow
    assert script.due(countdown.tick()) == ["Cat-cow. Breathe in."]
    fake.now = 15.0
    assert script.due(countdown.tick()) == ["Breathe in."]
    fake.now = 19.2
    assert script.due(countdown.tick()) == ["Breathe out."]


def test_pause_says_nothing_and_skip_and_back_say_the_step() -> None:
    phases = countdown_phases(next(r for r in routines() if r.id == "gentle"))
    fake = FakeClock(0.0)
    countdown = Countdown(phases, clock=fake)
    script = VoiceScript(phases)
    countdown.start()
    script.due(countdown.tick())
    countdown.pause()
    fake.now = 100.0
    assert script.due(countdown.tick()) == []
    assert script.next_due(countdown.tick()) is None
    countdown.resume()
    countdown.skip()
    assert script.due(countdown.tick()) == ["Cat-cow. Breathe in."]
    fake.now += 3
    countdown.back()  # 3 s in: restart this step, and say so
    assert script.due(countdown.tick()) == ["Cat-cow. Breathe in."]
    assert script.next_due(countdown.tick()) == pytest.approx(4.0)


def test_the_end_is_said_once() -> None:
    phases = (Phase("step", "Hold", 2.0, step_index=0),)
    fake = FakeClock(0.0)
    countdown = Countdown(phases, clock=fake)
    script = VoiceScript(phases)
    countdown.start()
    assert script.due(countdown.tick()) == ["Hold."]
    fake.now = 5.0
    assert script.due(countdown.tick()) == [END]
    assert script.due(countdown.tick()) == []


# --- the speaker behind its interface -------------------------------------------------


def test_say_never_blocks_even_when_the_engine_takes_2_s() -> None:
    speaker = FakeSpeaker(block=2.0)
    voice = Voice(speaker, time.monotonic)
    took = []
    for text in ("one", "two", "three"):
        before = time.perf_counter()
        voice.say(text)
        took.append(time.perf_counter() - before)
    assert max(took) < 0.05
    assert voice.wait_idle(10)
    # The first line was said; the next waited > 1.5 s with a newer one behind it, so
    # it was dropped; the last one is said.
    assert [text for _, text in speaker.said] == ["one", "three"]
    voice.close()


def test_a_failing_engine_does_not_stop_the_voice() -> None:
    class Broken:
        def __init__(self) -> None:
            self.calls = 0

        def speak(self, text: str) -> None:
            self.calls += 1
            raise OSError("no audio device")

    broken = Broken()
    voice = Voice(broken, time.monotonic)
    voice.say("a")
    voice.say("b")
    assert voice.wait_idle(5)
    assert broken.calls == 2
    voice.close()


def test_the_engine_is_espeak_ng_or_say_on_macos() -> None:
    def which_from(found: dict[str, str]) -> Callable[[str], str | None]:
        return lambda name: found.get(name)

    assert find_engine("linux", which_from({"espeak-ng": "/usr/bin/espeak-ng"})) == (
        "/usr/bin/espeak-ng",
    )
    assert find_engine("linux", which_from({"say": "/usr/bin/say"})) is None
    assert find_engine("darwin", which_from({"say": "/usr/bin/say"})) == ("/usr/bin/say",)
    assert find_engine("linux", which_from({})) is None


def test_a_missing_command_is_quiet() -> None:
    CommandSpeaker(["/nonexistent/espeak-ng"]).speak("hello")  # no exception


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt install espeak-ng): no WAV to check",
)
def test_espeak_ng_speaks_a_cue_to_a_wav_file(tmp_path: Path) -> None:
    path = tmp_path / "cue.wav"
    assert speak_to_wav("Switch sides. Three. Two. One.", str(path))
    with wave.open(str(path)) as audio:
        frames = audio.getnframes()
        rate = audio.getframerate()
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        samples = audio.readframes(frames)
    seconds = frames / rate
    # Seven words of speech: about one to six seconds, and not silence.
    assert 1.0 <= seconds <= 6.0, seconds
    assert any(byte not in (0, 255) for byte in samples[: len(samples) // 2])


def test_say_from_many_threads_keeps_every_fresh_line() -> None:
    speaker = FakeSpeaker()
    voice = Voice(speaker, time.monotonic)
    threads = [threading.Thread(target=voice.say, args=(f"line {i}",)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert voice.wait_idle(5)
    assert sorted(text for _, text in speaker.said) == sorted(f"line {i}" for i in range(20))
    voice.close()


def test_a_line_starting_with_a_dash_is_never_an_engine_option(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A step name in your own routine file such as "-w /some/file" is spoken, not
    read as espeak-ng's option to write a file."""
    import subprocess

    from coach.speech import CommandSpeaker

    calls: list[list[str]] = []
    monkeypatch.setattr(subprocess, "run", lambda argv, **_: calls.append(list(argv)))
    CommandSpeaker(["espeak-ng"]).speak("-w /tmp/clobbered")
    CommandSpeaker(["espeak-ng"]).speak("Cat-cow")
    assert calls == [["espeak-ng", " -w /tmp/clobbered"], ["espeak-ng", "Cat-cow"]]
