"""SVG snapshots of every screen at 80x24 and at the smallest size, 60x20.

Update with `make snapshots`, then look at the report before committing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers import app_for, loaded, seed_episode

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]


class TestToday:
    @pytest.mark.parametrize("size", SIZES)
    def test_without_episode(self, snap_compare, db_path: Path, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("size", SIZES)
    def test_with_episode(self, snap_compare, db_path: Path, size) -> None:  # type: ignore[no-untyped-def]
        seed_episode(db_path, onset=date(2026, 11, 22), pains=[(date(2026, 11, 24), 4)])
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)
