"""Today: the home screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from coach.dates import long_day, short_day

if TYPE_CHECKING:
    from coach.app import CoachApp
    from coach.state import Snapshot

LEVEL_MARKS = {"urgent": "‼ URGENT", "caution": "▲ CAUTION", "info": "ℹ INFO"}
AREA_WORDS = {"lower": "Lower back", "middle": "Middle back", "upper": "Upper back"}
SIDE_WORDS = {"both": "both sides", "left": "left side", "right": "right side"}


def warning_lines(snapshot: Snapshot) -> Content:
    """Each active warning: its level in words and a symbol, the message, the numbers."""
    parts: list[Content] = []
    for warning in snapshot.warnings:
        lines = [
            Content.styled(LEVEL_MARKS[warning.level], f"bold {LEVEL_STYLE[warning.level]}"),
            Content(" " + warning.message),
        ]
        for reason in warning.reasons:
            lines.append(Content("\n   · " + reason))
        parts.append(Content.assemble(*lines))
    if snapshot.locked:
        parts.append(Content("Press c once a clinician has seen you and cleared you to exercise."))
    return Content("\n").join(parts)


LEVEL_STYLE = {"urgent": "$error", "caution": "$warning", "info": "$accent"}


def episode_lines(snapshot: Snapshot) -> tuple[Content, Content]:
    """The heading and the detail lines of Today, from the snapshot alone."""
    episode = snapshot.episode
    if episode is None:
        heading = Content("No episode yet")
        body = Content.assemble(
            "When your back starts hurting, coach helps you through each day: "
            "what to do, gentle routines, and a pain diary that tells you when to see someone.\n\n",
            "Press ",
            ("n", "bold"),
            " to tell coach what happened. It takes under a minute.",
        )
        return heading, body
    day = snapshot.day_number or 0
    heading = Content.assemble(
        (f"Day {day}", "bold"), f" of this episode, since {short_day(episode.onset)}"
    )
    parts: list[str | tuple[str, str]] = []
    where = AREA_WORDS.get(episode.area, "")
    if where:
        side = SIDE_WORDS.get(episode.side)
        parts.append(f"{where}, {side}" if side else where)
    if episode.activity:
        parts.append(f"; started while {episode.activity}" if parts else episode.activity)
    if parts:
        parts.append("\n")
    latest = snapshot.latest_entry
    if latest is None:
        parts.append("No pain logged yet.")
    else:
        when = "today" if latest.day == snapshot.today else f"on {short_day(latest.day)}"
        parts.append(("Pain ", ""))
        parts.append((f"{latest.pain}/10", "bold"))
        parts.append(f", last logged {when}.")
    todays = snapshot.entries_on(snapshot.today)
    if todays:
        parts.append(f" {len(todays)} entr{'y' if len(todays) == 1 else 'ies'} today.")
    return heading, Content.assemble(*parts)


class TodayScreen(Screen[None]):
    """Day N of the episode, what to do today, and any warning."""

    BINDINGS = [Binding("i", "cold_heat", "Ice", tooltip="Ice / heat timer")]

    def action_cold_heat(self) -> None:
        from coach.screens.coldheat import ColdHeatScreen

        if self.coach.store is not None:
            self.app.push_screen(ColdHeatScreen())

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="title", classes="title")
        with VerticalScroll(id="today-body"):
            yield Static(id="warnings")
            yield Static("Opening your diary…", id="episode-heading", classes="heading")
            yield Static(id="episode-detail")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def coach(self) -> CoachApp:
        return self.app  # type: ignore[return-value]

    def _title(self) -> Content:
        # The date needs pendulum, which loads with the database after the first frame,
        # unless --today already fixed it.
        fixed = self.coach.fixed_today
        return Content.assemble(("Today", "bold"), f"  {long_day(fixed)}" if fixed else "")

    def on_mount(self) -> None:
        self.watch(self.coach, "snapshot", self.show, init=True)

    def show(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        self.query_one("#title", Static).update(
            Content.assemble(("Today", "bold"), f"  {long_day(snapshot.today)}")
        )
        warnings = self.query_one("#warnings", Static)
        warnings.update(warning_lines(snapshot))
        warnings.display = bool(snapshot.warnings or snapshot.locked)
        warnings.set_class(any(w.level == "urgent" for w in snapshot.warnings), "-urgent")
        heading, detail = episode_lines(snapshot)
        self.query_one("#episode-heading", Static).update(heading)
        self.query_one("#episode-detail", Static).update(detail)
