"""Text that cannot take over a terminal.

Pure (standard library only). One definition of the characters coach refuses in new
input and neutralises wherever stored text is shown or printed:

* C0 controls except tab and newline (ESC starts every terminal escape sequence; CR
  and backspace overwrite what is already on the line), and DEL;
* C1 controls (U+0080-U+009F: CSI and OSC on terminals that read 8-bit controls);
* the bidirectional embeddings, overrides and isolates U+202A-U+202E and
  U+2066-U+2069, which make text read in a different order than it is stored;
* lone surrogates (U+D800-U+DFFF): not text at all, they cannot be written as UTF-8
  (invalid UTF-8 on the command line arrives as these).

`shown` makes such text harmless and visible: C0 controls and DEL become their
Unicode control pictures (ESC shows as ␛), the others U+FFFD (�).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# Tab (0x09) and newline (0x0A) are ordinary text; everything else below space is not.
_C0 = "\x00-\x08\x0b-\x1f\x7f"
_C1 = "\x80-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
UNSAFE = re.compile(f"[{_C0}{_C1}{_BIDI}{_SURROGATES}]")
# For single-line places (one line of an error message): the newline goes too.
UNSAFE_LINE = re.compile(f"[\n{_C0}{_C1}{_BIDI}{_SURROGATES}]")
# OWASP "CSV injection": a spreadsheet reads a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def first_unsafe(text: str) -> str | None:
    """The first character of `text` that coach refuses in new input, if any."""
    match = UNSAFE.search(text)
    return match.group() if match else None


def describe(char: str) -> str:
    """'U+001B', for a message that must not contain the character itself."""
    return f"U+{ord(char):04X}"


def unsafe_problem(char: str) -> str:
    """What is wrong with text holding `char` (from `first_unsafe`), without the subject."""
    if "\ud800" <= char <= "\udfff":
        return "is not valid UTF-8 text; write it again in plain text"
    return (
        f"contains a control character ({describe(char)}); use plain text, tabs and new lines only"
    )


def unsafe_message(text: str, what: str) -> str | None:
    """Why `text` cannot be stored as `what` ('the note'), or None when it can."""
    char = first_unsafe(text)
    return None if char is None else f"{what} {unsafe_problem(char)}"


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def shown(text: str, *, one_line: bool = False) -> str:
    """`text` with every unsafe character replaced by a visible harmless one.

    With `one_line` a newline is shown as ␊ too (one line of an error message).
    """
    pattern = UNSAFE_LINE if one_line else UNSAFE
    if not pattern.search(text):
        return text
    return pattern.sub(lambda match: _picture(match.group()), text)


def shown_data(value: Any) -> Any:
    """`shown` applied to every string inside nested dicts, lists and tuples."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, Mapping):
        return {shown_data(k): shown_data(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [shown_data(item) for item in value]
    return value


def json_safe(text: str) -> str:
    """JSON text with every unsafe character written as a \\uXXXX escape.

    Lossless: a JSON reader gets back exactly the same strings. `json.dumps` with
    `ensure_ascii=False` already escapes C0 controls but not DEL, C1 or the bidi
    controls. Outside strings JSON is plain ASCII, so every match is inside a string.
    """
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: a leading ' when it could start a formula.

    Numbers stay numbers; only text cells are touched (OWASP "CSV Injection").
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
