"""SVG snapshots of the diary and the log form at 80x24 and at the smallest size, 60x20.

Update with `make snapshots`, then look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.helpers import (
    SIZES,
    TODAY,
    Size,
    SnapCompare,
    app_for,
    days_before,
    loaded,
    seed_episode,
)


def _seed_with_warnings(db_path: Path) -> None:
    """Five days of 3s, then 9 today: severe and worsening; a note with markup in it."""
    from coach.store import Store
    from tests.helpers import local

    seed_episode(
        db_path,
        onset=days_before(5),
        first_pain=4,
        pains=[(days_before(n), 3) for n in (4, 3, 1)],
    )
    store = Store.open(db_path)
    episode = store.current_episode()
    assert episode is not None
    store.add_entry(
        episode_id=episode.id,
        pain=5,
        logged_at=local(days_before(1), 18, 30),
        note="[b]not bold[/b] stiff after the drive",
    )
    store.add_entry(
        episode_id=episode.id,
        pain=9,
        logged_at=local(TODAY, 8, 15),
        note="Could not bend to tie my shoes",
        meds=True,
        symptoms=["night_pain"],
    )
    store.close()


async def _diary(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("d")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _log_form(pilot: Pilot[None]) -> None:
    await _diary(pilot)
    await pilot.press("l")
    await pilot.pause()


async def _log_form_with_problems(pilot: Pilot[None]) -> None:
    await _log_form(pilot)
    await pilot.press("1", "1")
    pilot.app.screen.query_one("#note", TextArea).insert("x" * 2001)
    await pilot.press("ctrl+s")
    await pilot.pause()


class TestDiary:
    @pytest.mark.parametrize("size", SIZES)
    def test_diary_with_warnings(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        _seed_with_warnings(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_diary)

    @pytest.mark.parametrize("size", SIZES)
    def test_log_form(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        _seed_with_warnings(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=_log_form)

    @pytest.mark.parametrize("size", SIZES)
    def test_log_form_with_problems(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        _seed_with_warnings(db_path)
        assert snap_compare(
            app_for(db_path), terminal_size=size, run_before=_log_form_with_problems
        )
