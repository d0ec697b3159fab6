"""The weekly check-in: one keypress a question, then the verdict is the app's to show.

The screen only asks. It returns typed answers (`CheckInAnswers`) with `dismiss`; the
app saves them in one transaction. Escape at any point cancels and saves nothing.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from coach.bindings import bindings_for
from coach.checkin import (
    ACTIVITY_SOURCE,
    MAX_ACTIVITIES,
    PEG_QUESTIONS,
    PEG_SOURCE,
    Activity,
    CheckInAnswers,
    activity_name,
)
from coach.player import PAIN_KEYS
from coach.screens.keybar import KeyBar


class CheckInModal(ModalScreen[CheckInAnswers | None]):
    """Three PEG questions, then your own activities: named the first time (up to
    three, or none), rated 0-10 each time after; `e` renames one, `n` replaces it."""

    BINDINGS = bindings_for("checkin")

    def __init__(self, activities: list[Activity]) -> None:
        super().__init__()
        self.activities = list(activities)
        self.answers: list[int] = []
        self.names: list[str] = [a.name for a in self.activities]
        self.ratings: list[int] = []
        self.renames: dict[int, str] = {}
        self.replaces: dict[int, str] = {}
        # "peg", "rate" (an activity), "name" (typing a new one), "rename", "replace"
        self.step = "peg"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog checkin-dialog"):
            yield Static(id="checkin-title", classes="dialog-title", markup=False)
            yield Static(id="checkin-question", markup=False)
            yield Static(id="checkin-scale", markup=False)
            yield Input(
                id="checkin-name", placeholder="e.g. deadlift, putting on socks", compact=True
            )
            yield Static(id="checkin-hint", classes="hint", markup=False)
            yield Static(id="checkin-source", classes="source", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    # --- what each step shows -------------------------------------------------------

    def _show(self) -> None:
        title = self.query_one("#checkin-title", Static)
        question = self.query_one("#checkin-question", Static)
        scale = self.query_one("#checkin-scale", Static)
        hint = self.query_one("#checkin-hint", Static)
        source = self.query_one("#checkin-source", Static)
        name = self.query_one("#checkin-name", Input)
        name.display = self.step in ("name", "rename", "replace")
        name.disabled = not name.display
        scale.display = self.step != "name"
        if not name.display:
            # The number keys go to the screen, not to a hidden text box.
            self.set_focus(None)
        keys = "Press 0-9, or x for 10. Escape cancels; nothing is saved."
        if self.step == "peg":
            index = len(self.answers)
            _, text, low, high = PEG_QUESTIONS[index]
            title.update(f"Weekly check-in · question {index + 1} of 3")
            question.update(text)
            scale.update(f"0 {low} · 10 {high}")
            hint.update(keys)
            source.update(PEG_SOURCE)
        elif self.step == "rate":
            index = len(self.ratings)
            title.update(f"Your activities · {index + 1} of {len(self.names)}")
            question.update(f"How well can you do this now: {self.names[index]}?")
            scale.update("0 can't do it · 10 as well as before the injury")
            kept = index < len(self.activities) and self.activities[index].id not in self.replaces
            hint.update(keys + (" e renames it, n replaces it." if kept else ""))
            source.update(ACTIVITY_SOURCE)
        elif self.step == "name":
            count = len(self.names)
            title.update(f"Your activities · {count} of up to {MAX_ACTIVITIES}")
            question.update(
                "Name an activity your back pain makes hard, to rate each week."
                if count == 0
                else "Another activity? Up to three."
            )
            scale.update("")
            hint.update("Enter adds it. Enter on an empty line moves on. Escape cancels.")
            source.update(ACTIVITY_SOURCE)
            name.value = ""
            name.focus()
        elif self.step == "rename":
            index = len(self.ratings)
            title.update("Rename the activity")
            question.update(f"A new name for: {self.names[index]}")
            scale.update("Its earlier ratings stay with it.")
            hint.update("Enter keeps the new name. Escape cancels the check-in.")
            name.value = self.names[index]
            name.focus()
        elif self.step == "replace":
            index = len(self.ratings)
            title.update("Replace the activity")
            question.update(f"An activity to rate instead of: {self.names[index]}")
            scale.update("The new one starts from its own first rating.")
            hint.update("Enter puts it in its place. Escape cancels the check-in.")
            name.value = ""
            name.focus()

    # --- keys -----------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if self.step not in ("peg", "rate"):
            return
        character = (event.character or "").lower()
        index = len(self.ratings)
        if (
            self.step == "rate"
            and character in ("e", "n")
            and index < len(self.activities)
            and self.activities[index].id not in self.replaces
        ):
            event.stop()
            self.step = "rename" if character == "e" else "replace"
            self._show()
            return
        if character not in PAIN_KEYS:
            return
        event.stop()
        value = PAIN_KEYS[character]
        if self.step == "peg":
            self.answers.append(value)
            if len(self.answers) < 3:
                self._show()
                return
            self.step = "rate" if self.names else "name"
        else:
            self.ratings.append(value)
            if len(self.ratings) < len(self.names):
                self._show()
                return
            # Everything named is rated: a new name is asked only at the first check-in,
            # while there is room.
            if not self.activities and len(self.names) < MAX_ACTIVITIES:
                self.step = "name"
            else:
                self._finish()
                return
        self._show()

    @on(Input.Submitted, "#checkin-name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.step not in ("name", "rename", "replace"):
            return
        text = event.value
        hint = self.query_one("#checkin-hint", Static)
        if self.step == "name" and not text.strip():
            self._finish()
            return
        try:
            name = activity_name(text)
        except ValueError as error:
            hint.update(str(error).capitalize() + ".")
            return
        others = [
            n for i, n in enumerate(self.names) if self.step == "name" or i != len(self.ratings)
        ]
        if name.casefold() in {n.casefold() for n in others}:
            hint.update(f"You already rate “{name}”. Give another activity.")
            return
        if self.step in ("rename", "replace"):
            index = len(self.ratings)
            self.names[index] = name
            changes = self.renames if self.step == "rename" else self.replaces
            changes[self.activities[index].id] = name
            self.step = "rate"
        else:
            self.names.append(name)
            self.step = "rate"
        self._show()

    def _finish(self) -> None:
        pain, enjoyment, activity = self.answers
        self.dismiss(
            CheckInAnswers(
                pain=pain,
                enjoyment=enjoyment,
                activity=activity,
                goals=tuple(zip(self.names, self.ratings, strict=True)),
                renames=dict(self.renames),
                replaces=dict(self.replaces),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
