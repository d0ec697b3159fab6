"""coach.textsafe and the checks built on it (issue 16), as tables."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coach import textsafe, validate

SHOWN = {
    "ESC": ("a\x1b[2Jb", "a␛[2Jb"),
    "BEL": ("ding\x07", "ding␇"),
    "NUL": ("a\x00b", "a␀b"),
    "CR": ("a\rb", "a␍b"),
    "DEL": ("a\x7fb", "a␡b"),
    "C1 CSI": ("a\x9bb", "a\ufffdb"),
    "NEL": ("a\x85b", "a\ufffdb"),
    "RLO": ("a\u202eb", "a\ufffdb"),
    "LRI": ("a\u2066b", "a\ufffdb"),
    "PDI": ("a\u2069b", "a\ufffdb"),
    "lone surrogate": ("a\udcffb", "a\ufffdb"),
    "tab and newline stay": ("a\tb\nc", "a\tb\nc"),
    "accents, RTL script and emoji stay": ("é مرحبا 🙂 e\u0301", "é مرحبا 🙂 e\u0301"),
    "zero-width joiner and LRM stay": ("🏋️\u200d♀️ \u200e", "🏋️\u200d♀️ \u200e"),
}


@pytest.mark.parametrize("case", SHOWN)
def test_shown(case: str) -> None:
    text, expected = SHOWN[case]
    assert textsafe.shown(text) == expected
    refused = text != expected
    assert (textsafe.first_unsafe(text) is not None) == refused
    if refused:
        with pytest.raises(ValueError, match="control character|not valid UTF-8"):
            validate.note(text)
    else:
        assert validate.note(text) == text


def test_one_line_shows_the_newline_too() -> None:
    assert textsafe.shown("a\nb", one_line=True) == "a␊b"


CSV_CELLS = {
    "=": ("=1+1", "'=1+1"),
    "+": ("+1", "'+1"),
    "-": ("-1", "'-1"),
    "@": ("@SUM(A1)", "'@SUM(A1)"),
    "tab": ("\tx", "'\tx"),
    "CR": ("\rx", "'\rx"),
    "inside": ("a=b-c", "a=b-c"),
    "empty": ("", ""),
    "number": (3, 3),
}


@pytest.mark.parametrize("case", CSV_CELLS)
def test_csv_cell(case: str) -> None:
    value, expected = CSV_CELLS[case]
    assert textsafe.csv_cell(value) == expected


PAIN = {
    "4": 4,
    " 10 ": 10,
    "+3": 3,
    "٥": None,  # Arabic-Indic five
    "۵": None,  # extended Arabic-Indic five
    "３": None,  # full-width three
    "५": None,  # Devanagari five
    "1\u200b": None,
}


@pytest.mark.parametrize("text", PAIN)
def test_pain_takes_ascii_digits_only(text: str) -> None:
    expected = PAIN[text]
    if expected is None:
        with pytest.raises(ValueError, match="whole number from 0 to 10"):
            validate.pain(text)
    else:
        assert validate.pain(text) == expected


PRETEND = {
    "2000-01-01": True,
    "2999-12-31": True,
    "1999-12-31": False,
    "3000-01-01": False,
    "9999-12-31": False,
    "0001-01-01": False,
}


@pytest.mark.parametrize("text", PRETEND)
def test_pretend_today_range(text: str) -> None:
    if PRETEND[text]:
        assert validate.pretend_today(text) == date.fromisoformat(text)
    else:
        with pytest.raises(ValueError, match="--today must be from 2000-01-01 to 2999-12-31"):
            validate.pretend_today(text)


@pytest.mark.parametrize("text", ["Breathe in.\x1b]0;pwned\x07", "Breathe \u202eout", "a\x9bb"])
def test_a_routine_file_with_control_characters_is_refused(tmp_path: Path, text: str) -> None:
    from coach.content import ContentError
    from coach.paths import CONTENT_DIR
    from coach.routines import load_routine

    shipped = (CONTENT_DIR / "routines" / "cat_cow.toml").read_text(encoding="utf-8")
    path = tmp_path / "cat_cow.toml"
    escaped = json.dumps(text)  # a TOML basic string takes JSON's escapes
    path.write_text(
        shipped.replace('"Move slowly, in time with your breath."', escaped), encoding="utf-8"
    )
    assert load_routine(CONTENT_DIR / "routines" / "cat_cow.toml")  # the shipped one loads
    with pytest.raises(ContentError, match="control character"):
        load_routine(path)
