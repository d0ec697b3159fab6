"""`coach routines list | check FILE | example`: your own routine files, every problem
with the line of the offending key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.__main__ import main
from coach.paths import user_routines_dir
from coach.user_routines import EXAMPLE, check_routine_file, key_line, load_user_routines
from tests.cli.conftest import Runner, one_line_error

BASE = """\
id = "mine"
title = "Mine"
kind = "relief"
purpose = "Mine."

[[step]]
id = "hold"
name = "Hold"
start = "Lie down."
cues = ["Breathe normally."]
breathing = { pattern = "natural" }
hold_seconds = 10
seconds = 10
cautions = ["Gently."]
frames = ["o"]
"""
SECOND_STEP = """
[[step]]
id = "hold"
name = "Again"
start = "Lie down."
cues = ["Breathe normally."]
breathing = { pattern = "natural" }
seconds = 10
cautions = ["Gently."]
frames = ["o"]
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text
    return text.replace(old, new, 1)


# (what is wrong, the file's text, [(line, words in the message)])
BROKEN = [
    ("a kind coach does not know", edit('kind = "relief"', 'kind = "stretchy"'),
     [(3, "kind: must be one of relief, prevention")]),
    ("an unknown key", edit('purpose = "Mine."\n', 'purpose = "Mine."\ncolour = "red"\n'),
     [(5, "colour: unknown key")]),
    ("seconds that do not add up", edit("seconds = 10\ncautions", "seconds = 12\ncautions"),
     [(13, "step.hold.seconds: must equal reps x hold_seconds = 1 x 10 = 10")]),
    ("a missing name, at its step", edit('name = "Hold"\n', ""),
     [(6, "step.hold.name: must be a non-empty string")]),
    ("an unknown breathing pattern", edit('pattern = "natural"', 'pattern = "deep"'),
     [(11, "step.hold.breathing.pattern: must be one of paced, natural")]),
    ("a cue too long to read at a glance", edit('"Breathe normally."', '"' + "x" * 61 + '"'),
     [(10, "step.hold.cues[0]: is 61 characters; keep it to 60")]),
    ("an id that is not the file name", edit('id = "mine"', 'id = "other"'),
     [(1, "id: is 'other' but the file is mine.toml")]),
    ("a step id used twice", BASE + SECOND_STEP,
     [(18, "step.hold.id: appears twice in this routine")]),
    ("not TOML at all", edit('title = "Mine"', "title = "),
     [(2, "not valid TOML")]),
    ("an include of a routine that does not exist",
     edit('purpose = "Mine."\n', 'purpose = "Mine."\ninclude = ["nope"]\n'),
     [(5, "include[0]: no shipped routine 'nope'")]),
    ("a picture too wide", edit('frames = ["o"]', 'frames = ["' + "o" * 29 + '"]'),
     [(15, "line 1 is 29 columns wide; at most 28")]),
    ("per_side that is not true or false",
     edit('frames = ["o"]', 'frames = ["o"]\nper_side = "yes"'),
     [(16, "step.hold.per_side: must be true or false")]),
    ("every problem, not just the first",
     edit("seconds = 10\ncautions", "seconds = 12\ncautions",
          edit('kind = "relief"', 'kind = "stretchy"')),
     [(3, "kind: must be one of"), (13, "step.hold.seconds: must equal")]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "text", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_names_every_problem_at_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    text: str,
    expected: list[tuple[int, str]],
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    status = main(["routines", "check", str(path)])
    out = capsys.readouterr().out.splitlines()
    assert status == 2, (what, out)
    assert len(out) == len(expected), out
    for line, (number, words) in zip(out, expected, strict=True):
        assert line.startswith(f"{path}:{number}: "), (what, line)
        assert words in line, (what, line)


def test_a_good_file_needs_no_source_and_says_ok(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(BASE, encoding="utf-8")
    assert main(["routines", "check", str(path)]) == 0
    assert capsys.readouterr().out == "ok: 1 step, 1 min\n"
    routine, problems = check_routine_file(path)
    assert routine is not None and routine.own and routine.source == "" and problems == ()


def test_the_example_is_accepted_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routines", "example"]) == 0
    example = capsys.readouterr().out
    assert example == EXAMPLE
    assert example.count("\n#") + example.count("  #") >= 10  # commented throughout
    path = tmp_path / "my_stretches.toml"
    path.write_text(example, encoding="utf-8")
    assert main(["routines", "check", str(path)]) == 0
    assert capsys.readouterr().out == "ok: 2 steps, 2 min\n"


def test_an_included_shipped_routine_counts_its_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(edit('purpose = "Mine."\n', 'purpose = "Mine."\ninclude = ["cat_cow"]\n'))
    assert main(["routines", "check", str(path)]) == 0
    assert capsys.readouterr().out == "ok: 2 steps, 2 min\n"


def test_check_on_a_missing_file_is_one_line_and_exit_2(coach: Runner, tmp_path: Path) -> None:
    line = one_line_error(coach("routines", "check", tmp_path / "nope.toml"), 2)
    assert "no such file" in line


def test_check_as_a_process_prints_file_line_message_and_exits_2(
    coach: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(edit('kind = "relief"', 'kind = "stretchy"'), encoding="utf-8")
    result = coach("routines", "check", "mine.toml")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stdout.startswith("mine.toml:3: kind: must be one of")


def test_list_shows_the_folder_yours_and_the_broken_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = user_routines_dir()
    assert str(folder).startswith(os.environ["XDG_CONFIG_HOME"])
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(BASE, encoding="utf-8")
    broken = edit('id = "mine"', 'id = "broken"', edit('kind = "relief"', 'kind = "x"'))
    (folder / "broken.toml").write_text(broken, encoding="utf-8")
    assert main(["routines", "list"]) == 0
    out = capsys.readouterr().out
    assert f"Your routines ({folder}):" in out
    assert "  mine" in out and "Mine" in out
    assert "broken.toml      can't be used: broken.toml:3: kind: must be one of" in out
    assert "Cat-cow" in out  # the shipped ones too
    loaded = load_user_routines(folder)
    assert [(u.path.name, u.usable) for u in loaded] == [
        ("broken.toml", False),
        ("mine.toml", True),
    ]


def test_no_folder_is_no_routines() -> None:
    assert load_user_routines(user_routines_dir()) == ()


def test_key_lines_skip_text_art() -> None:
    text = 'id = "a"\n[[step]]\nframes = ["""\n[[step]]\nid = "x"\n"""]\nid = "b"\n'
    assert key_line(text, "step[0].id") == 7
