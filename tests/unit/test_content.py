"""The content loader: the shipped red flags, and broken files named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.content import ContentError, parse_red_flags, red_flag_index, red_flags
from tests.unit.test_safety import EMERGENCY_KEYS, SOON_KEYS, TODAY_KEYS


def test_shipped_red_flags_match_the_product_contract() -> None:
    flags = red_flag_index()
    assert {k for k, f in flags.items() if f.level == "emergency"} == set(EMERGENCY_KEYS)
    assert {k for k, f in flags.items() if f.level == "today"} == set(TODAY_KEYS)
    assert {k for k, f in flags.items() if f.level == "soon"} == set(SOON_KEYS)
    assert all(f.source and f.text and f.cites for f in red_flags())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "red_flags.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = 'key = "fever"\nlevel = "today"\ntext = "Hot"\ncites = ["nhs_back_pain"]\n'


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("[[symptom]\n", "(file)", "not valid TOML"),
        ("title = 'x'\n", "symptom", "array of tables"),
        ("[[symptom]]\nlevel = 'today'\n", "symptom[0].key", "non-empty string"),
        (
            "[[symptom]]\n" + GOOD.replace('["nhs_back_pain"]', "[]"),
            "symptom.fever.cites",
            "non-empty",
        ),
        (
            "[[symptom]]\n" + GOOD.replace("nhs_back_pain", "nhs_nowhere"),
            "symptom.fever.cites",
            "unknown source nhs_nowhere",
        ),
        (
            "[[symptom]]\n" + GOOD.replace('level = "today"', 'level = "later"'),
            "symptom.fever.level",
            "one of",
        ),
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


# --- the bibliography ----------------------------------------------------------------


def _every_cited_item() -> list[tuple[str, tuple[str, ...]]]:
    """(where, cites) for every item of content/ that makes a claim."""
    from coach.content import notes
    from coach.plan import plan_content
    from coach.routines import routines

    items: list[tuple[str, tuple[str, ...]]] = []
    items += [(f"red flag {f.key}", f.cites) for f in red_flags()]
    items += [(f"note {name}", note.cites) for name, note in notes().items()]
    content = plan_content()
    for phase in content.phases.values():
        items += [(f"{phase.id} advice {a.text[:30]}", a.cites) for a in phase.advice]
    items += [(f"everyday {a.text[:30]}", a.cites) for a in content.everyday]
    items += [(f"tip {a.text[:30]}", a.cites) for a in content.tips]
    for routine in routines():
        items.append((f"routine {routine.id}", routine.cites))
        items += [(f"step {step.id}", step.cites) for step in routine.steps]
    return items


def test_every_advice_item_red_flag_note_and_routine_cites_at_least_one_source() -> None:
    missing = [where for where, cites in _every_cited_item() if not cites]
    assert missing == []


def test_every_cited_id_is_in_the_bibliography() -> None:
    from coach.content import sources

    known = sources()
    unknown = {(where, c) for where, cites in _every_cited_item() for c in cites if c not in known}
    assert unknown == set()


def test_every_source_in_the_bibliography_is_cited() -> None:
    from coach.content import sources

    cited = {c for _, cites in _every_cited_item() for c in cites}
    assert [s for s in sources() if s not in cited] == []


def test_every_source_has_title_author_year_url_and_what_it_supports() -> None:
    from coach.content import sources

    for source in sources().values():
        assert source.title and source.author and source.supports and source.label
        assert 1990 <= source.year <= 2026
        assert source.url.startswith("https://")


def test_a_cited_id_that_is_not_in_the_bibliography_names_the_item(tmp_path: Path) -> None:
    from coach.plan import parse_plan

    text = (Path(__file__).parents[2] / "content" / "plan.toml").read_text(encoding="utf-8")
    path = tmp_path / "plan.toml"
    path.write_text(text.replace('"steffens_2016"', '"steffens_2061"', 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        parse_plan(path)
    assert caught.value.key == "phase.prevent.advice[2].cites"
    assert "steffens_2061" in caught.value.problem


def test_a_source_without_a_year_is_refused(tmp_path: Path) -> None:
    from coach.content import parse_sources

    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "x"\nlabel = "X"\ntitle = "T"\nauthor = "A"\n'
        'url = "https://example.org"\nsupports = "S"\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"source\.x\.year"):
        parse_sources(path)


# --- what the advice says (the review of issue 10) -------------------------------------


def _all_text() -> str:
    from coach.content import notes
    from coach.plan import plan_content

    content = plan_content()
    parts = [n.body for n in notes().values()] + [f.text for f in red_flags()]
    for phase in content.phases.values():
        parts += [phase.summary] + [a.text for a in phase.advice]
    parts += [a.text for a in content.everyday + content.tips]
    return "\n".join(parts)


def test_no_48_hours_no_drink_to_thirst_no_lifting_form_and_no_core_frequency() -> None:
    text = _all_text().lower()
    for banned in (
        "48 hours",
        "drink to thirst",
        "lifting form",
        "poor form",
        "two or three times",
    ):
        assert banned not in text, banned


def test_the_first_run_note_says_most_back_pain_improves_within_a_few_weeks() -> None:
    from coach.content import notes

    assert "Most back pain improves within a few weeks." in notes()["first_run"].body


def test_hold_lengths_that_are_coachs_choice_say_so() -> None:
    from coach.routines import routines

    for routine in routines():
        for step in routine.steps:
            if "nhs_inform_back_exercises" in step.cites or step.hold_seconds:
                assert "coach's own choice" in step.source, step.id
