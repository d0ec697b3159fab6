"""Steps of the coach journey shared by the real-terminal tests."""

from __future__ import annotations

import time

from tests.e2e.harness import DEFAULT_TIMEOUT, POLL_INTERVAL, Terminal

# The first launch puts a note over Today (PRODUCT.md: "the first time, they read one
# short note ... and answer the intake"), then the intake when there is no episode yet.
FIRST_RUN_NOTE = "Before you start"  # the [first_run] title in content/notes.toml
INTAKE_QUESTION = "When did it start?"  # the intake's first question
# How long a dialog may stay up after its key was sent before the key is sent again.
RESEND_AFTER = 5.0


def reach_today(term: Terminal, expected: str, timeout: float = 2 * DEFAULT_TIMEOUT) -> str:
    """Wait until `expected` shows, closing what a first launch opens over Today: the
    first-run note (Enter) and the intake (Escape leaves it without saving anything).
    Returns the screen showing `expected`."""
    deadline = time.monotonic() + timeout
    sent: dict[str, float] = {}
    while True:
        screen = term.screen()
        dialog = None
        if FIRST_RUN_NOTE in screen:
            dialog, key = FIRST_RUN_NOTE, "Escape"
        elif INTAKE_QUESTION in screen:
            dialog, key = INTAKE_QUESTION, "Escape"
        elif expected in screen:
            return screen
        if (
            dialog is not None
            and time.monotonic() - sent.get(dialog, -RESEND_AFTER) >= RESEND_AFTER
        ):
            term.send(key)
            sent[dialog] = time.monotonic()
        if time.monotonic() > deadline:
            # Raises with the last screen in the message.
            term.wait_for(expected, timeout=0)
        time.sleep(POLL_INTERVAL)


def answer_row(screen: str) -> str:
    """The row under the log form's pain question: the pain typed so far."""
    rows = screen.split("\n")
    at = next((i for i, row in enumerate(rows) if "How much does it hurt now" in row), None)
    return rows[at + 1].strip() if at is not None and at + 1 < len(rows) else ""
