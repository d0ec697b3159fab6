"""Today: the home screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from coach.bindings import bindings_for
from coach.dates import long_day, short_day
from coach.model import LEVEL_MARKS, SIDE_WORDS
from coach.screens.keybar import KeyBar
from coach.screens.port import UsesCoach
from coach.textsafe import shown

if TYPE_CHECKING:
    from coach.state import Snapshot

AREA_WORDS = {"lower": "Lower back", "middle": "Middle back", "upper": "Upper back"}


SYMPTOM_KINDS = ("emergency", "see_doctor_today", "see_doctor_soon")


def warning_lines(snapshot: Snapshot, *, all_reasons: bool = True) -> Content:
    """Each active warning: its level in words and a symbol, the message, the numbers.

    Without `all_reasons` (Today, which must fit one glance at 60x20) only the warnings
    raised by symptoms name them; a line points to the diary for the numbers.
    """
    parts: list[Content] = []
    left_out = False
    for warning in snapshot.warnings:
        lines = [
            Content.styled(LEVEL_MARKS[warning.level], f"bold {LEVEL_STYLE[warning.level]}"),
            Content(" " + shown(warning.message)),
        ]
        if all_reasons or warning.kind in SYMPTOM_KINDS:
            for reason in warning.reasons:
                lines.append(Content("\n   · " + shown(reason, one_line=True)))
        else:
            left_out = left_out or bool(warning.reasons)
        parts.append(Content.assemble(*lines))
    if left_out:
        parts.append(Content.styled("The diary (d) shows the numbers behind each.", "dim"))
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
            "Telling coach what happened takes under a minute.",
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
        activity = shown(episode.activity, one_line=True)
        parts.append(f"; started while {activity}" if parts else activity)
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


def next_line(snapshot: Snapshot) -> Content:
    plan = snapshot.plan
    if plan is None:
        return Content("")
    action = plan.next_action
    key = Content.assemble(" (press ", (action.key, "bold"), ")") if action.key else Content("")
    return Content.assemble(("Next: ", "bold $accent"), action.text, key)


def checkin_line(snapshot: Snapshot) -> Content:
    """The weekly check-in when it is due, else the latest verdict with its numbers, and
    the suggestion to mark recovered when the latest check-in looks recovered."""
    from coach.checkin import is_due, suggests_recovered, verdicts

    episode = snapshot.episode
    if episode is None or snapshot.plan is None:
        return Content("")
    parts: list[Content] = []
    if is_due(episode.onset, snapshot.checkins, snapshot.today):
        parts.append(
            Content.assemble(
                ("Weekly check-in", "bold"), " is due: three questions, press ", ("k", "bold"), "."
            )
        )
    if snapshot.checkins:
        latest = verdicts(snapshot.checkins)[-1]
        parts.append(
            Content.assemble((f"Check-in {short_day(latest.checkin.day)}: ", "bold"), latest.text())
        )
        if suggests_recovered(latest.checkin) and not snapshot.plan.recovered:
            parts.append(
                Content.assemble(
                    "PEG 1 or less and every activity at 9 or 10: you may be recovered. Press ",
                    ("m", "bold"),
                    " to mark it.",
                )
            )
    return Content("\n").join(parts)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def checklist_lines(snapshot: Snapshot) -> Content:
    """Today's checklist: two things it sees for itself, three the person ticks."""
    ticks = snapshot.day_checklist
    logged, routine, cold_heat = ticks.pain_logged, ticks.routine_done, ticks.cold_heat
    water, protein = ticks.water, ticks.protein

    def box(done: bool) -> str:
        return "[x]" if done else "[ ]"

    glasses = "glass" if water == 1 else "glasses"
    lines = [
        f"{box(logged)} Pain logged  {box(routine)} Routine  "
        f"{box(cold_heat > 0)} Ice/heat {cold_heat} (i)",
        # One key each, like (i); W and P take one off (Help lists them).
        f"{box(water > 0)} Water {water} {glasses} (w)  "
        f"{box(protein > 0)} Protein meals {protein} (p)",
    ]
    streaks = []
    if snapshot.logged_streak:
        streaks.append(f"{plural(snapshot.logged_streak, 'day')} logged in a row")
    if snapshot.routine_streak:
        streaks.append(f"routines {plural(snapshot.routine_streak, 'day')} in a row")
    if streaks:
        lines.append("Streaks: " + ", ".join(streaks) + ".")
    return Content("\n".join(lines))


