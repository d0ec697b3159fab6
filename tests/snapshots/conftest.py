from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make the pictures differ from run to run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)
    # The note field's cursor blinks on its own timer too: under load a picture could
    # be taken in either half of the blink.
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda _self: None)
