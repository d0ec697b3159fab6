"""The content loader: the shipped red flags, and broken files named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.content import ContentError, parse_red_flags, red_flag_index, red_flags
from tests.unit.test_safety import EMERGENCY_KEYS, SEE_SOON_KEYS


def test_shipped_red_flags_match_the_product_contract() -> None:
    flags = red_flag_index()
    assert {k for k, f in flags.items() if f.level == "emergency"} == set(EMERGENCY_KEYS)
    assert {k for k, f in flags.items() if f.level == "see_soon"} == set(SEE_SOON_KEYS)
    assert all(f.source and f.text for f in red_flags())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "red_flags.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = 'key = "fever"\nlevel = "see_soon"\ntext = "Hot"\nsource = "NHS"\n'


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("[[symptom]\n", "(file)", "not valid TOML"),
        ("title = 'x'\n", "symptom", "array of tables"),
        ("[[symptom]]\nlevel = 'see_soon'\n", "symptom[0].key", "non-empty string"),
        ("[[symptom]]\n" + GOOD.replace('"NHS"', '""'), "symptom.fever.source", "non-empty"),
        ("[[symptom]]\n" + GOOD.replace("see_soon", "later"), "symptom.fever.level", "one of"),
        ("[[symptom]]\n" + GOOD.replace('text = "Hot"\n', ""), "symptom.fever.text", "string"),
        ("[[symptom]]\n" + GOOD + "[[symptom]]\n" + GOOD, "symptom.fever.key", "twice"),
    ],
)
def test_a_broken_file_names_the_file_and_the_key(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    with pytest.raises(ContentError) as caught:
        parse_red_flags(write(tmp_path, text))
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"red_flags.toml: {key}: ")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"red_flags.toml: \(file\): missing"):
        parse_red_flags(tmp_path / "red_flags.toml")


def test_the_first_run_note_lists_every_emergency_sign() -> None:
    from coach.content import notes

    body = notes()["first_run"].body
    for flag in red_flags():
        if flag.level == "emergency":
            assert f"- {flag.text}" in body, flag.key
    assert "{emergency_signs}" not in body
