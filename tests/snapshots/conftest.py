from __future__ import annotations

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make the pictures differ from run to run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)
