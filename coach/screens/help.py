"""Help: the keys, where the data lives, the first-run note again, and the sources."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.bindings import bindings_for
from coach.content import notes, sources
from coach.keymap import help_lines
from coach.screens.keybar import KeyBar


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for("help")

    def __init__(self, db_path: Path | None) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        yield Static("[b]Help[/b]", classes="title")
        note = notes()["first_run"]
        with VerticalScroll(id="help-body"):
            yield Static("[b]Keys[/b]", classes="heading")
            # Every key of coach, from the one keymap that also makes the footers.
            yield Static(
                "\n".join(f"{line.keys:>10}  {line.text}" for line in help_lines()),
                markup=False,
            )
            yield Static("[b]Your data[/b]", classes="heading")
            yield Static(
                f"{self.db_path or 'not opened yet'}\n"
                "One SQLite file, readable by you only. Nothing leaves this computer "
                "unless you export it.",
                markup=False,
            )
            yield Static(f"[b]{note.title}[/b]", classes="heading")
            yield Static(note.body.strip(), markup=False)
            yield Static(f"Source: {note.source}", classes="source", markup=False)
            yield Static("[b]Sources of the advice[/b]", classes="heading")
            yield Static(
                "\n\n".join(
                    f"{s.label}: {s.title}. {s.author}, {s.year}.\n{s.url}"
                    for s in sources().values()
                )
                + "\n\nAlso on the command line: coach sources",
                id="help-sources",
                markup=False,
            )
        yield KeyBar()
