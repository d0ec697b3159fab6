"""Form pieces shared by the intake and the diary: validators that reuse the pure
checks of coach.validate, and a field that shows its message beside the input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static


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

    def show(self, result: ValidationResult | None) -> None:
        """Show the first failure beside the field, or clear it."""
        problem = self.query_one(".problem", Static)
        if result is None or result.is_valid:
            self.remove_class("-invalid")
            problem.update("")
            return
        self.add_class("-invalid")
        problem.update("⚠ " + "; ".join(result.failure_descriptions))

    def check(self) -> bool:
        """Validate now (on save), show the message, and say whether it is valid."""
        self.touched = True
        result = self.input.validate(self.input.value)
        self.show(result)
        return result is None or result.is_valid

    def on_input_changed(self, event: Input.Changed) -> None:
        self.touched = True
        self.show(event.validation_result)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if self.touched or event.value:
            self.touched = True
            self.show(event.validation_result)
