"""Routines: the list, and the player that guides each stretch with a countdown."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Digits, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from coach.bindings import bindings_for
from coach.countdown import Countdown, Tick
from coach.model import SessionDone
from coach.player import (
    GENTLE_SCALE,
    countdown_phases,
    ended_early_message,
    gate,
    moment,
    planned_seconds,
    rest_first_after,
)
from coach.routines import Routine, routines
from coach.screens.dialogs import CANCELLED, CancellablePainModal, ConfirmModal, PainKeyModal
from coach.screens.keybar import KeyBar
from coach.screens.port import Saving, UsesCoach
from coach.settings import Settings, stored_settings
from coach.textsafe import shown
from coach.voice import VoiceScript

if TYPE_CHECKING:
    from coach.state import Snapshot

TICK_SECONDS = 0.1
OWN_PREFIX = "own:"
"""Option ids of your own routines: their file name may match a shipped routine's id."""


def clock_text(seconds: float) -> str:
    """Whole seconds left, rounded up, as m:ss: a countdown never shows 0:00 early."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


class RoutinesScreen(UsesCoach, Screen[None]):
    """The list of routines, each with its length and purpose."""

    # Not priority: enter must wait for arrow keys pressed before it to move the
    # highlight. The list's own enter starts the highlighted routine (OptionSelected).
    BINDINGS = bindings_for("routines")

    def __init__(self) -> None:
        super().__init__()
        from coach.paths import user_routines_dir
        from coach.user_routines import load_user_routines

        # Your own routines: a broken file is listed with its reason, never raised.
        self.own = load_user_routines(user_routines_dir())

    def routine_for(self, option_id: str) -> Routine | None:
        if option_id.startswith(OWN_PREFIX):
            name = option_id.removeprefix(OWN_PREFIX)
            return next((o.routine for o in self.own if o.path.stem == name), None)
        return next((r for r in routines() if r.id == option_id), None)

    def compose(self) -> ComposeResult:
        yield Static(Content.from_markup("[b]Routines[/b]"), classes="title")
        with Vertical(id="routines-body"):
            yield Static(id="routines-gate")
            yield Static("↑ ↓ choose · enter starts", classes="hint")
            options: list[Option | None] = []
            for kind, heading in (("relief", "For a sore back"), ("prevention", "Once recovered")):
                options.append(Option(Content.styled(heading, "bold $secondary"), disabled=True))
                for item in routines():
                    if item.kind == kind:
                        options.append(
                            Option(
                                Content.assemble(
                                    (f"{item.title}", "bold"),
                                    f"  {item.minutes} min\n",
                                    (item.purpose, "dim"),
                                ),
                                id=item.id,
                            )
                        )
            if self.own:
                options.append(
                    Option(Content.styled("Your routines", "bold $secondary"), disabled=True)
                )
            for own in self.own:
                if own.routine is not None:
                    options.append(
                        Option(
                            Content.assemble(
                                (own.routine.title, "bold"),
                                f"  {own.routine.minutes} min · your routine\n",
                                (own.routine.purpose, "dim"),
                            ),
                            id=f"{OWN_PREFIX}{own.path.stem}",
                        )
                    )
                else:
                    problem = own.problems[0]
                    options.append(
                        Option(
                            Content.assemble(
                                (shown(own.path.name, one_line=True), "bold"),
                                "  can't be used\n",
                                (shown(f"line {problem.line}: {problem.message}"), "dim"),
                            ),
                            disabled=True,
                        )
                    )
            yield OptionList(*options, id="routine-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "snapshot", self.show, init=True)
        option_list = self.query_one("#routine-list", OptionList)
        option_list.highlighted = 1
        option_list.focus()

    def show(self, snapshot: Snapshot | None) -> None:
        banner = self.query_one("#routines-gate", Static)
        if snapshot is None:
            banner.display = False
            return
        decision = self._gate()
        banner.display = not decision.allowed
        if not decision.allowed:
            banner.update(Content.assemble(("‼ LOCKED ", "bold $error"), decision.reason))

    def _gate(self, routine: Routine | None = None):  # type: ignore[no-untyped-def]
        snapshot = self.coach.snapshot
        assert snapshot is not None
        todays = [e.pain for e in snapshot.entries_on(snapshot.today)]
        return gate(
            episode=snapshot.episode,
            today=snapshot.today,
            locked=snapshot.locked,
            todays_highest_pain=max(todays) if todays else None,
            warnings=snapshot.warnings,
            routine=routine,
            recovered=bool(snapshot.plan and snapshot.plan.recovered),
        )

    def action_start(self) -> None:
        option_list = self.query_one("#routine-list", OptionList)
        if option_list.highlighted is None:
            return
        option = option_list.get_option_at_index(option_list.highlighted)
        if option.id:
            self.start(option.id)

    @on(OptionList.OptionSelected, "#routine-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.start(event.option.id)

    @work(exclusive=True, group="start-routine")
    async def start(self, routine_id: str) -> None:
        """Gate, ask for the pain before, then open the player."""
        if self.coach.snapshot is None:
            return
        chosen = self.routine_for(routine_id)
        if chosen is None:
            return
        if self.coach.snapshot.episode is None:
            # Never skip triage: the intake asks the red-flag questions first.
            answer = await self.app.push_screen_wait(
                ConfirmModal(
                    "Before a routine, coach asks what happened and checks for signs that "
                    "need a doctor. It takes under a minute.\n\nAnswer those questions now?",
                    yes="Answer",
                    no="Not now",
                )
            )
            if answer:
                self.coach.action_new_episode()
            return
        decision = self._gate(chosen)
        if not decision.allowed:
            self.notify(decision.reason, title="‼ Locked", severity="error", markup=False)
            return
        if decision.confirm:
            ok = await self.app.push_screen_wait(
                ConfirmModal(
                    decision.reason + "\n\nStart the routine anyway?", yes="Start", no="Rest"
                )
            )
            if not ok:
                return
        pain_before = await self.app.push_screen_wait(
            CancellablePainModal("Before you start: how much does your back hurt now?")
        )
        if pain_before == CANCELLED:
            return  # escape backs out: nothing started, nothing saved
        if pain_before is not None:
            # A diary entry like any other, so Today, the warnings and the chart see it.
            self.coach.add_entry(pain=pain_before, note=f"Before {chosen.title}.", source="routine")
        rest_first = rest_first_after(pain_before, decision)
        if rest_first is not None:
            ok = await self.app.push_screen_wait(ConfirmModal(rest_first, yes="Start", no="Rest"))
            if not ok:
                return
        await self.app.push_screen(PlayerScreen(chosen, pain_before=pain_before))


class PlayerScreen(UsesCoach, ModalScreen[None]):
    """One routine, step by step, against deadlines on a monotonic clock.

    Modal, so the app's section keys cannot leave a routine running behind the screen.
    """

    BINDINGS = bindings_for("player")

    def __init__(self, routine: Routine, *, pain_before: int | None = None) -> None:
        super().__init__()
        self.routine = routine
        self.pain_before = pain_before
        settings = self.coach.snapshot.settings if self.coach.snapshot else Settings()
        self.bell = settings.bell
        self.still = settings.reduce_motion
        self.voice_on = settings.voice
        scale = GENTLE_SCALE if settings.holds == "gentle" else 1.0
        phases = countdown_phases(routine, scale=scale)
        self.countdown = Countdown(phases, clock=self.coach.monotonic)
        self.planned_seconds = planned_seconds(phases)
        self.script = VoiceScript(phases)
        self._footer_paused = False
        self._voice_wake: Timer | None = None
        self._voice_wake_at: float | None = None
        self.started_at: datetime | None = None
        self.ticker: Timer | None = None
        self.saved = False
        self.finishing = False
        self._wake: Timer | None = None
        self._wake_key: tuple[int, bool, bool] | None = None
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="player-title", classes="title")
        with VerticalScroll(id="player-body"):
            with Horizontal(id="player-top"):
                with Vertical(id="player-left"):
                    yield Static(id="phase-label")
                    yield Digits("0:00", id="clock")
                    yield Static(id="breath")
                with Vertical(id="player-right"):
                    yield Static(id="pose")
            yield Static(id="cue")
            with Horizontal(classes="progress-row"):
                yield Static("step    ", classes="progress-label")
                yield ProgressBar(
                    total=1.0, show_eta=False, show_percentage=False, id="step-progress"
                )
            with Horizontal(classes="progress-row"):
                yield Static("routine ", classes="progress-label")
                yield ProgressBar(
                    total=1.0, show_eta=False, show_percentage=False, id="routine-progress"
                )
                yield Static(id="routine-left")
            yield Static(id="next")
        yield KeyBar()

    def on_mount(self) -> None:
        self.started_at = self.coach.clock.now()
        self.countdown.start()
        self.ticker = self.set_interval(TICK_SECONDS, self.refresh_tick)
        self.refresh_tick()

    # --- drawing ----------------------------------------------------------------------

    def _set(self, key: str, value: object, apply) -> None:  # type: ignore[no-untyped-def]
        """Only touch a widget when what it shows has changed: a calm, cheap screen."""
        if self._shown.get(key) != value:
            self._shown[key] = value
            apply(value)

    def refresh_tick(self) -> None:
        tick = self.countdown.tick()
        if tick.ended and self.bell and not tick.finished:
            self.app.bell()
        self.speak(tick)
        self.draw(tick)
        if tick.paused != self._footer_paused:
            self._footer_paused = tick.paused
            self.refresh_bindings()  # space: "Pause" or "Resume"
        self._wake_at_deadline(tick)
        if tick.finished and not self.saved and not self.finishing:
            self.finishing = True  # ask once, however many ticks arrive meanwhile
            self.finish()

    def draw(self, tick: Tick) -> None:
        phase = tick.phase
        steps = self.routine.steps
        step = steps[phase.step_index] if phase.step_index is not None else steps[0]
        position = (phase.step_index or 0) + 1
        paused = "  ⏸ PAUSED" if tick.paused else ""
        own = " (your routine)" if self.routine.own else ""
        self._set(
            "title",
            f"{self.routine.title}{own} · step {position} of {len(steps)}{paused}",
            lambda v: self.query_one("#player-title", Static).update(Content(v)),
        )
        label = phase.label if phase.kind != "ready" else f"Get ready: {step.name}"
        self._set(
            "label", label, lambda v: self.query_one("#phase-label", Static).update(Content(v))
        )
        self._set(
            "clock",
            clock_text(tick.remaining),
            lambda v: self.query_one("#clock", Digits).update(v),
        )
        # Bar, picture and cue all come from one moment of the phase: they agree.
        now = moment(
            phase,
            step,
            tick.elapsed,
            still=self.still,
            note=self.routine.note,
            first=tick.index == 0,
        )
        self._set("breath", self._breath_text(now.breath, now.fraction), self._update_breath)
        self._set(
            "pose",
            (step.id, now.frame),
            lambda v: self.query_one("#pose", Static).update(Content(step.frames[v[1]])),
        )
        self._set("cue", now.cue, lambda v: self.query_one("#cue", Static).update(Content(v)))
        step_progress = self.query_one("#step-progress", ProgressBar)
        step_progress.update(progress=round(tick.fraction, 3))
        self.query_one("#routine-progress", ProgressBar).update(
            progress=round(tick.total_fraction, 3)
        )
        self._set(
            "left",
            f" {clock_text(tick.remaining_total)} left",
            lambda v: self.query_one("#routine-left", Static).update(Content(v)),
        )
        self._set(
            "next",
            self._next_text(tick),
            lambda v: self.query_one("#next", Static).update(Content(v)),
        )

    def _wake_at_deadline(self, tick: Tick) -> None:
        """Besides the steady tick, wake exactly when this phase ends, so the chime and
        the next step come on time rather than up to a tick late."""
        key = (tick.index, tick.paused, tick.finished)
        if key == self._wake_key:
            return
        self._wake_key = key
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        if not tick.paused and not tick.finished:
            self._wake = self.set_timer(max(0.0, tick.remaining), self.refresh_tick)

    def speak(self, tick: Tick) -> None:
        """Say what is due (the script always runs, so turning the voice on never reads
        out a backlog), and wake exactly when the next line is due."""
        lines = self.script.due(tick)
        voice = self.coach.voice if self.voice_on else None
        if voice is None:
            return
        for line in lines:
            voice.say(line)  # queued: never blocks the countdown
        wait = self.script.next_due(tick)
        at = None if wait is None else tick.now + wait
        if at != self._voice_wake_at:
            self._voice_wake_at = at
            if self._voice_wake is not None:
                self._voice_wake.stop()
                self._voice_wake = None
            if wait is not None:
                self._voice_wake = self.set_timer(wait, self.refresh_tick)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "voice":
            return bool(parameters[0]) != self.voice_on
        if action == "pause_resume":
            running = not self.countdown.paused
            return bool(parameters[0]) == running
        return True

    def action_voice(self, on: bool) -> None:
        self.voice_on = on
        self.coach.change_settings(stored_settings(voice=on))
        self.refresh_bindings()
        if on and self.coach.voice is None:
            from coach.speech import INSTALL_HINT

            self.notify(INSTALL_HINT, title="Voice on", markup=False)
        else:
            self.notify(
                "Voice on: the player says each step, the breath and the count."
                if on
                else "Voice off.",
                title="Voice",
                markup=False,
            )

    def _update_breath(self, text: str) -> None:
        self.query_one("#breath", Static).update(Content.styled(text, "bold $accent"))

    @staticmethod
    def _breath_text(kind: str | None, fraction: float) -> str:
        if kind is None:
            return "Breathe normally"
        filled = min(6, int(fraction * 6) + 1)
        bar = "▰" * filled + "▱" * (6 - filled)
        return f"Breathe {kind} {bar}"

    def _next_text(self, tick: Tick) -> str:
        phases = self.countdown.phases
        following = phases[tick.index + 1 :]
        upcoming = next((p for p in following if p.kind == "step"), None)
        if upcoming is None:
            return "Next: the end. Well done for making time for this."
        return f"Next: {upcoming.label}"

    # --- keys -------------------------------------------------------------------------

    def action_pause_resume(self, pause: bool = True) -> None:
        self.countdown.toggle()
        self.refresh_tick()

    def action_skip(self) -> None:
        self.countdown.skip()
        self.refresh_tick()

    def action_back(self) -> None:
        self.countdown.back()
        self.refresh_tick()

    @work(exclusive=True, group="player-dialog")
    async def action_end(self) -> None:
        self.refresh_tick()
        if self.finishing or self.saved:
            return  # it has just ended: the finish asks for the pain after
        was_paused = self.countdown.paused
        self.countdown.pause()
        self.refresh_tick()
        done = await self.app.push_screen_wait(
            ConfirmModal(
                "End this routine now? What you have done so far is saved.", yes="End", no="Go on"
            )
        )
        if not done:
            if not was_paused:
                self.countdown.resume()
            self.refresh_tick()
            return
        pain_after = await self.app.push_screen_wait(
            PainKeyModal("How much does your back hurt now?")
        )
        self.save(pain_after=pain_after, stopped_for_pain=False)
        self.notify(
            ended_early_message(
                title=self.routine.title,
                seconds_done=self.countdown.active_seconds_done,
                planned=self.planned_seconds,
                steps_done=self.countdown.steps_done,
                steps=len(self.routine.steps),
                pain_after=pain_after,
            ),
            title="Routine ended",
            markup=False,
        )
        self.dismiss()

    @work(exclusive=True, group="player-dialog")
    async def action_hurts(self) -> None:
        self.refresh_tick()
        if self.finishing or self.saved:
            return
        self.countdown.pause()
        self.refresh_tick()
        tick = self.countdown.tick()
        index = tick.phase.step_index if tick.phase.step_index is not None else 0
        step = self.routine.steps[index]
        pain = await self.app.push_screen_wait(
            PainKeyModal(f"Stopped. How much does it hurt now, after {step.name}?", skippable=False)
        )
        assert pain is not None
        note = (
            f"Stopped {step.name} because it hurt."
            if step.name == self.routine.title
            else f"Stopped {step.name} ({self.routine.title}) because it hurt."
        )
        had_warning = any(w.kind == "stretch_pain" for w in self._warnings())
        saving = self.save(
            pain_after=pain,
            stopped_for_pain=True,
            pain_note=note,
            # The stretch that hurt, with its routine: the warning and the diary name it.
            name=step.name
            if step.name == self.routine.title
            else f"{step.name} ({self.routine.title})",
        )
        if saving is not None:
            await saving  # the warnings below are those of the diary with this stop in it
        if had_warning or not any(w.kind == "stretch_pain" for w in self._warnings()):
            # Otherwise the new "a stretch hurt" warning has just said this: one notice.
            self.notify(
                f"Skip {step.name} for now. If it keeps hurting, see a physiotherapist.",
                title="Routine stopped",
                severity="warning",
                markup=False,
            )
        self.dismiss()

    def _warnings(self):  # type: ignore[no-untyped-def]
        snapshot = self.coach.snapshot
        return snapshot.warnings if snapshot is not None else ()

    # --- ending -----------------------------------------------------------------------

    @work(exclusive=True, group="player-dialog")
    async def finish(self) -> None:
        if self.ticker is not None:
            self.ticker.stop()
        if self.bell:
            self.app.bell()
        pain_after = await self.app.push_screen_wait(
            PainKeyModal(f"{self.routine.title} done. How much does your back hurt now?")
        )
        saving = self.save(pain_after=pain_after, stopped_for_pain=False)
        if saving is not None and await saving is not None:
            self.notify("Routine saved. Well done.", title="Done")
        self.dismiss()

    def on_unmount(self) -> None:
        # Quitting the app mid-routine (ctrl+q) still keeps what was done.
        if not self.saved and self.countdown.seconds_done >= 1:
            self.save(pain_after=None, stopped_for_pain=False)

    def save(
        self,
        *,
        pain_after: int | None,
        stopped_for_pain: bool,
        pain_note: str | None = None,
        name: str | None = None,
    ) -> Saving | None:
        """Save the session once (None if it already was); it lands even if the
        player has gone by then (quitting mid-routine)."""
        if self.saved:
            return None
        self.saved = True
        if self.ticker is not None:
            self.ticker.stop()
        return self.coach.record_session(
            SessionDone(
                kind="routine",
                # The title, not the id: the diary, the warnings and exports read it as is.
                name=name or self.routine.title,
                started_at=self.started_at,
                # The routine's own time: the get-ready countdown is not part of it.
                seconds_done=round(self.countdown.active_seconds_done),
                planned_seconds=self.planned_seconds,
                steps_done=self.countdown.steps_done,
                stopped_for_pain=stopped_for_pain,
                pain_before=self.pain_before,
                pain_after=pain_after,
                pain_note=pain_note,
            )
        )
