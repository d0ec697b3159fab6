"""Check boxes, radio buttons and switches whose state shows in their shape or words,
not only in their colour (PRODUCT.md, Feel: never colour alone).

Textual draws every check box as `X` and every radio button as `●`, ticked or not,
and tells them apart by colour alone: under NO_COLOR, on a monochrome terminal or for
a person who does not see colour well, a ticked red flag looks like an unticked one.
Here a ticked box shows `X` and an unticked one a blank; a selected radio button `●`
and an unselected one `○`; a switch has "on" or "off" beside it.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList, Static, Switch
from textual.widgets._toggle_button import ToggleButton

TICKED, UNTICKED = "X", " "
SELECTED, UNSELECTED = "●", "○"


class TickBox(Checkbox):
    """A check box: `X` when ticked, blank when not."""

    def render(self) -> Content:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        return super().render()


class Choice(RadioButton):
    """A radio button: `●` when selected, `○` when not."""

    def render(self) -> Content:
        self.BUTTON_INNER = SELECTED if self.value else UNSELECTED
        return super().render()


class TickList(SelectionList[str]):
    """A selection list whose boxes show `X` when ticked and a blank when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            option = self.get_option_at_index(scroll_y + y)
        except Exception:  # noqa: BLE001 - past the last option: nothing to mark
            return line
        if option.value in self._selected:
            return line
        segments = list(line)
        # SelectionList draws BUTTON_LEFT, BUTTON_INNER, BUTTON_RIGHT, then the prompt.
        if len(segments) > 2 and segments[1].text == ToggleButton.BUTTON_INNER:
            inner = segments[1]
            segments[1] = type(inner)(UNTICKED, inner.style, inner.control)
            return Strip(segments, line.cell_length)
        return line


class LabelledSwitch(Horizontal):
    """A switch with "on" or "off" in words beside it."""

    DEFAULT_CSS = """
    LabelledSwitch { height: auto; }
    LabelledSwitch > .switch-state { width: auto; padding: 0 1; content-align: left middle; }
    """

    def __init__(self, *, value: bool, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=f"{id}-row")
        self.switch = Switch(value=value, id=id)

    def compose(self) -> ComposeResult:
        yield self.switch
        yield Static(self._words(self.switch.value), classes="switch-state")

    @staticmethod
    def _words(value: bool) -> str:
        return "on" if value else "off"

    @on(Switch.Changed)
    def _say_it(self, event: Switch.Changed) -> None:
        self.query_one(".switch-state", Static).update(self._words(event.value))
