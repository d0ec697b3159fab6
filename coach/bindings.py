"""The keymap's rows as Textual bindings: a screen's `BINDINGS` (and so its footer)
come from `coach.keymap`, the one table of keys."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from coach.keymap import Key, Where, keys_for


def binding(key: Key) -> Binding:
    """One row of the keymap as a Textual binding."""
    return Binding(
        key.keys,
        key.action,
        key.label,
        show=key.show,
        key_display=key.key_display,
        priority=key.priority,
        tooltip=key.tooltip,
    )


def bindings_for(where: Where) -> list[BindingType]:
    """The `BINDINGS` of one screen (or of the app), in the keymap's order; keys that
    Textual binds itself (ctrl+p) are left to Textual."""
    return [binding(key) for key in keys_for(where) if not key.builtin]
