"""Small typed modals: a yes/no confirmation and a note to read."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.bindings import bindings_for
from coach.content import Note
from coach.screens.keybar import KeyBar
from coach.screens.port import UsesCoach


class ConfirmModal(ModalScreen[bool]):
    """Ask one question; `y`/Enter on Yes returns True, `n`/Escape returns False."""

    BINDINGS = bindings_for("confirm")

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
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class NoteModal(ModalScreen[None]):
    """A note to read in full (the first-run note, the urgent message)."""

    # The text has the focus, so the arrows and page keys scroll it; enter reads on to
    # the end, then closes; escape closes (once, however the keys arrive).
    BINDINGS = bindings_for("note")

    def __init__(self, note: Note, *, urgent: bool = False, extra: str = "") -> None:
        super().__init__(classes="-urgent" if urgent else "")
        self.note = note
        self.extra = extra
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static(self.note.title, classes="dialog-title", markup=False)
            with VerticalScroll(classes="note-body"):
                if self.extra:
                    yield Static(self.extra, classes="note-extra", markup=False)
                yield Static(self.note.body.strip(), markup=False)
                if self.note.source:
                    yield Static(f"Source: {self.note.source}", classes="source", markup=False)
            # No button: enter (or a click on this line, or on the key bar's "⏎ Continue")
            # goes on; a Button's styles and widgets cost the first-run note ~10 ms of
            # start-up (bench/startup.py).
            yield Static(self._hint(False), classes="hint note-hint")
        yield KeyBar()

    @staticmethod
    def _hint(more_below: bool) -> Content:
        keys = "↑ ↓ PgUp PgDn read on · " if more_below else ""
        return Content.assemble(
            keys, Content("enter continues").stylize("$accent bold @click=screen.read_on")
        )

    def on_mount(self) -> None:
        body = self.query_one(".note-body", VerticalScroll)
        body.focus()
        self.call_after_refresh(self._say_how_to_read)

    def _say_how_to_read(self) -> None:
        """The scrolling keys only when there is more to read than fits."""
        body = self.query_one(".note-body", VerticalScroll)
        self.query_one(".note-hint", Static).update(self._hint(bool(body.max_scroll_y)))

    def action_read_on(self) -> None:
        """Enter: when part of the note is still below the fold (the emergency signs, at
        60x20), the first press brings the end into view; the next one closes."""
        body = self.query_one(".note-body", VerticalScroll)
        if body.scroll_y < body.max_scroll_y:
            body.scroll_end(animate=False)
            return
        self.action_close()

    def action_close(self) -> None:
        """Escape (and Enter at the end) closes the note."""
        if not self.closed:
            self.closed = True
            self._read()

    def _read(self) -> None:
        self.dismiss(None)


class FirstRunNote(UsesCoach, NoteModal):
    """The first-run note as the first screen of a new diary: nothing is built behind
    it, so it is drawn as soon as Today would be. Once read, Today takes its place."""

    def __init__(self, note: Note) -> None:
        super().__init__(note)
        self.add_class("-first-run")

    def _read(self) -> None:
        self.coach.first_run_read()


CANCELLED = -1
"""What `PainKeyModal(..., escape_cancels=True)` returns when escape is pressed."""


class PainKeyModal(ModalScreen[int | None]):
    """Ask the pain in one keypress: 0-9, or x for 10. Enter or escape skips; with
    `escape_cancels`, escape returns CANCELLED instead (a question before something
    starts: escape backs out, it never starts it)."""

    BINDINGS = bindings_for("pain")

    def __init__(
        self, question: str, *, skippable: bool = True, escape_cancels: bool = False
    ) -> None:
        super().__init__()
        self.question = question
        self.skippable = skippable
        self.escape_cancels = escape_cancels

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pain-dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(
                "Press 0-9, or x for 10.\n0 no pain · 5 moderate · 10 worst imaginable",
                markup=False,
            )
            if self.escape_cancels:
                hint = "Enter skips the question · escape cancels"
                yield Static(hint, classes="hint", markup=False)
            elif self.skippable:
                yield Static("Enter skips the question.", classes="hint", markup=False)
        yield KeyBar()

    def on_key(self, event: events.Key) -> None:
        from coach.player import PAIN_KEYS

        if event.character and event.character.lower() in PAIN_KEYS:
            event.stop()
            self.dismiss(PAIN_KEYS[event.character.lower()])

    def action_skip(self) -> None:
        if self.skippable:
            self.dismiss(None)

    def action_escape(self) -> None:
        if self.escape_cancels:
            self.dismiss(CANCELLED)
        else:
            self.action_skip()


class CancellablePainModal(PainKeyModal):
    """The pain question asked before something starts: escape cancels (the footer
    says so)."""

    inherit_bindings = False
    BINDINGS = bindings_for("pain_cancellable")

    def __init__(self, question: str) -> None:
        super().__init__(question, escape_cancels=True)
