"""Form pieces shared by the intake and the diary: validators that reuse the pure
checks of coach.validate, and a field that shows its message beside the input."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from coach.bindings import bindings_for
from coach.screens.toggles import TickList

if TYPE_CHECKING:
    from coach.content import RedFlag

ResultT = TypeVar("ResultT")


def show_text(static: Static, text: str) -> None:
    """Show `text` in `static`, drawing again only if it says something new: a form
    checked on save would otherwise lay itself out and repaint for nothing, on the
    event loop, just before it closes."""
    if static.content != text:
        static.update(text)


class CheckValidator(Validator):
    """Wrap a `str -> value` check that raises ValueError with the message to show."""

    def __init__(self, check: Callable[[str], Any]) -> None:
        super().__init__()
        self.check = check

    def validate(self, value: str) -> ValidationResult:
        try:
            self.check(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


# A text field's own bindings that run in typing order (below); copy, cut, paste, undo
# and the like keep Textual's path.
_IN_ORDER_ACTIONS = ("cursor_", "delete_", "home", "end", "submit")


async def _editing_key_in_order(widget: Input | TextArea, event: events.Key) -> bool:
    """Run an editing key's action right away; True if it was one.

    Textual 8 inserts a typed character as soon as a text field sees the key, but runs
    the field's own key bindings (backspace, delete, arrows, enter) only after the key
    has bubbled up through its parents. Keys sent in a burst then land out of order:
    "45", two backspaces, "7" left "4" in the pain field (the 7 went in before the
    backspaces), and "tomorrow" typed after extra backspaces became "tomorro". The
    fields below run those keys as they see them, like characters.
    """
    if event.is_printable:
        return False
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.action.startswith(_IN_ORDER_ACTIONS):
            event.stop()
            event.prevent_default()
            await widget.run_action(binding.action)
            return True
    return False


class OrderedInput(Input):
    """An Input whose editing keys take effect in the order they were typed."""

    async def _on_key(self, event: events.Key) -> None:
        if await _editing_key_in_order(self, event):
            self._restart_blink()
            return
        await super()._on_key(event)


class OrderedTextArea(TextArea):
    """A TextArea whose editing keys take effect in the order they were typed."""

    async def _on_key(self, event: events.Key) -> None:
        if await _editing_key_in_order(self, event):
            self._restart_blink()
            return
        await super()._on_key(event)


class Field(Vertical):
    """A question, its input, and the message that says what is wrong, if anything."""

    DEFAULT_CSS = """
    Field { height: auto; margin-bottom: 1; }
    Field > .question { color: $text; }
    Field > .hint { color: $text-muted; }
    Field > .problem { color: $error; display: none; }
    Field.-invalid > .problem { display: block; }
    """

    def __init__(
        self,
        question: str,
        input_widget: Input,
        *,
        hint: str = "",
        id: str | None = None,  # noqa: A002 - Textual's name for it
    ) -> None:
        super().__init__(id=id)
        self.question = question
        self.input = input_widget
        self.hint = hint
        self.touched = False

    def compose(self) -> ComposeResult:
        yield Label(self.question, classes="question")
        yield self.input
        if self.hint:
            yield Static(self.hint, classes="hint", markup=False)
        yield Static("", classes="problem", markup=False)

    def show(self, result: ValidationResult | None, *, scroll: bool = True) -> None:
        """Show the first failure beside the field, or clear it; `scroll` brings the
        message on screen (while typing; on save, the form shows the first problem)."""
        problem = self.query_one(".problem", Static)
        if result is None or result.is_valid:
            self.remove_class("-invalid")
            show_text(problem, "")
            return
        # The text before the class that shows it, so the one layout that follows
        # measures the message, not the empty line it replaces.
        show_text(problem, "⚠ " + "; ".join(result.failure_descriptions))
        self.add_class("-invalid")
        if scroll:  # the message goes where the person is looking
            self.call_after_refresh(problem.scroll_visible, animate=False)

    def check(self) -> bool:
        """Validate now (on save), show the message, and say whether it is valid."""
        self.touched = True
        result = self.input.validate(self.input.value)
        self.show(result, scroll=False)
        return result is None or result.is_valid

    def on_input_changed(self, event: Input.Changed) -> None:
        self.touched = True
        self.show(event.validation_result)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if self.touched or event.value:
            self.touched = True
            self.show(event.validation_result)


class FormScreen(ModalScreen[ResultT]):
    """A form over the app: ctrl+s saves, escape leaves without saving, tab and enter
    move on. Subclasses implement `action_save`."""

    BINDINGS = bindings_for("form")

    def action_save(self) -> Awaitable[None] | None:
        raise NotImplementedError

    @on(events.Mount)
    def _remember_answers(self) -> None:
        # After the subclass has filled the form in (its own mount handler runs too).
        self.call_after_refresh(lambda: setattr(self, "_as_opened", self._answers()))

    def _answers(self) -> list[object]:
        """What every answer of the form says now."""
        answers: list[object] = []
        for widget in self.query("Input, TextArea, Checkbox, RadioSet, SelectionList"):
            if isinstance(widget, Input):
                answers.append(widget.value)
            elif isinstance(widget, TextArea):
                answers.append(widget.text)
            elif isinstance(widget, Checkbox):
                answers.append(widget.value)
            elif isinstance(widget, RadioSet):
                answers.append(widget.pressed_index)
            elif isinstance(widget, SelectionList):
                answers.append(sorted(map(str, widget.selected)))
        return answers

    def has_unsaved_changes(self) -> bool:
        """True when an answer differs from what the form showed when it opened."""
        return self._answers() != getattr(self, "_as_opened", self._answers())

    def close(self, result: ResultT | None = None) -> None:
        """Dismiss the form with `result`, and its focused field is not blurred when
        it is removed: Textual would restyle that field and search the form for the
        next one to focus, 3-5 ms of the event loop for a form that is going away, in
        the same moment as the screen under it is drawn again. (The focus is let go
        once the form is off the stack, before its removal runs, so a form that could
        not be dismissed keeps it.)"""
        self.dismiss(result)
        self.set_reactive(ModalScreen.focused, None)

    def action_cancel(self) -> None:
        self.close(None)

    @on(Button.Pressed, "#save")
    async def _save_pressed(self) -> None:
        await self.run_action("save")  # a subclass's save may wait for the diary

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        # Enter in a field moves on, like tab; ctrl+s saves.
        event.stop()
        self.focus_next()


#: Never colour alone: each tier has its own mark in the checklist.
TIER_MARKS = {"emergency": "‼ ", "today": "▲ ", "soon": "△ "}


def flag_order(flags: Sequence[RedFlag], first: Iterable[str]) -> list[RedFlag]:
    """`flags` with the keys of `first` moved to the top, in that order."""
    wanted = list(first)
    top = [f for key in wanted for f in flags if f.key == key]
    return top + [f for f in flags if f.key not in wanted]


class RedFlagChecklist(Vertical):
    """The red flags of content/red_flags.toml to tick, with the one under the cursor
    shown in full below (a narrow terminal cuts long lines of the list short)."""

    DEFAULT_CSS = """
    RedFlagChecklist { height: auto; }
    RedFlagChecklist > .flag-detail { color: $accent; min-height: 2; }
    """

    def __init__(
        self, *, list_id: str, ticked: Iterable[str] = (), first: Iterable[str] = ()
    ) -> None:
        super().__init__()
        self.list_id = list_id
        self.ticked = set(ticked)
        self.first = tuple(first)

    def _selections(self, ticked: set[str]) -> list[Selection[str]]:
        from coach.content import red_flags

        flags = flag_order(red_flags(), self.first)
        return [
            Selection(TIER_MARKS[flag.level] + flag.text, flag.key, flag.key in ticked)
            for flag in flags
        ]

    def compose(self) -> ComposeResult:
        yield TickList(*self._selections(self.ticked), id=self.list_id, compact=True)
        yield Static(classes="flag-detail", markup=False)
        yield Static(
            "‼ get help now   ▲ get advice today   △ see a GP soon   Nothing ticked: none apply.",
            classes="hint",
            markup=False,
        )

    def put_first(self, keys: Iterable[str]) -> None:
        """List `keys` first (the rest in file order), keeping what is ticked."""
        first = tuple(keys)
        if first == self.first:
            return
        self.first = first
        selection_list = self.query_one(f"#{self.list_id}", SelectionList)
        ticked = set(selection_list.selected)
        selection_list.clear_options()
        selection_list.add_options(self._selections(ticked))

    @on(SelectionList.SelectionHighlighted)
    def _in_full(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        from coach.content import red_flag_index

        self.query_one(".flag-detail", Static).update(red_flag_index()[event.selection.value].text)
