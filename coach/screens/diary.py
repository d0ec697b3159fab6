"""The diary: the log form, the entries newest first, the daily pain chart, the
warnings with their reasons, and the earlier episodes.

Fast with years of entries: the chart folds days into wider columns when they do
not fit, and the list shows the newest entries first and adds older ones in pages
as the cursor reaches the end. User text (notes) is always shown literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    Label,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.worker import Worker, WorkerState

from coach import validate
from coach.bindings import bindings_for
from coach.chart import ChartColumns, chart_columns, group_words
from coach.content import red_flag_index
from coach.dates import day_and_time, long_day, short_day
from coach.intake import intake_flags_by_entry, shown_flags
from coach.model import AREAS, DiaryEntry, EpisodeSummary
from coach.safety import triage
from coach.screens.fields import (
    CheckValidator,
    Field,
    FormScreen,
    OrderedInput,
    OrderedTextArea,
    RedFlagChecklist,
    show_text,
)
from coach.screens.keybar import KeyBar
from coach.screens.port import UsesCoach
from coach.screens.today import AREA_WORDS, warning_lines
from coach.screens.toggles import Choice, TickBox
from coach.textsafe import shown

if TYPE_CHECKING:
    from coach.state import Snapshot

#: Entries shown when the diary opens, and added each time the cursor reaches the end.
PAGE = 60
#: Earlier episodes listed under the entries.
PAIN_ANCHORS = "0 no pain · 5 moderate · 10 worst imaginable"


# --- words for entries --------------------------------------------------------------


def entry_when(entry: DiaryEntry, today: date | None = None) -> str:
    """'Wed 25 Nov 09:12': the entry's stored day, and the local time it was logged; with
    the year when it is not this year's (as the Markdown export says it)."""
    return day_and_time(entry.day, entry.logged_at, today)


def flag_marker(keys: Sequence[str]) -> str:
    """The mark of the highest tier among the symptoms and how many there are: '‼ 2'
    with an emergency sign, '▲ 1' with a see-today one, '△ 1' otherwise; '' for none."""
    if not keys:
        return ""
    flags = red_flag_index()
    levels = {flags[key].level for key in keys if key in flags}
    mark = "‼" if "emergency" in levels else "▲" if "today" in levels else "△"
    return f"{mark} {len(keys)}"


def note_preview(note: str, width: int) -> Text:
    """The note on one line, cut to `width` cells. A plain Text: never read as markup."""
    one_line = " ↵ ".join(line.strip() for line in note.strip().splitlines())
    text = Text(shown(one_line, one_line=True), no_wrap=True)
    text.truncate(max(width, 1), overflow="ellipsis")
    return text


# --- the chart ----------------------------------------------------------------------

CHART_ROWS = 3
EIGHTHS = " ▁▂▃▄▅▆▇█"
AXIS_WIDTH = 3  # "10 "
SEVERE = 8


def chart_content(scores: Mapping[date, int], first: date, last: date, width: int) -> Content:
    """A small bar chart of the daily score, with its caption and its first and last dates.

    Fits `width` cells: the y axis takes three, the bars the rest.
    """
    shown = {day: score for day, score in scores.items() if first <= day <= last}
    if not shown:
        return Content.styled("Pain by day: nothing logged yet.", "$text-muted")
    columns = chart_columns(shown, first, last, width - AXIS_WIDTH)
    low, high = min(shown.values()), max(shown.values())
    group = group_words(columns.days)
    if columns.days in (1, 7):
        caption = f"Pain by {group}, highest each {group}"
    else:
        caption = f"Pain per {group}, highest of each"
    lines: list[Content] = [
        Content.assemble((caption, "bold"), f" · low {low}, high {high}"),
    ]
    total = CHART_ROWS * 8
    labels = ["10 "] + ["   "] * (CHART_ROWS - 2) + [" 0 "]
    bar = max(1, columns.cells - 1) if columns.cells > 1 else 1
    gap = " " * (columns.cells - bar)
    for row in range(CHART_ROWS):
        base = (CHART_ROWS - 1 - row) * 8
        parts: list[Content] = [Content.styled(labels[row], "$text-muted")]
        for value in columns.values:
            if value is None:
                mark = "·" if row == CHART_ROWS - 1 else " "
                parts.append(Content.styled(mark * bar + gap, "$text-muted"))
                continue
            level = max(1, round(value * total / 10))
            fill = min(8, max(0, level - base))
            style = "$warning" if value >= SEVERE else "$primary"
            parts.append(Content.styled(EIGHTHS[fill] * bar, style) + Content(gap))
        lines.append(Content.assemble(*parts))
    lines.append(_date_line(columns, len(columns.values) * columns.cells))
    return Content("\n").join(lines)


