"""Settings: saved in the database and applied at once."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, RadioSet, Static, Switch

from coach.screens.port import UsesCoach
from coach.screens.toggles import Choice, LabelledSwitch

HOLDS = (("normal", "Normal holds"), ("gentle", "Gentle holds (about three quarters as long)"))
THEMES = (("coach-dark", "Dark"), ("coach-light", "Light"))


class SettingsScreen(UsesCoach, ModalScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        settings = self.coach.snapshot.settings if self.coach.snapshot else {}
        yield Static(
            Content.from_markup("[b]Settings[/b]  saved as you change them"), classes="title"
        )
        with VerticalScroll(id="settings-body"):
            yield Label("Bell at each change of side or step", classes="question")
            yield LabelledSwitch(value=settings.get("bell", "on") != "off", id="bell")
            yield Label(
                "Voice: say each step, the breath and the count out loud", classes="question"
            )
            yield LabelledSwitch(value=settings.get("voice", "off") == "on", id="voice")
            yield Static(Content(self._engine_words()), id="voice-engine", classes="hint")
            yield Label("Reduce motion (the pose picture stays still)", classes="question")
            yield LabelledSwitch(
                value=settings.get("reduce_motion", "off") == "on", id="reduce_motion"
            )
            yield Label("Routine holds", classes="question")
            with RadioSet(id="holds", compact=True):
                for key, words in HOLDS:
                    yield Choice(words, value=settings.get("holds", "normal") == key)
            yield Label("Theme", classes="question")
            # coach's own themes, both made to read well; no drop-down to cover the footer.
            with RadioSet(id="theme", compact=True):
                for name, words in THEMES:
                    yield Choice(words, value=self.app.theme == name)
            yield Label("Your data", classes="question")
            yield Static(Content(f"{self.coach.db_path}\nOne SQLite file, readable by you only."))
        yield Footer(compact=True, show_command_palette=False)

    def _engine_words(self) -> str:
        from coach.speech import INSTALL_HINT

        voice = self.coach.voice
        if voice is None:
            return INSTALL_HINT
        name = getattr(voice.speaker, "name", "your speech engine")
        return f"Speaks with {name}, on this machine only. v turns it on or off in a routine."

    def _save(self, key: str, value: str) -> None:
        self.coach.change_setting(key, value)

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        if event.switch.id == "bell":
            self._save("bell", "on" if event.value else "off")
        elif event.switch.id == "voice":
            self._save("voice", "on" if event.value else "off")
        elif event.switch.id == "reduce_motion":
            self._save("reduce_motion", "on" if event.value else "off")

    @on(RadioSet.Changed, "#holds")
    def _holds(self, event: RadioSet.Changed) -> None:
        self._save("holds", HOLDS[event.index][0])

    @on(RadioSet.Changed, "#theme")
    def _theme(self, event: RadioSet.Changed) -> None:
        name = THEMES[event.index][0]
        if name != self.app.theme:
            self.app.theme = name
            self._save("theme", name)
