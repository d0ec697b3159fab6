"""Help: the keys, where the data lives, the first-run note again, and the sources."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from coach.content import notes, sources

KEYS = [
    ("t", "Today"),
    ("r", "Routines"),
    ("d", "Diary"),
    ("l", "Log pain (from anywhere)"),
    ("e, enter", "Diary: edit the selected entry"),
    ("v", "Diary: read the selected entry, its note in full"),
    ("x, delete", "Diary: delete the selected entry (asks first)"),
    ("o", "Diary: show older entries"),
    ("i", "Today: ice / heat timer"),
    ("w, W", "Today: a glass of water more, or one less"),
    ("p, P", "Today: a protein meal more, or one less"),
    ("m", "Today: mark this episode recovered"),
    ("k", "Today: the weekly check-in (from day 7, then every 7 days)"),
    ("s", "Settings: bell, voice, reduce motion, holds, theme"),
    ("n", "New episode (intake)"),
    ("c", "A clinician has cleared me (when routines are locked)"),
    ("?", "This help"),
    ("q", "Quit (also ctrl+q)"),
    ("ctrl+p", "Command palette: every action by name"),
    ("tab", "Next field; shift+tab goes back"),
    ("space", "In a routine: pause or resume"),
    ("→ or s", "In a routine: skip to the next part"),
    ("← or b", "In a routine: back to the start of this part"),
    ("h", "In a routine: this hurts (stops it and logs your pain)"),
    ("v", "In a routine: voice on or off (says each step, the breath and the count)"),
    ("escape", "Leave a form or dialog without saving"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Close")]

    def __init__(self, db_path: Path | None) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        yield Static("[b]Help[/b]", classes="title")
        note = notes()["first_run"]
        with VerticalScroll(id="help-body"):
            yield Static("[b]Keys[/b]", classes="heading")
            yield Static("\n".join(f"{key:>10}  {what}" for key, what in KEYS), markup=False)
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
        yield Footer(compact=True, show_command_palette=False)
