"""The yardstick for bench/startup.py: a bare Textual app that paints one line."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare textual app is painted")


if __name__ == "__main__":
    BareApp().run()
