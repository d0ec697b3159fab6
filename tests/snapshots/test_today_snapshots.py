"""SVG snapshots of Today in each phase of an episode and with warnings, at 80x24 and
at the smallest size, 60x20.

Update with `make snapshots`, then look at the pictures before committing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers import SIZES, TODAY, Size, SnapCompare, app_for, loaded, seed_episode

YESTERDAY = date(2026, 11, 24)


def ease_day_0(db_path: Path) -> None:
    seed_episode(db_path, onset=TODAY, first_pain=6)


def move_day_3(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 22), pains=[(YESTERDAY, 4), (TODAY, 3)])


def recovered(db_path: Path) -> None:
    seed_episode(db_path, onset=date(2026, 11, 20), pains=[(YESTERDAY, 1), (TODAY, 0)])


def urgent(db_path: Path) -> None:
    # Yesterday is logged, so the check-in question does not cover Today.
    seed_episode(
        db_path,
        onset=date(2026, 11, 23),
        first_pain=7,
        pains=[(YESTERDAY, 6)],
        symptoms=["saddle_numbness"],
    )


def caution_severe(db_path: Path) -> None:
    # 7 then 8: severe (a score of 8), without also being "worsening" (+1 only).
    seed_episode(
        db_path, onset=date(2026, 11, 22), first_pain=7, pains=[(YESTERDAY, 7), (TODAY, 8)]
    )


def tier_today(db_path: Path) -> None:
    seed_episode(
        db_path, onset=date(2026, 11, 23), first_pain=5, pains=[(YESTERDAY, 4)], symptoms=["fever"]
    )


def tier_soon(db_path: Path) -> None:
    seed_episode(
        db_path, onset=date(2026, 11, 23), first_pain=5, pains=[(YESTERDAY, 4)], symptoms=["immune"]
    )


class TestTodayPhases:
    @pytest.mark.parametrize("size", SIZES)
    def test_ease_day_0(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        ease_day_0(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("size", SIZES)
    def test_move_day_3(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        move_day_3(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("size", SIZES)
    def test_recovered_prevention(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        recovered(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)


class TestTodayWarnings:
    @pytest.mark.parametrize("size", SIZES)
    def test_urgent(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        urgent(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("size", SIZES)
    def test_caution_severe_pain(
        self, snap_compare: SnapCompare, db_path: Path, size: Size
    ) -> None:
        caution_severe(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)


class TestTodayTiers:
    """The three tiers' notes: emergency (urgent), today and soon, each saying what to
    do and where."""

    @pytest.mark.parametrize("size", SIZES)
    def test_tier_emergency(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        urgent(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("size", SIZES)
    def test_tier_today(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        tier_today(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)

    @pytest.mark.parametrize("size", SIZES)
    def test_tier_soon(self, snap_compare: SnapCompare, db_path: Path, size: Size) -> None:
        tier_soon(db_path)
        assert snap_compare(app_for(db_path), terminal_size=size, run_before=loaded)
