"""Small typed modals: a yes/no confirmation and a note to read."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.content import Note


class ConfirmModal(ModalScreen[bool]):
    """Ask one question; `y`/Enter on Yes returns True, `n`/Escape returns False."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes", compact=True)
                yield Button(f"{self.no} (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class NoteModal(ModalScreen[None]):
    """A note to read in full (the first-run note, the urgent message)."""

    BINDINGS = [Binding("escape,enter", "close", "Continue")]

    def __init__(self, note: Note, *, urgent: bool = False, extra: str = "") -> None:
        super().__init__(classes="-urgent" if urgent else "")
        self.note = note
        self.extra = extra

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static(self.note.title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="note-body"):
                if self.extra:
                    yield Static(self.extra, classes="note-extra", markup=False)
                yield Static(self.note.body.strip(), markup=False)
                yield Static(f"Source: {self.note.source}", classes="source", markup=False)
            yield Button("Continue (enter)", variant="primary", id="continue", compact=True)

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.dismiss(None)
