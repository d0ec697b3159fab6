"""Settings: saved in the database and applied at once."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, RadioSet, Static, Switch

from coach.bindings import bindings_for
from coach.screens.keybar import KeyBar
from coach.screens.port import UsesCoach
from coach.screens.toggles import Choice, LabelledSwitch
from coach.settings import DARK, LIGHT, Holds, Settings, ThemeName, stored_settings

HOLDS: tuple[tuple[Holds, str], ...] = (
    ("normal", "Normal holds"),
    ("gentle", "Gentle holds (about three quarters as long)"),
)
THEMES: tuple[tuple[ThemeName, str], ...] = ((DARK, "Dark"), (LIGHT, "Light"))


class SettingsScreen(UsesCoach, ModalScreen[None]):
    BINDINGS = bindings_for("settings")

    def compose(self) -> ComposeResult:
        settings = self.coach.snapshot.settings if self.coach.snapshot else Settings()
        yield Static(
            Content.from_markup("[b]Settings[/b]  saved as you change them"), classes="title"
        )
        with VerticalScroll(id="settings-body"):
            yield Label("Bell at each change of side or step", classes="question")
            yield LabelledSwitch(value=settings.bell, id="bell")
            yield Label(
                "Voice: say each step, the breath and the count out loud", classes="question"
            )
            yield LabelledSwitch(value=settings.voice, id="voice")
            yield Static(Content(self._engine_words()), id="voice-engine", classes="hint")
            yield Label("Reduce motion (the pose picture stays still)", classes="question")
            yield LabelledSwitch(value=settings.reduce_motion, id="reduce_motion")
            yield Label("Routine holds", classes="question")
            with RadioSet(id="holds", compact=True):
                for key, words in HOLDS:
                    yield Choice(words, value=settings.holds == key)
            yield Label("Theme", classes="question")
            # coach's own themes, both made to read well; no drop-down to cover the footer.
            with RadioSet(id="theme", compact=True):
                for name, words in THEMES:
                    yield Choice(words, value=self.app.theme == name)
            yield Label("Your data", classes="question")
            yield Static(Content(f"{self.coach.db_path}\nOne SQLite file, readable by you only."))
        yield KeyBar()

    def _engine_words(self) -> str:
        from coach.speech import INSTALL_HINT

        voice = self.coach.voice
        if voice is None:
            return INSTALL_HINT
        name = getattr(voice.speaker, "name", "your speech engine")
        return f"Speaks with {name}, on this machine only. v turns it on or off in a routine."

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        if event.switch.id == "bell":
            self._save_all(stored_settings(bell=event.value))
        elif event.switch.id == "voice":
            self._save_all(stored_settings(voice=event.value))
        elif event.switch.id == "reduce_motion":
            self._save_all(stored_settings(reduce_motion=event.value))

    def _save_all(self, stored: dict[str, str]) -> None:
        self.coach.change_settings(stored)

    @on(RadioSet.Changed, "#holds")
    def _holds(self, event: RadioSet.Changed) -> None:
        self._save_all(stored_settings(holds=HOLDS[event.index][0]))

    @on(RadioSet.Changed, "#theme")
    def _theme(self, event: RadioSet.Changed) -> None:
        name = THEMES[event.index][0]
        if name != self.app.theme:
            self.app.theme = name
            self._save_all(stored_settings(theme=name))
