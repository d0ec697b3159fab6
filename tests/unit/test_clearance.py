"""Clearance by a clinician covers what was reported before it, to the moment."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from coach.content import red_flag_index
from coach.model import Episode, Symptom
from coach.safety import evaluate, routines_locked
from coach.store import Store

FLAGS = red_flag_index()
UTC = timezone.utc
CLEARED_AT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def episode(cleared_at: datetime | None) -> Episode:
    return Episode(
        id=1,
        onset=date(2026, 11, 24),
        activity="",
        area="lower",
        side="both",
        started_at=datetime(2026, 11, 24, 9, tzinfo=UTC),
        cleared_on=cleared_at.date() if cleared_at else None,
        cleared_at=cleared_at,
    )


def symptom(key: str, at: datetime) -> Symptom:
    return Symptom(key=key, day=at.date(), logged_at=at)


def test_an_emergency_symptom_reported_after_clearance_on_the_same_day_locks_again() -> None:
    before = symptom("both_legs", datetime(2026, 11, 24, 9, tzinfo=UTC))
    later_same_day = symptom("bladder_bowel", datetime(2026, 11, 25, 15, tzinfo=UTC))
    cleared = episode(CLEARED_AT)
    assert not routines_locked(cleared, [before], FLAGS)
    assert routines_locked(cleared, [before, later_same_day], FLAGS)
    kinds = [
        w.kind
        for w in evaluate(cleared, [], [before, later_same_day], [], date(2026, 11, 25), FLAGS)
    ]
    assert kinds == ["emergency"]


def test_a_symptom_reported_earlier_the_same_day_is_covered() -> None:
    morning = symptom("chest_pain", datetime(2026, 11, 25, 8, tzinfo=UTC))
    assert not routines_locked(episode(CLEARED_AT), [morning], FLAGS)
    assert routines_locked(episode(None), [morning], FLAGS)


def test_store_records_the_moment_and_edits_date_new_symptoms_when_ticked(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "diary.db")
    ep, first = store.start_episode(
        onset=date(2026, 11, 24),
        now=datetime(2026, 11, 24, 9, tzinfo=UTC),
        pain=6,
        intake_symptoms=["both_legs"],
    )
    store.set_cleared(ep.id, CLEARED_AT)
    cleared = store.current_episode()
    assert cleared is not None and cleared.cleared_at == CLEARED_AT
    assert cleared.cleared_on == date(2026, 11, 25)
    # Ticking an emergency symptom on yesterday's entry, after the clearance: it counts
    # from when it was reported, not from the entry's old time.
    store.update_entry(
        first.id,
        pain=6,
        area="lower",
        note="",
        meds=False,
        symptoms=["bladder_bowel"],
        now=datetime(2026, 11, 25, 16, tzinfo=UTC),
    )
    assert routines_locked(cleared, store.symptoms(ep.id), FLAGS)
    store.close()


def test_deleting_the_first_entry_keeps_the_intake_answers(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "diary.db")
    ep, first = store.start_episode(
        onset=date(2026, 11, 24),
        now=datetime(2026, 11, 24, 9, tzinfo=UTC),
        pain=6,
        intake_symptoms=["saddle_numbness"],
    )
    store.delete_entry(first.id)
    assert [s.key for s in store.symptoms(ep.id)] == ["saddle_numbness"]
    assert routines_locked(ep, store.symptoms(ep.id), FLAGS)
    store.close()
