"""The routine content files and their loader (coach/routines.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from coach.content import ContentError
from coach.paths import CONTENT_DIR
from coach.routines import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    NATURAL_FRAME_SECONDS,
    REST_SECONDS,
    SWITCH_SECONDS,
    Routine,
    load_routine,
    load_routines,
    routine,
    routines,
)

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

ROUTINES_DIR = CONTENT_DIR / "routines"
SHIPPED = ("gentle", "cat_cow", "childs_pose", "torso_twists", "warmup", "core")


def _width(line: str) -> int:
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in line
    )


# --- the shipped content -------------------------------------------------------------


def test_all_shipped_routines_load_in_display_order() -> None:
    assert tuple(item.id for item in routines()) == SHIPPED
    assert routines() is routines()  # cached


def test_lookup_by_id() -> None:
    assert routine("cat_cow").title == "Cat-cow"
    with pytest.raises(KeyError):
        routine("no_such_routine")


def test_kinds() -> None:
    kinds = {item.id: item.kind for item in routines()}
    assert kinds == {
        "gentle": "relief",
        "cat_cow": "relief",
        "childs_pose": "relief",
        "torso_twists": "relief",
        "warmup": "prevention",
        "core": "prevention",
    }


def test_every_routine_and_step_has_a_source() -> None:
    for item in routines():
        assert item.source.strip(), item.id
        for step in item.steps:
            assert step.source.strip(), step.id


def test_every_routine_has_a_title_and_a_one_line_purpose() -> None:
    for item in routines():
        assert item.title and item.purpose
        assert "\n" not in item.purpose


def test_gentle_routine_chains_the_three_and_lasts_6_to_8_minutes() -> None:
    gentle = routine("gentle")
    parts = [routine(name) for name in ("cat_cow", "childs_pose", "torso_twists")]
    assert gentle.includes == ("cat_cow", "childs_pose", "torso_twists")
    assert [step.id for step in gentle.steps] == [s.id for part in parts for s in part.steps]
    # the same step objects, not copies
    assert all(
        a is b for a, b in zip(gentle.steps, [s for part in parts for s in part.steps], strict=True)
    )
    assert 6 * 60 <= gentle.total_seconds <= 8 * 60
    assert 6 <= gentle.minutes <= 8


def test_gentle_routine_says_stretching_is_for_comfort_not_a_fix() -> None:
    note = routine("gentle").note or ""
    assert "comfort" in note
    assert "Herbert 2011" in note


def test_the_relief_stretches_are_there() -> None:
    steps = {step.id for item in routines() for step in item.steps}
    assert {
        "cat_cow_cycles",
        "bottom_to_heels",
        "childs_pose_hold",
        "knee_rolls",
        "seated_twist",
    } <= steps
    assert routine("torso_twists").steps[1].per_side


def test_every_frame_fits_28_by_7() -> None:
    for item in routines():
        for step in item.steps:
            assert step.frames, step.id
            for frame in step.frames:
                lines = frame.split("\n")
                assert len(lines) <= FRAME_HEIGHT, step.id
                assert all(_width(line) <= FRAME_WIDTH for line in lines), step.id


def test_frames_of_a_step_share_a_height() -> None:
    for item in routines():
        for step in item.steps:
            assert len({frame.count("\n") for frame in step.frames}) == 1, step.id


def test_each_total_equals_the_sum_of_its_parts() -> None:
    for item in routines():
        steps = sum(step.seconds * (2 if step.per_side else 1) for step in item.steps)
        switches = SWITCH_SECONDS * sum(step.per_side for step in item.steps)
        rests = REST_SECONDS * (len(item.steps) - 1)
        assert item.total_seconds == steps + switches + rests, item.id
        assert item.total_seconds == sum(phase.seconds for phase in item.phases()), item.id


def test_paced_steps_last_their_breath_cycles() -> None:
    for item in routines():
        for step in item.steps:
            cycle = step.breathing.cycle_seconds
            if cycle is not None:
                assert step.reps is not None
                assert step.seconds == step.reps * cycle, step.id
            elif step.hold_seconds is not None:
                assert step.seconds == (step.reps or 1) * step.hold_seconds, step.id


def test_every_step_says_when_to_stop() -> None:
    for item in routines():
        for step in item.steps:
            assert any("stop" in caution.lower() for caution in step.cautions), step.id


def test_cues_are_short_second_person_sentences() -> None:
    for item in routines():
        for step in item.steps:
            for cue in step.cues:
                assert len(cue) <= 60, cue
                assert cue[0].isupper() and cue.endswith("."), cue


def test_step_ids_are_unique_across_routines() -> None:
    owners: dict[str, object] = {}
    for item in routines():
        for step in item.steps:
            assert owners.setdefault(step.id, step) is step, step.id


BANNED = re.compile(
    r"\b(toxins?|detox\w*|cures?|cured|curing|miracle|guarantee\w*|flush\w*|supplements?)\b"
    r"|[®™©]|https?://|www\.",
    re.IGNORECASE,
)


def test_no_banned_words_brands_or_urls_in_the_content() -> None:
    files = sorted(ROUTINES_DIR.glob("*.toml"))
    assert files
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            assert not BANNED.search(line), f"{file.name}:{number}: {line}"


# --- timing helpers --------------------------------------------------------------------


def test_paced_breath_and_frames_follow_the_clock() -> None:
    step = routine("cat_cow").steps[0]
    assert (step.breathing.breath_in, step.breathing.breath_out) == (4, 6)
    assert step.breath_at(0) == ("in", 4)
    assert step.breath_at(3.5) == ("in", 0.5)
    assert step.breath_at(4) == ("out", 6)
    assert step.breath_at(10) == ("in", 4)
    assert [step.frame_index(t) for t in (0, 3.9, 4, 9.9, 10)] == [0, 0, 1, 1, 0]
    assert step.frame_at(5) == step.frames[1]


def test_knee_rolls_show_one_side_then_the_other() -> None:
    step = next(s for s in routine("torso_twists").steps if s.id == "knee_rolls")
    assert len(step.frames) == 4
    assert [step.frame_index(t) for t in (0, 5, 10, 15, 20)] == [0, 1, 2, 3, 0]


def test_natural_frames_change_on_their_own_rhythm() -> None:
    march = routine("warmup").steps[0]
    assert march.breath_at(1) is None
    assert march.frame_index(0) == 0
    assert march.frame_index(NATURAL_FRAME_SECONDS) == 1 % len(march.frames)
    hold = next(s for s in routine("childs_pose").steps if s.id == "childs_pose_hold")
    assert {hold.frame_index(t) for t in range(hold.seconds)} == {0}


def test_phases_switch_sides_and_rest_between_steps() -> None:
    twists = routine("torso_twists")
    kinds = [
        (phase.kind, phase.step.id, phase.step_index, phase.side, phase.seconds)
        for phase in twists.phases()
    ]
    assert kinds == [
        ("step", "knee_rolls", 0, None, 80),
        ("rest", "seated_twist", 1, None, REST_SECONDS),
        ("step", "seated_twist", 1, "left", 50),
        ("switch", "seated_twist", 1, "right", SWITCH_SECONDS),
        ("step", "seated_twist", 1, "right", 50),
    ]


def test_minutes_round_for_display() -> None:
    step = routine("cat_cow").steps[0]
    assert Routine("a", "A", "p", "relief", (step,), "s").minutes == round(step.seconds / 60)
    short = Routine("b", "B", "p", "relief", (), "s")
    assert short.total_seconds == 0 and short.minutes == 1


# --- broken files ---------------------------------------------------------------------

DELETE = object()


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def _dump(data: dict[str, Any]) -> str:
    lines = [f"{key} = {_value(value)}" for key, value in data.items() if key != "step"]
    for step in data.get("step", []):
        lines.append("\n[[step]]")
        lines.extend(f"{key} = {_value(value)}" for key, value in step.items())
    return "\n".join(lines) + "\n"


def _step(**changes: Any) -> dict[str, Any]:
    step: dict[str, Any] = {
        "id": "s1",
        "name": "Stretch",
        "start": "Lie on your back.",
        "cues": ["Breathe in.", "Breathe out."],
        "breathing": {"pattern": "paced", "breath_in": 4, "breath_out": 6},
        "reps": 2,
        "seconds": 20,
        "per_side": False,
        "cautions": ["Stop if the pain gets worse."],
        "source": "NHS, Lower back pain exercises",
        "frames": [" O__/\\_", " O__--_"],
    }
    return _apply(step, changes)


def _apply(table: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    for key, value in changes.items():
        if value is DELETE:
            table.pop(key, None)
        else:
            table[key] = value
    return table


def _routine(steps: list[dict[str, Any]] | None = None, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "r1",
        "title": "Routine",
        "kind": "relief",
        "purpose": "Something gentle.",
        "source": "NHS, Lower back pain exercises",
        "step": [_step()] if steps is None else steps,
    }
    return _apply(data, changes)


def _write(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / f"{name or data.get('id')}.toml"
    path.write_text(_dump(data), encoding="utf-8")
    return path


def _fails(path: Path, key: str, problem: str = "") -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_routine(path)
    error = caught.value
    assert error.file == path
    assert error.key == key
    assert path.name in str(error) and key in str(error)
    assert problem in error.problem
    return error


def test_a_valid_minimal_file_loads(tmp_path: Path) -> None:
    loaded = load_routine(_write(tmp_path, _routine()))
    assert loaded.id == "r1" and loaded.total_seconds == 20
    assert loaded.steps[0].frames == (" O__/\\_", " O__--_")


def test_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path / "nothing.toml", "(file)", "missing")


def test_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "r1.toml"
    path.write_text("id = \n", encoding="utf-8")
    _fails(path, "(file)", "not valid TOML")


def _broken(
    case: str, data: dict[str, Any], key: str, problem: str, *, name: str | None = None
) -> ParameterSet:
    """One broken routine file: its content, the key the error names, words of the problem;
    `name` when the file is not named after its id."""
    return pytest.param(data, name, key, problem, id=case)


# Each file is refused as a whole, with the file, the key and the problem named.
BROKEN_FILES = [
    _broken("unknown_top_level_key", _routine(titel="Typo"), "titel", "unknown key"),
    _broken("missing_id", _routine(id=DELETE), "id", "non-empty", name="r1"),
    _broken("id_must_match_the_file_name", _routine(), "id", "other.toml", name="other"),
    _broken(
        "id_must_be_a_plain_identifier", _routine(id="Cat Cow"), "id", "lowercase", name="Cat Cow"
    ),
    _broken("empty_title", _routine(title="  "), "title", "non-empty"),
    _broken("purpose_is_one_line", _routine(purpose="One.\nTwo."), "purpose", "one line"),
    _broken("routine_without_a_source", _routine(source=DELETE), "source", "non-empty"),
    _broken("empty_note", _routine(note=""), "note", "non-empty"),
    _broken("unknown_kind", _routine(kind="cure"), "kind", "relief, prevention"),
    _broken("no_steps_and_no_include", _routine(step=DELETE), "step", "[[step]]"),
    _broken("step_without_id", _routine([_step(id=DELETE)]), "step[0].id", "non-empty"),
    _broken("unknown_step_key", _routine([_step(cautons=["x"])]), "step.s1.cautons", "unknown key"),
    _broken("step_without_name", _routine([_step(name=DELETE)]), "step.s1.name", "non-empty"),
    _broken("step_without_start", _routine([_step(start="")]), "step.s1.start", "non-empty"),
    _broken(
        "cues_must_be_a_non_empty_list",
        _routine([_step(cues=[])]),
        "step.s1.cues",
        "non-empty list",
    ),
    _broken("a_cue_must_not_be_empty", _routine([_step(cues=["Go.", " "])]), "step.s1.cues[1]", ""),
    _broken(
        "a_cue_must_be_short",
        _routine([_step(cues=["Breathe " + "slowly " * 10 + "now."])]),
        "step.s1.cues[0]",
        "60",
    ),
    _broken(
        "breathing_must_be_a_table",
        _routine([_step(breathing="slow")]),
        "step.s1.breathing",
        "table",
    ),
    _broken(
        "unknown_breathing_pattern",
        _routine([_step(breathing={"pattern": "box"})]),
        "step.s1.breathing.pattern",
        "paced, natural",
    ),
    _broken(
        "paced_breathing_needs_breath_in",
        _routine([_step(breathing={"pattern": "paced", "breath_out": 6})]),
        "step.s1.breathing.breath_in",
        "missing",
    ),
    _broken(
        "breath_seconds_above_zero",
        _routine([_step(breathing={"pattern": "paced", "breath_in": 4, "breath_out": 0})]),
        "step.s1.breathing.breath_out",
        "above 0",
    ),
    _broken(
        "natural_breathing_has_no_breath_seconds",
        _routine([_step(breathing={"pattern": "natural", "breath_in": 4}, reps=DELETE)]),
        "step.s1.breathing.breath_in",
        "only paced",
    ),
    _broken(
        "step_without_seconds", _routine([_step(seconds=DELETE)]), "step.s1.seconds", "missing"
    ),
    _broken("negative_seconds", _routine([_step(seconds=-20)]), "step.s1.seconds", "above 0"),
    _broken("zero_seconds", _routine([_step(seconds=0)]), "step.s1.seconds", "above 0"),
    _broken(
        "seconds_must_be_a_whole_number",
        _routine([_step(seconds=20.5)]),
        "step.s1.seconds",
        "whole number",
    ),
    _broken(
        "seconds_must_not_be_a_bool",
        _routine([_step(seconds=True)]),
        "step.s1.seconds",
        "whole number",
    ),
    _broken("reps_above_zero", _routine([_step(reps=0)]), "step.s1.reps", "above 0"),
    _broken("paced_step_needs_reps", _routine([_step(reps=DELETE)]), "step.s1.reps", "missing"),
    _broken(
        "paced_seconds_must_match_the_breath_cycles",
        _routine([_step(seconds=25)]),
        "step.s1.seconds",
        "2 x 10 = 20",
    ),
    _broken(
        "paced_step_has_no_hold",
        _routine([_step(hold_seconds=10)]),
        "step.s1.hold_seconds",
        "use reps",
    ),
    _broken(
        "hold_seconds_must_match",
        _routine(
            [_step(breathing={"pattern": "natural"}, reps=DELETE, hold_seconds=30, seconds=20)]
        ),
        "step.s1.seconds",
        "1 x 30 = 30",
    ),
    _broken(
        "per_side_must_be_true_or_false",
        _routine([_step(per_side="yes")]),
        "step.s1.per_side",
        "true or false",
    ),
    _broken(
        "step_without_cautions", _routine([_step(cautions=[])]), "step.s1.cautions", "non-empty"
    ),
    _broken(
        "step_without_a_source", _routine([_step(source=DELETE)]), "step.s1.source", "non-empty"
    ),
    _broken("step_without_frames", _routine([_step(frames=DELETE)]), "step.s1.frames", "non-empty"),
    _broken(
        "frame_too_wide",
        _routine([_step(frames=["O", "O" + "_" * 28])]),
        "step.s1.frames[1]",
        "29 columns",
    ),
    _broken(
        "frame_too_wide_with_double_width_characters",
        _routine([_step(frames=["人" * 15, "O"])]),
        "step.s1.frames[0]",
        "30 columns",
    ),
    _broken(
        "frame_too_tall", _routine([_step(frames=["|\n" * 8, "O"])]), "step.s1.frames[0]", "8 lines"
    ),
    _broken("empty_frame", _routine([_step(frames=["  \n ", "O"])]), "step.s1.frames[0]", "empty"),
    _broken(
        "frame_with_a_tab", _routine([_step(frames=["O\t|", "O"])]), "step.s1.frames[0]", "tab"
    ),
    _broken(
        "paced_frames_come_in_pairs",
        _routine([_step(frames=["O", "O_", "O__"])]),
        "step.s1.frames",
        "pairs",
    ),
    _broken("duplicate_step_ids", _routine([_step(), _step(name="Again")]), "step.s1.id", "twice"),
    _broken(
        "include_must_be_a_list_of_names",
        _routine(include="cat_cow", step=DELETE),
        "include",
        "list",
    ),
    _broken(
        "unknown_included_routine",
        _routine(include=["nowhere"], step=DELETE),
        "include[0]",
        "nowhere.toml",
    ),
    _broken(
        "a_routine_cannot_include_itself",
        _routine(include=["r1"], step=DELETE),
        "include[0]",
        "itself",
    ),
]


@pytest.mark.parametrize(("data", "name", "key", "problem"), BROKEN_FILES)
def test_a_broken_routine_file_is_refused(
    tmp_path: Path, data: dict[str, Any], name: str | None, key: str, problem: str
) -> None:
    _fails(_write(tmp_path, data, name=name), key, problem)


def test_included_routines_cannot_include_others(tmp_path: Path) -> None:
    _write(tmp_path, _routine(id="base", steps=[_step(id="b1")]))
    _write(tmp_path, _routine(id="middle", include=["base"], step=DELETE))
    top = _write(tmp_path, _routine(include=["middle"], step=DELETE))
    _fails(top, "include[0]", "itself includes")


def test_routines_including_each_other(tmp_path: Path) -> None:
    a = _write(tmp_path, _routine(id="a", include=["b"], step=DELETE))
    b = _write(tmp_path, _routine(id="b", include=["a"], step=DELETE))
    with pytest.raises(ContentError) as caught:
        load_routine(a)
    assert caught.value.file == b and caught.value.key == "include[0]"
    assert "loop" in caught.value.problem


def test_duplicate_step_through_an_include(tmp_path: Path) -> None:
    _write(tmp_path, _routine(id="base"))
    path = _write(tmp_path, _routine(include=["base"]))
    _fails(path, "step.s1.id", "twice")


def test_an_include_chains_steps_in_order(tmp_path: Path) -> None:
    _write(tmp_path, _routine(id="one", steps=[_step(id="a")]))
    _write(tmp_path, _routine(id="two", steps=[_step(id="b"), _step(id="c")]))
    path = _write(tmp_path, _routine(include=["one", "two"], steps=[_step(id="d")]))
    assert [step.id for step in load_routine(path).steps] == ["a", "b", "c", "d"]


def test_the_same_step_id_in_two_files(tmp_path: Path) -> None:
    _write(tmp_path, _routine(id="one"))
    two = _write(tmp_path, _routine(id="two"))
    with pytest.raises(ContentError) as caught:
        load_routines(tmp_path)
    assert caught.value.file == two and caught.value.key == "step.s1.id"
    assert "one.toml" in caught.value.problem


def test_routines_folder_missing_or_empty(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_routines(tmp_path / "routines")
    assert caught.value.key == "(folder)" and caught.value.problem == "missing"
    with pytest.raises(ContentError) as caught:
        load_routines(tmp_path)
    assert caught.value.key == "(folder)" and "no routine files" in caught.value.problem


def test_folder_order_puts_relief_first(tmp_path: Path) -> None:
    _write(tmp_path, _routine(id="zz", kind="relief", steps=[_step(id="z1")]))
    _write(tmp_path, _routine(id="aa", kind="prevention", steps=[_step(id="a1")]))
    _write(tmp_path, _routine(id="gentle", steps=[_step(id="g1")]))
    assert [item.id for item in load_routines(tmp_path)] == ["gentle", "zz", "aa"]