def advice_lines(snapshot: Snapshot) -> Content:
    plan = snapshot.plan
    if plan is None:
        return Content("")
    parts: list[Content] = []
    if plan.phase is not None:
        parts.append(Content.styled(plan.phase.title, "bold $primary"))
        for item in plan.phase.advice:
            parts.append(Content.assemble("• ", item.text, (f"  ({item.source})", "dim")))
    for item in plan.everyday:
        parts.append(Content.assemble("• ", item.text, (f"  ({item.source})", "dim")))
    return Content("\n").join(parts)


def tip_line(snapshot: Snapshot) -> Content:
    if snapshot.plan is None:
        return Content("")
    tip = snapshot.plan.tip
    return Content.assemble(("Tip: ", "bold"), tip.text, (f"  ({tip.source})", "dim"))


class TodayScreen(UsesCoach, Screen[None]):
    """Day N of the episode, what to do today, and any warning."""

    BINDINGS = bindings_for("today")

    def action_checkin(self) -> None:
        self.coach.action_checkin()

    def action_tick(self, item: str, delta: int) -> None:
        self.coach.bump_checklist(item, delta)

    def action_mark_recovered(self) -> None:
        self.coach.action_mark_recovered()

    def action_cold_heat(self) -> None:
        self.coach.action_cold_heat()

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="title", classes="title")
        with VerticalScroll(id="today-body"):
            # Composed at once (cheaper than mounting later), shown with the snapshot:
            # until then (a diary being migrated) only "Opening your diary…" is.
            yield self._pending(Static(id="warnings"))
            yield Static("Opening your diary…", id="episode-heading", classes="heading")
            for name in ("episode-detail", "next", "checkin", "checklist", "advice", "tip"):
                yield self._pending(Static(id=name))
        yield KeyBar()

    @staticmethod
    def _pending(widget: Static) -> Static:
        widget.display = False
        return widget

    def _title(self) -> Content:
        return Content.assemble(("Today", "bold"), f"  {long_day(self.coach.today)}")

    def on_mount(self) -> None:
        # What each Static shows now, so a save repaints only what changed.
        self._shown: dict[str, Content] = {}
        self.watch(self.app, "snapshot", self.show, init=True)

    def show(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        for name in ("#episode-detail", "#next", "#advice", "#tip"):
            self.query_one(name).display = True
        self._put("#title", Content.assemble(("Today", "bold"), f"  {long_day(snapshot.today)}"))
        warnings = self._put("#warnings", warning_lines(snapshot, all_reasons=False))
        warnings.display = bool(snapshot.warnings or snapshot.locked)
        warnings.set_class(any(w.level == "urgent" for w in snapshot.warnings), "-urgent")
        heading, detail = episode_lines(snapshot)
        self._put("#episode-heading", heading)
        self._put("#episode-detail", detail)
        self._put("#next", next_line(snapshot))
        line = checkin_line(snapshot)
        self._put("#checkin", line).display = bool(line)
        checklist = self._put("#checklist", checklist_lines(snapshot))
        checklist.display = snapshot.episode is not None
        self._put("#advice", advice_lines(snapshot))
        self._put("#tip", tip_line(snapshot))

    def _put(self, selector: str, content: Content) -> Static:
        """Show `content` in a Static, doing nothing when it shows that already, and
        without a new layout when it takes as many lines as before: after a save
        (a glass of water) only the line that changed is painted again."""
        widget = self.query_one(selector, Static)
        shown = self._shown.get(selector)
        # Content's == compares the text alone; a change of style counts too.
        if shown is not None and (shown.plain, shown.spans) == (content.plain, content.spans):
            return widget
        width = widget.content_region.width
        same_height = (
            shown is not None and width > 0 and len(content.wrap(width)) == len(shown.wrap(width))
        )
        self._shown[selector] = content
        widget.update(content, layout=not same_height)
        return widget