def _date_line(columns: ChartColumns, bars_width: int) -> Content:
    years_differ = columns.first.year != columns.last.year
    say = long_day if years_differ else short_day
    left, right = say(columns.first), say(columns.last)
    room = bars_width - len(left) - len(right)
    if columns.first == columns.last:
        text = left
    elif room >= 1:
        text = left + " " * room + right
    else:
        text = f"{left} to {right}"
    return Content.styled(" " * AXIS_WIDTH + text, "$text-muted")


class PainChart(Widget):
    """The daily score over the episode; redrawn to fit whatever width it has."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.scores: Mapping[date, int] = {}
        self.first: date | None = None
        self.last: date | None = None
        self._drawn: tuple[int, Content] | None = None

    def show(self, scores: Mapping[date, int], first: date, last: date) -> None:
        self.scores, self.first, self.last = scores, first, last
        self._drawn = None
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return CHART_ROWS + 2 if self.scores else 1

    def render(self) -> Content:
        if self.first is None or self.last is None:
            return Content("")
        width = self.size.width
        if self._drawn is None or self._drawn[0] != width:
            self._drawn = (width, chart_content(self.scores, self.first, self.last, width))
        return self._drawn[1]


# --- the entries --------------------------------------------------------------------


class EntryTable(DataTable[object]):
    """The entries, newest first. Its height follows its rows, so the page around it
    scrolls as one; paging moves by what the page shows."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("diary_table")

    def _page(self) -> int:
        parent = self.parent
        height = parent.size.height if isinstance(parent, Widget) else self.size.height
        return max(1, height - 3)

    def action_page_down(self) -> None:
        self.move_cursor(row=min(self.row_count - 1, self.cursor_row + self._page()))

    def action_page_up(self) -> None:
        self.move_cursor(row=max(0, self.cursor_row - self._page()))


def history_content(summaries: Sequence[EpisodeSummary], total: int) -> Content:
    lines = [Content.styled("Earlier episodes", "bold")]
    for item in summaries:
        episode = item.episode
        words = f"{long_day(episode.onset)} · {item.days} day{'s' if item.days != 1 else ''}"
        if item.highest is not None:
            words += f" · highest {item.highest}"
        where = AREA_WORDS.get(episode.area)
        if where:
            words += f" · {where.lower()}"
        lines.append(Content("  " + words))
    if total > len(summaries):
        lines.append(Content.styled(f"  and {total - len(summaries)} older", "$text-muted"))
    return Content("\n").join(lines)


def checkin_lines(snapshot: Snapshot) -> Content:
    """The weekly check-ins, newest first, each with its verdict and numbers."""
    from coach.checkin import verdicts

    if not snapshot.checkins:
        return Content("")
    lines = [Content.styled("Weekly check-ins (PEG 0-10, lower is better)", "bold")]
    for verdict in reversed(verdicts(snapshot.checkins)):
        checkin = verdict.checkin
        lines.append(
            Content.assemble(
                (short_day(checkin.day), "bold"),
                f"  {verdict.text()}",
            )
        )
        if checkin.ratings:
            rated = ", ".join(f"{r.name} {r.score}" for r in checkin.ratings)
            lines.append(Content.styled(f"   your activities: {rated}", "dim"))
    return Content("\n").join(lines)


