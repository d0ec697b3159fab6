"""Intake: when and how it started, where it hurts, how much, and the red flags."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Label,
    RadioSet,
    SelectionList,
    Static,
)

from coach import validate
from coach.intake import (
    ACTIVITIES,
    AREA_CHOICES,
    DETAIL_LIMIT,
    SIDE_CHOICES,
    IntakeAnswers,
    describe_activity,
)
from coach.screens.fields import (
    CheckValidator,
    Field,
    FormScreen,
    OrderedInput,
    RedFlagChecklist,
)
from coach.screens.keybar import KeyBar
from coach.screens.toggles import Choice


def _detail(text: str) -> str:
    if len(text) > DETAIL_LIMIT:
        raise ValueError(f"keep it short: {len(text)} characters, at most {DETAIL_LIMIT}")
    return validate.plain_text(text, "the detail")


class IntakeScreen(FormScreen[IntakeAnswers | None]):
    """Start an episode. Escape leaves without saving anything."""

    # Focus lands on the first question before the screen is first painted, so keys
    # typed as soon as it shows go where the person is looking.
    AUTO_FOCUS = "#onset"

    def __init__(self, today: date, current_day: int | None = None) -> None:
        super().__init__()
        self.today = today
        self.current_day = current_day

    def compose(self) -> ComposeResult:
        yield Static("[b]New episode[/b]  tab moves, space ticks, ctrl+s saves", classes="title")
        with VerticalScroll(id="intake-form"):
            if self.current_day is not None:
                yield Static(
                    f"This closes your current episode (day {self.current_day}). "
                    "It stays in your diary.",
                    classes="notice",
                )
            yield Field(
                "When did it start?",
                OrderedInput(
                    value="today",
                    placeholder="today, yesterday, 3 days ago or YYYY-MM-DD",
                    validators=[CheckValidator(lambda v: validate.onset(v, self.today))],
                    id="onset",
                    compact=True,
                ),
                hint="today, yesterday, 3 days ago, or a date like 2026-11-20",
                id="onset-field",
            )
            yield Label("What were you doing?", classes="question")
            with RadioSet(id="activity", compact=True):
                for index, (_key, words) in enumerate(ACTIVITIES):
                    yield Choice(words, value=index == 0)
            yield Field(
                "Anything to add? (optional)",
                OrderedInput(
                    placeholder="e.g. deadlifts, a new personal best",
                    validators=[CheckValidator(_detail)],
                    valid_empty=True,
                    id="activity-detail",
                    compact=True,
                ),
                id="detail-field",
            )
            yield Label("Where does it hurt?", classes="question")
            with Horizontal(classes="choices"):
                with RadioSet(id="area", compact=True):
                    for index, (_key, words) in enumerate(AREA_CHOICES):
                        yield Choice(words, value=index == 0)
                with RadioSet(id="side", compact=True):
                    for index, (_key, words) in enumerate(SIDE_CHOICES):
                        yield Choice(words, value=index == 0)
            yield Field(
                "How much does it hurt now, from 0 to 10?",
                OrderedInput(
                    placeholder="0 to 10",
                    validators=[CheckValidator(validate.pain)],
                    id="pain",
                    compact=True,
                ),
                hint="0 no pain · 5 moderate · 10 worst imaginable",
                id="pain-field",
            )
            yield Label(
                "Do any of these apply to you now? Tick each that does.", classes="question"
            )
            yield RedFlagChecklist(list_id="red-flags")
            yield Field(
                "A note for your diary (optional)",
                OrderedInput(
                    placeholder="anything you want to remember",
                    validators=[CheckValidator(validate.note)],
                    valid_empty=True,
                    id="note",
                    compact=True,
                ),
                id="note-field",
            )
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield KeyBar()

    @staticmethod
    def _choice(radio_set: RadioSet, choices: tuple[tuple[str, str], ...]) -> str:
        index = radio_set.pressed_index
        return choices[index if index >= 0 else 0][0]

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """With the upper back chosen, `upper_back` comes first in the red flags."""
        if event.radio_set.id == "area":
            area = self._choice(event.radio_set, AREA_CHOICES)
            first = ("upper_back",) if area == "upper" else ()
            self.query_one(RedFlagChecklist).put_first(first)

    def on_mount(self) -> None:
        # Focusing the first field scrolls it to the very top; show its question too.
        self.call_after_refresh(self.query_one("#intake-form").scroll_home, animate=False)

    def answers(self) -> IntakeAnswers | None:
        """The answers, or None after showing every problem beside its field."""
        fields = list(self.query(Field))
        valid = [field.check() for field in fields]
        if not all(valid):
            first_bad = fields[valid.index(False)]
            first_bad.input.focus()
            self.call_after_refresh(first_bad.scroll_visible, animate=False)
            self.notify("Some answers need a look: see the messages in red.", severity="warning")
            return None
        value = {f.input.id: f.input.value for f in fields}
        activity = describe_activity(
            self._choice(self.query_one("#activity", RadioSet), ACTIVITIES),
            value["activity-detail"],
        )
        return IntakeAnswers(
            onset=validate.onset(value["onset"], self.today),
            activity=activity,
            area=self._choice(self.query_one("#area", RadioSet), AREA_CHOICES),
            side=self._choice(self.query_one("#side", RadioSet), SIDE_CHOICES),
            pain=validate.pain(value["pain"]),
            symptoms=tuple(self.query_one("#red-flags", SelectionList).selected),
            note=value["note"],
        )

    def action_save(self) -> None:
        answers = self.answers()
        if answers is not None:
            self.close(answers)
