"""The ice / heat timer: 15 or 20 minutes with its safety note, saved as a session."""

from __future__ import annotations

from datetime import datetime

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Digits, ProgressBar, Static

from coach.bindings import bindings_for
from coach.content import notes
from coach.countdown import Countdown, Phase
from coach.model import SessionDone
from coach.plan import cold_heat_why, first_cold_heat_kind
from coach.player import ended_early_message
from coach.screens.dialogs import ConfirmModal
from coach.screens.keybar import KeyBar
from coach.screens.port import UsesCoach
from coach.screens.routines import TICK_SECONDS, clock_text
from coach.settings import Settings

CHOICES = (15, 20)


class ColdHeatScreen(UsesCoach, ModalScreen[None]):
    """Modal, so the section keys cannot leave a timer running behind the screen."""

    BINDINGS = bindings_for("coldheat")

    def __init__(self) -> None:
        super().__init__()
        snapshot = self.coach.snapshot
        self.kind = first_cold_heat_kind(snapshot.day_number if snapshot else None)
        self.minutes = CHOICES[0]
        self.countdown: Countdown | None = None
        self.ticker: Timer | None = None
        self.started_at: datetime | None = None
        self.saved = False
        self.bell = snapshot.settings.bell if snapshot else Settings().bell

    def compose(self) -> ComposeResult:
        yield Static(id="coldheat-title", classes="title")
        with VerticalScroll(id="coldheat-body"):
            yield Static(id="coldheat-why", classes="heading")
            yield Digits("15:00", id="coldheat-clock")
            yield ProgressBar(
                total=1.0, show_eta=False, show_percentage=False, id="coldheat-progress"
            )
            yield Static(id="coldheat-state")
            yield Static(id="coldheat-note")
            yield Static(id="coldheat-source", classes="source")
        yield KeyBar()

    def on_mount(self) -> None:
        self.draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("minutes", "switch_kind"):
            return self.countdown is None  # chosen before starting
        if action == "explain_kind":
            return self.countdown is not None
        return True

    def draw(self) -> None:
        note = notes()[self.kind]
        snapshot = self.coach.snapshot
        day = snapshot.day_number if snapshot else None
        self.query_one("#coldheat-title", Static).update(
            Content.assemble(("Ice / heat", "bold"), f"  {note.title}, {self.minutes} minutes")
        )
        why = cold_heat_why(self.kind, day)
        self.query_one("#coldheat-why", Static).update(Content(why))
        self.query_one("#coldheat-note", Static).update(Content(note.body))
        self.query_one("#coldheat-source", Static).update(Content(f"Source: {note.source}"))
        self.refresh_tick()
        self.refresh_bindings()

    def refresh_tick(self) -> None:
        state = self.query_one("#coldheat-state", Static)
        clock = self.query_one("#coldheat-clock", Digits)
        progress = self.query_one("#coldheat-progress", ProgressBar)
        if self.countdown is None:
            clock.update(clock_text(self.minutes * 60))
            progress.update(progress=0)
            state.update(
                Content(
                    "Press space to start. 1 or 2 picks 15 or 20 minutes; k switches cold/heat."
                )
            )
            return
        tick = self.countdown.tick()
        clock.update(clock_text(tick.remaining))
        progress.update(progress=round(tick.fraction, 3))
        if tick.finished:
            state.update(Content("Done."))
            if not self.saved:
                self.finished()
        elif tick.paused:
            state.update(
                Content("⏸ Paused. Space goes on; escape stops and keeps the time so far.")
            )
        else:
            state.update(Content("Running. Space pauses; escape stops and keeps the time so far."))

    def action_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.draw()

    def action_explain_kind(self) -> None:
        self.notify(
            f"This timer is for {self.kind}. To switch, stop it with escape (the time "
            "so far is saved), then press i and choose again.",
            title="Cold or heat",
            markup=False,
        )

    def action_switch_kind(self) -> None:
        self.kind = "heat" if self.kind == "cold" else "cold"
        self.draw()

    def action_start_pause(self) -> None:
        if self.countdown is None:
            phase = Phase("step", self.kind, self.minutes * 60)
            self.countdown = Countdown([phase], clock=self.coach.monotonic)
            self.countdown.start()
            self.started_at = self.coach.clock.now()
            self.ticker = self.set_interval(TICK_SECONDS * 5, self.refresh_tick)
            self.refresh_bindings()
        else:
            self.countdown.toggle()
        self.refresh_tick()

    @work(exclusive=True, group="coldheat-dialog")
    async def action_stop(self) -> None:
        if self.countdown is None or self.saved:
            self.dismiss()
            return
        was_paused = self.countdown.paused
        self.countdown.pause()
        self.refresh_tick()
        stop = await self.app.push_screen_wait(
            ConfirmModal("Stop the timer now? The time so far is saved.", yes="Stop", no="Go on")
        )
        if not stop:
            if not was_paused:
                self.countdown.resume()
            self.refresh_tick()
            return
        self.save()
        self.notify(
            ended_early_message(
                title=self.kind,
                seconds_done=self.countdown.seconds_done,
                planned=self.minutes * 60,
            ),
            title="Timer stopped",
            markup=False,
        )
        self.dismiss()

    def finished(self) -> None:
        if self.bell:
            self.app.bell()
        self.save()
        self.notify(
            f"{self.minutes} minutes of {self.kind} done and ticked off on Today.", title="Done"
        )
        self.dismiss()

    def on_unmount(self) -> None:
        if not self.saved and self.countdown is not None and self.countdown.seconds_done >= 1:
            self.save()

    def save(self) -> None:
        if self.saved or self.countdown is None:
            return
        self.saved = True
        if self.ticker is not None:
            self.ticker.stop()
        self.coach.record_session(
            SessionDone(
                kind="ice" if self.kind == "cold" else "heat",
                name=f"{self.kind} {self.minutes} min",
                started_at=self.started_at,
                seconds_done=round(self.countdown.seconds_done),
                planned_seconds=self.minutes * 60,
            )
        )
