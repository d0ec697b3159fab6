"""The key bar at the foot of every screen: the keys that work here, on one line.

It shows what Textual's compact `Footer` showed (the screen's active bindings with
`show`, one per action, "key description", dimmed when disabled, in the footer colours)
but as ONE widget drawing one line of Content, updated in place. The Footer was a
container of a score of `FooterKey` widgets, rebuilt (recomposed) on every change of
bindings: laying out and painting them cost ~15 ms at a stretch after each save (issue 11).

coach's bindings have no `group` (coach.bindings makes them), so Footer's grouped keys
are not drawn here.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content, Span
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget


class Entry(NamedTuple):
    """One key as the bar shows it: `start`/`end` are its columns (end excluded)."""

    key: str
    key_display: str
    description: str
    enabled: bool
    tooltip: str
    start: int
    end: int


class KeyBar(Widget, can_focus=False):
    """The keys of the screen it is on, as the compact Footer spaced them: the key (bold,
    no padding), a space, the description, then one column of the bar's background."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "keybar--item",
        "keybar--key",
        "keybar--description",
        "keybar--hover",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--item {
            background: $footer-item-background;
        }
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        # The keys are links (a click presses them) drawn as keys, not underlined.
        self.set_reactive(Widget.auto_links, False)
        self._entries: list[Entry] = []
        self._content = Content("")
        self._hover: str | None = None

    # --- what tests (and the mouse) read --------------------------------------------

    def entries(self) -> list[tuple[str, str, int]]:
        """The keys shown: (key, description, right edge) in columns of the bar, the right
        edge excluded; a key whose edge is past the bar's width is cut off."""
        return [(entry.key, entry.description, entry.end) for entry in self._entries]

    def entry_at(self, x: int) -> Entry | None:
        """The key drawn at column `x` of the bar, if any."""
        for entry in self._entries:
            if entry.start <= x < entry.end:
                return entry
        return None

    # --- kept up to date as Footer is ------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # Shown at the first frame when the screen's bindings can be read now.
        self.refresh_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh_keys()

    def refresh_keys(self) -> None:
        """Read the screen's active bindings again; repaint only if what shows changed."""
        entries = self._read_entries()
        if entries != self._entries:
            self._entries = entries
            self._redraw()

    def _read_entries(self) -> list[Entry]:
        # One entry per action, its first key, in the order of the bindings (Footer's
        # grouping by action).
        first: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in first:
                first[binding.action] = (binding, enabled, tooltip)
        entries: list[Entry] = []
        x = 0
        for binding, enabled, tooltip in first.values():
            key_display = self.app.get_key_display(binding)
            description = binding.description
            # In terminal cells (a key shown as a wide character takes two).
            width = cell_len(key_display) + (1 + cell_len(description) if description else 0)
            entries.append(
                Entry(binding.key, key_display, description, enabled, tooltip, x, x + width)
            )
            x += width + 1  # the compact FooterKey's margin-right
        return entries

    def _redraw(self) -> None:
        text: list[str] = []
        spans: list[Span] = []
        x = 0
        for entry in self._entries:
            start = x
            text.append(entry.key_display)
            x += len(entry.key_display)
            key_end = x
            if entry.description:
                text.append(" " + entry.description)
                x += 1 + len(entry.description)
            spans.append(Span(start, x, ".keybar--item"))
            if entry.key == self._hover:
                spans.append(Span(start, x, ".keybar--hover"))
            spans.append(Span(start, key_end, ".keybar--key"))
            if entry.description:
                spans.append(Span(key_end, x, ".keybar--description"))
            if not entry.enabled:
                spans.append(Span(start, x, Style(dim=True)))
            spans.append(Span(start, x, Style.from_meta({"@click": f"press({entry.key!r})"})))
            text.append(" ")
            x += 1
        content = Content("".join(text), spans)
        if content.plain != self._content.plain or content.spans != self._content.spans:
            self._content = content
            self.refresh()

    def render(self) -> RenderResult:
        return self._content

    # --- the mouse ------------------------------------------------------------------

    async def action_press(self, key: str) -> None:
        """A click on a key does what pressing it does (a disabled key rings the bell)."""
        entry = next((e for e in self._entries if e.key == key), None)
        if entry is None:
            return
        if not entry.enabled:
            self.app.bell()
        else:
            self.app.simulate_key(key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self.entry_at(event.x)
        self._set_hover(entry)

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, entry: Entry | None) -> None:
        key = entry.key if entry is not None else None
        if key != self._hover:
            self._hover = key
            self.tooltip = entry.tooltip if entry is not None and entry.tooltip else None
            self._redraw()
