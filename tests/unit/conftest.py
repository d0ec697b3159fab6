"""Fixtures shared by the unit tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.store import Store
from tests.helpers import ZONE


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A diary file of its own, closed after the test."""
    opened = Store.open(tmp_path / "coach.db", zone=ZONE)
    yield opened
    opened.close()
