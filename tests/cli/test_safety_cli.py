"""The command line's safety words: the first-write notice, the emergency signs in
`--help`, the three tiers of `--symptom list`, and `coach sources`."""

from __future__ import annotations

from pathlib import Path

from coach.content import red_flags, sources
from tests.cli.conftest import TODAY, Runner

NOTICE = "coach is a self-care coach, not a diagnosis: `coach --help` lists the emergency signs."


def test_the_first_write_to_a_new_diary_prints_the_notice_once(
    coach: Runner, db_path: Path
) -> None:
    assert not db_path.exists()
    first = coach("log", "4", "--db", db_path, "--today", TODAY.isoformat())
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == NOTICE
    assert first.stdout.count("not a diagnosis") == 1
    second = coach("log", "3", "--db", db_path, "--today", TODAY.isoformat())
    assert second.returncode == 0, second.stderr
    assert "not a diagnosis" not in second.stdout


def test_a_first_import_into_a_new_diary_prints_the_notice(
    coach: Runner, db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    assert coach("log", "4", "--db", source, "--today", TODAY.isoformat()).returncode == 0
    export = tmp_path / "export.json"
    done = coach("export", "--db", source, "--output", export)
    assert done.returncode == 0, done.stderr
    result = coach("import", export, "--db", db_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == NOTICE
    again = coach("import", export, "--db", db_path)
    assert "not a diagnosis" not in again.stdout


def test_bad_input_on_a_new_diary_prints_no_notice(coach: Runner, db_path: Path) -> None:
    result = coach("log", "11", "--db", db_path)
    assert result.returncode == 2
    assert result.stdout == ""


def test_help_lists_every_emergency_sign(coach: Runner) -> None:
    result = coach("--help")
    assert result.returncode == 0
    assert "not a diagnosis" in result.stdout
    emergency = [f.text for f in red_flags() if f.level == "emergency"]
    assert len(emergency) == 7
    for text in emergency:
        assert f"- {text}" in result.stdout


def test_symptom_list_shows_the_three_tiers_in_order(coach: Runner) -> None:
    result = coach("log", "--symptom", "list")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert [h.split(":")[0] for h in headings] == ["Emergency", "Today", "Soon"]
    assert "111 in the UK" in headings[1]
    for flag in red_flags():
        tier = {"emergency": 0, "today": 1, "soon": 2}[flag.level]
        block = out.split("\n\n")[tier]
        assert f"  {flag.key:<17} {flag.text}" in block


def test_sources_lists_every_reference(coach: Runner, db_path: Path) -> None:
    result = coach("sources", "--db", db_path)
    assert result.returncode == 0, result.stderr
    for source in sources().values():
        assert f"[{source.id}]" in result.stdout
        assert source.url in result.stdout
    assert not db_path.exists()  # listing the sources opens no diary


def test_the_csv_shows_the_intake_answers_on_the_entry_that_carries_them(
    coach: Runner, db_path: Path
) -> None:
    import csv
    import io
    from datetime import UTC, datetime, timedelta

    from coach.store import Store

    store = Store.open(db_path)
    noon = datetime(2026, 11, 23, 12, tzinfo=UTC)
    episode, _ = store.start_episode(
        onset=noon.date(), now=noon, pain=6, intake_symptoms=["saddle_numbness", "fever"]
    )
    store.add_entry(episode_id=episode.id, pain=4, logged_at=noon + timedelta(days=1))
    store.close()
    result = coach("export", "--format", "csv", "--db", db_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2
    symptom_column = next(c for c in rows[0] if "symptom" in c.lower())
    assert rows[0][symptom_column] == "saddle_numbness;fever"
    assert rows[1][symptom_column] == ""