class DiaryScreen(UsesCoach, Screen[None]):
    """Warnings, the daily pain chart, the entries newest first, earlier episodes."""

    SCOPED_CSS = False
    BINDINGS = bindings_for("diary")

    def __init__(self) -> None:
        super().__init__()
        self.shown = PAGE
        self.entries_newest: list[DiaryEntry] = []
        self._intake_flags: dict[int, tuple[str, ...]] = {}
        self._episode_id: int | None = None
        self._newest_id: int | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Diary", "bold"), id="title", classes="title")
        with VerticalScroll(id="diary-body"):
            yield Static(id="warnings")
            yield PainChart(id="chart")
            yield Static(
                "No pain logged yet. Press l to log how much it hurts.",
                id="diary-empty",
                markup=False,
            )
            table = EntryTable(id="entries", cursor_type="row", zebra_stripes=False)
            table.add_column("When", key="when")
            table.add_column(Text("Pain", justify="right"), key="pain")
            table.add_column("Meds", key="meds")
            table.add_column("Flags", key="flags")
            table.add_column("Note", key="note")
            yield table
            yield Static(id="diary-more", classes="hint", markup=False)
            yield Static(id="diary-checkins")
            yield Static(id="history")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#entries", EntryTable)
        table.focus(scroll_visible=False)
        self.watch(self.app, "snapshot", self.show, init=True)

    # --- showing the snapshot ------------------------------------------------------

    def show(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        episode = snapshot.episode
        title = Content.styled("Diary", "bold")
        if episode is not None:
            count = len(snapshot.entries)
            onset = episode.onset
            since = short_day(onset) if onset.year == snapshot.today.year else long_day(onset)
            title += Content(
                f"  day {snapshot.day_number or 0:,} since {since}"
                f" · {count:,} entr{'y' if count == 1 else 'ies'}"
            )
        self.query_one("#title", Static).update(title)

        warnings = self.query_one("#warnings", Static)
        warnings.update(warning_lines(snapshot))
        warnings.display = bool(snapshot.warnings or snapshot.locked)
        warnings.set_class(any(w.level == "urgent" for w in snapshot.warnings), "-urgent")

        chart = self.query_one(PainChart)
        if episode is not None and snapshot.entries:
            chart.show(snapshot.scores, min(episode.onset, snapshot.today), snapshot.today)
            chart.display = True
        else:
            chart.display = False

        self.entries_newest = list(reversed(snapshot.entries))
        self._intake_flags = intake_flags_by_entry(snapshot.entries, snapshot.symptoms)
        newest = self.entries_newest[0].id if self.entries_newest else None
        to_top = newest is not None and (self._newest_id is None or newest > self._newest_id)
        self._newest_id = newest
        self.query_one("#diary-empty").display = not self.entries_newest
        self.query_one("#entries").display = bool(self.entries_newest)
        self._fill_table(keep_cursor=not to_top)

        checkins = self.query_one("#diary-checkins", Static)
        checkins.update(checkin_lines(snapshot))
        checkins.display = bool(snapshot.checkins)

        if episode is None or episode.id != self._episode_id:
            self._episode_id = episode.id if episode else None
            self._load_history(self._episode_id)

    def _note_width(self) -> int:
        # Screen width less the body's padding and scrollbar, and the other columns
        # (each with one cell of padding either side).
        width = self.app.size.width - 4
        when = max((len(entry_when(e, self.coach.today)) for e in self._page()), default=16)
        return max(12, width - (when + 2) - 6 - 6 - 7 - 2)

    def _page(self) -> list[DiaryEntry]:
        return self.entries_newest[: self.shown]

    def _row(self, entry: DiaryEntry, note_width: int) -> tuple[object, ...]:
        return (
            entry_when(entry, self.coach.today),
            Text(str(entry.pain), justify="right"),
            "yes" if entry.meds else "",
            flag_marker(shown_flags(entry, self._intake_flags)),
            note_preview(entry.note, note_width),
        )

    def _fill_table(self, *, keep_cursor: bool) -> None:
        table = self.query_one("#entries", EntryTable)
        selected = self.selected_entry() if keep_cursor else None
        row_index = table.cursor_row if keep_cursor else 0
        self._width = self.app.size.width
        note_width = self._note_width()
        table.clear()
        page = self._page()
        for entry in page:
            table.add_row(*self._row(entry, note_width), key=str(entry.id))
        if page:
            if selected is not None and any(e.id == selected.id for e in page):
                row_index = table.get_row_index(str(selected.id))
            table.move_cursor(row=min(max(row_index, 0), len(page) - 1), animate=False)
        self._show_more()

    def _show_more(self) -> None:
        total = len(self.entries_newest)
        shown = min(self.shown, total)
        more = self.query_one("#diary-more", Static)
        more.display = total > shown
        more.update(
            f"Newest {shown:,} of {total:,} entries. Move down past the last one, "
            "or press o, for older ones."
        )

    def action_older(self) -> None:
        """Add the next page of older entries at the end of the list."""
        total = len(self.entries_newest)
        if self.shown >= total:
            return
        table = self.query_one("#entries", EntryTable)
        note_width = self._note_width()
        start = self.shown
        self.shown += PAGE
        for entry in self.entries_newest[start : self.shown]:
            table.add_row(*self._row(entry, note_width), key=str(entry.id))
        self._show_more()

    def on_resize(self) -> None:
        if self.app.size.width != self._width and self.entries_newest:
            self._fill_table(keep_cursor=True)

    @on(DataTable.RowHighlighted, "#entries")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one("#entries", EntryTable)
        if event.cursor_row == table.row_count - 1:
            self.action_older()
        self.call_after_refresh(self._follow_cursor)

    def _follow_cursor(self) -> None:
        """Keep the cursor's row in view. The page scrolls as one: on the first row the
        warnings and the chart show above the list; moving down brings the list up."""
        table = self.query_one("#entries", EntryTable)
        body = self.query_one("#diary-body", VerticalScroll)
        row = table.cursor_row
        if row <= 0:
            body.scroll_home(animate=False, immediate=True)
            return
        if row >= table.row_count - 1:
            body.scroll_end(animate=False, immediate=True)
            return
        view = body.scrollable_content_region.height
        table_top = table.virtual_region.y
        row_y = table_top + table.header_height + row
        target = body.scroll_y
        if target < table_top and row_y + 2 < table_top + view:
            target = table_top  # into the list: header at the top, as many rows as fit
        target = min(target, row_y - 1)
        target = max(target, row_y + 2 - view)
        body.scroll_to(y=target, animate=False, immediate=True)

    # --- earlier episodes ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="diary-history", exit_on_error=False)
    def _load_history(self, current_id: int | None) -> tuple[list[EpisodeSummary], int]:
        return self.coach.earlier_episodes(current_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "diary-history" or event.state != WorkerState.SUCCESS:
            return
        summaries, total = event.worker.result  # type: ignore[misc]
        history = self.query_one("#history", Static)
        history.display = bool(summaries)
        if summaries:
            history.update(history_content(summaries, total))

    # --- edit and delete -----------------------------------------------------------

    def selected_entry(self) -> DiaryEntry | None:
        table = self.query_one("#entries", EntryTable)
        page = self._page()
        if not page or not table.display:
            return None
        row = table.cursor_row
        return page[row] if 0 <= row < len(page) else None

    def action_edit(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.app.push_screen(LogEntryModal(entry))

    def action_read(self) -> None:
        """The whole entry, its note in full (the table cuts long notes short)."""
        from coach.content import Note
        from coach.screens.dialogs import NoteModal

        entry = self.selected_entry()
        if entry is None:
            return
        lines = [f"Pain {entry.pain}/10" + (", pain relief taken" if entry.meds else "")]
        if entry.symptoms:
            flags = red_flag_index()
            lines.append(
                "Signs: " + "; ".join(shown(flags[k].text) for k in entry.symptoms if k in flags)
            )
        lines.append("")
        lines.append(shown(entry.note) if entry.note else "No note.")
        title = entry_when(entry, self.coach.today)
        self.app.push_screen(NoteModal(Note(title, "\n".join(lines), "")))

    @on(DataTable.RowSelected, "#entries")
    def _row_selected(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        from coach.screens.dialogs import ConfirmModal

        when = entry_when(entry, self.coach.today)
        question = f"Delete the entry of {when}, pain {entry.pain}? This cannot be undone."
        emergency = triage(entry.symptoms, red_flag_index()).emergency
        if emergency:
            signs = "; ".join(flag.text for flag in emergency)
            question += (
                f"\n\nIt records an emergency sign ({signs}). Deleting it takes that answer "
                "away too, and may unlock the routines. Only do this if it was ticked by mistake."
            )

        async def answered(yes: bool | None) -> None:
            if yes and await self.coach.delete_entry(entry.id) is not None:
                self.notify(f"Deleted the entry of {when}.", title="Deleted", timeout=4)

        self.app.push_screen(ConfirmModal(question, yes="Delete", no="Keep"), answered)


# --- the log form -------------------------------------------------------------------


class NoteField(Vertical):
    """A note of up to 2,000 characters with a live counter and its message beside it."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.initial = text
        self.validator = CheckValidator(validate.note)

    def compose(self) -> ComposeResult:
        yield Label("A note for your diary (optional)", classes="question")
        yield OrderedTextArea(
            self.initial,
            id="note",
            compact=True,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            highlight_cursor_line=False,
        )
        with Horizontal(classes="note-status"):
            yield Static("", classes="problem", markup=False)
            yield Static(self._counter(len(self.initial)), classes="counter", markup=False)

    @staticmethod
    def _counter(length: int) -> str:
        return f"{length:,}/{validate.NOTE_LIMIT:,}"

    @property
    def text(self) -> str:
        return self.query_one("#note", TextArea).text

    def check(self) -> bool:
        """Show the counter and any problem; say whether the note can be saved."""
        text = self.text
        result = self.validator.validate(text)
        show_text(self.query_one(".counter", Static), self._counter(len(text)))
        show_text(
            self.query_one(".problem", Static),
            "" if result.is_valid else "⚠ " + "; ".join(result.failure_descriptions),
        )
        self.set_class(not result.is_valid, "-invalid")  # after the text: see Field.show
        return result.is_valid

    @on(TextArea.Changed, "#note")
    def _changed(self) -> None:
        self.check()


class LogEntryModal(UsesCoach, FormScreen[None]):
    """Log pain now, or change an entry. It saves through the app; escape saves nothing."""

    SCOPED_CSS = False

    def __init__(self, entry: DiaryEntry | None = None) -> None:
        super().__init__()
        self.entry = entry
        # Set once the person has confirmed unticking the emergency signs of this entry.
        self._untick_confirmed = False
        # While the save runs in the diary's thread: the form stays up (what was typed
        # stays if it fails) and a second ctrl+s, a click or escape does nothing.
        self._saving = False

    def _unticked_emergency(self, keys: tuple[str, ...]) -> list[str]:
        """The texts of the emergency signs this entry records that `keys` leaves out."""
        if self.entry is None:
            return []
        recorded = triage(self.entry.symptoms, red_flag_index()).emergency
        return [flag.text for flag in recorded if flag.key not in keys]

    def _default_area(self) -> str:
        if self.entry is not None and self.entry.area in AREAS:
            return self.entry.area
        snapshot = self.coach.snapshot
        episode = snapshot.episode if snapshot else None
        return episode.area if episode is not None and episode.area in AREAS else AREAS[0]

    def compose(self) -> ComposeResult:
        entry = self.entry
        if entry is None:
            title = Content.assemble(("Log pain", "bold"), "  tab moves, ctrl+s saves")
            question = "How much does it hurt now, from 0 to 10?"
        else:
            when = entry_when(entry, self.coach.today)
            title = Content.assemble(("Edit entry", "bold"), f"  {when}, ctrl+s saves")
            question = "How much did it hurt, from 0 to 10?"
        yield Static(title, classes="title")
        with VerticalScroll(id="log-form"):
            yield Field(
                question,
                OrderedInput(
                    value=str(entry.pain) if entry else "",
                    placeholder="0 to 10",
                    validators=[CheckValidator(validate.pain)],
                    id="pain",
                    compact=True,
                ),
                hint=PAIN_ANCHORS,
                id="pain-field",
            )
            yield Label("Where does it hurt?", classes="question")
            area = self._default_area()
            with RadioSet(id="area", compact=True):
                for key in AREAS:
                    yield Choice(AREA_WORDS[key], value=key == area)
            yield TickBox(
                "I took pain relief for it",
                value=bool(entry and entry.meds),
                id="meds",
                compact=True,
            )
            # A stored note is shown harmless; saving it keeps the visible stand-ins.
            yield NoteField(shown(entry.note) if entry else "", id="note-field")
            yield Label("Do any of these apply now? Tick each that does.", classes="question")
            ticked = set(entry.symptoms) if entry else set()
            yield RedFlagChecklist(list_id="symptoms", ticked=ticked)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pain", Input).focus()

    def _area(self) -> str:
        index = self.query_one("#area", RadioSet).pressed_index
        return AREAS[index] if 0 <= index < len(AREAS) else self._default_area()

    def action_cancel(self) -> None:
        if not self._saving:
            super().action_cancel()

    async def action_save(self) -> None:
        if self._saving:
            return
        pain_field = self.query_one("#pain-field", Field)
        note_field = self.query_one("#note-field", NoteField)
        pain_ok = pain_field.check()
        note_ok = note_field.check()
        if not (pain_ok and note_ok):
            bad: Widget = pain_field.input if not pain_ok else note_field.query_one(TextArea)
            bad.focus()
            self.notify("Some answers need a look: see the messages in red.", severity="warning")
            return
        values = {
            "pain": validate.pain(pain_field.input.value),
            "area": self._area(),
            "note": note_field.text,
            "meds": self.query_one("#meds", Checkbox).value,
            "symptoms": tuple(self.query_one("#symptoms", SelectionList).selected),
        }
        unticked = self._unticked_emergency(values["symptoms"])  # type: ignore[arg-type]
        if unticked and not self._untick_confirmed:
            # As deleting does: an emergency answer is not taken away without a question.
            from coach.screens.dialogs import ConfirmModal

            signs = "; ".join(unticked)
            question = (
                f"This entry records an emergency sign: {signs}.\n\nUnticking it takes that "
                "answer away, and may unlock the routines. Only do this if it was ticked by "
                "mistake. Save without it?"
            )

            async def answered(yes: bool | None) -> None:
                if yes:
                    self._untick_confirmed = True
                    await self.action_save()

            self.app.push_screen(ConfirmModal(question, yes="Save", no="Keep it"), answered)
            return
        app = self.coach
        self._saving = True
        try:
            if self.entry is None:
                outcome = await app.add_entry(**values)  # type: ignore[arg-type]
            else:
                outcome = await app.update_entry(self.entry.id, **values)  # type: ignore[arg-type]
        finally:
            self._saving = False
        if outcome is None:
            return  # nothing was written, and the app said why: what was typed stays
        self.close(None)
        if not outcome.new_warnings and not outcome.urgent:
            self.app.notify("Saved in your diary.", title="Saved", timeout=3)
