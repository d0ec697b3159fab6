"""What a screen may ask of the app: the state to show, and the actions that save.

Screens type against `Coach`, never against coach.app (which imports the screens) nor
the store: a screen shows the snapshot and hands typed answers to these methods, which
run coach.actions in one transaction, off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, cast

if TYPE_CHECKING:
    import asyncio

    from coach.actions import Outcome
    from coach.clock import Clock
    from coach.model import EpisodeSummary, SessionDone
    from coach.speech import Voice
    from coach.state import Snapshot


Saving: TypeAlias = "asyncio.Future[Outcome[Any] | None]"
"""A save asked for: it runs in the diary's thread, in the order asked, and shows
everywhere once it has run. Await it for the outcome (None: not saved, and the person
has been told); leave it, and it lands all the same."""


class Coach(Protocol):
    """The app as its screens see it."""

    snapshot: Snapshot | None
    clock: Clock
    monotonic: Callable[[], float]
    db_path: Path | None

    @property
    def today(self) -> date: ...

    @property
    def voice(self) -> Voice | None: ...

    def add_entry(
        self,
        *,
        pain: int,
        area: str = "",
        note: str = "",
        meds: bool = False,
        symptoms: tuple[str, ...] = (),
        source: str = "app",
    ) -> Saving: ...

    def update_entry(
        self,
        entry_id: int,
        *,
        pain: int,
        area: str,
        note: str,
        meds: bool,
        symptoms: tuple[str, ...],
    ) -> Saving: ...

    def delete_entry(self, entry_id: int) -> Saving: ...

    def record_session(self, done: SessionDone) -> Saving: ...

    def bump_checklist(self, item: str, delta: int = 1) -> Saving: ...

    def change_settings(self, changes: Mapping[str, str]) -> Saving: ...

    def earlier_episodes(self, current_id: int | None) -> tuple[list[EpisodeSummary], int]: ...

    def first_run_read(self) -> None: ...

    def action_new_episode(self) -> None: ...

    def action_mark_recovered(self) -> None: ...

    def action_cold_heat(self) -> None: ...

    def action_checkin(self) -> None: ...


class UsesCoach:
    """For a screen: `self.coach` is the app, typed as `Coach`."""

    @property
    def coach(self) -> Coach:
        return cast("Coach", self.app)  # type: ignore[attr-defined]
