"""A clinician's clearance covers exactly the symptom reports made before it.

PRODUCT.md, "Time": by the order of reporting, not by dates. A report added after the
clearance (a new entry, whatever day it is for; an edit that ticks a sign; an import)
raises `emergency` and locks the routines again until a new clearance.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coach.clock import FixedClock
from coach.content import red_flag_index
from coach.exchange import export_document, import_document, parse_export
from coach.model import Episode, Symptom
from coach.safety import evaluate, routines_locked
from coach.store import Store
from tests.helpers import ZONE, local

FLAGS = red_flag_index()
ONSET = date(2026, 11, 24)
TODAY = date(2026, 11, 25)


def episode(cleared_through: int | None) -> Episode:
    return Episode(
        id=1,
        onset=ONSET,
        activity="",
        area="lower",
        side="both",
        started_at=local(ONSET),
        cleared_on=TODAY if cleared_through is not None else None,
        cleared_at=local(TODAY, 10) if cleared_through is not None else None,
        cleared_through=cleared_through,
    )


def kinds(store: Store, today: date = TODAY) -> list[str]:
    ep = store.current_episode()
    assert ep is not None
    return [
        w.kind
        for w in evaluate(
            ep, store.entries(ep.id), store.symptoms(ep.id), store.sessions(ep.id), today, FLAGS
        )
    ]


def locked(store: Store) -> bool:
    ep = store.current_episode()
    assert ep is not None
    return routines_locked(ep, store.symptoms(ep.id), FLAGS)


def open_store(tmp_path: Path, name: str = "diary.db") -> Store:
    return Store.open(tmp_path / name, zone=ZONE)


def cleared_episode(tmp_path: Path, clock: FixedClock) -> Store:
    """An episode whose intake reported an emergency sign, then a clearance."""
    store = open_store(tmp_path)
    store.start_episode(onset=ONSET, now=local(ONSET), pain=6, intake_symptoms=["chest_pain"])
    assert locked(store)
    ep = store.current_episode()
    assert ep is not None
    store.set_cleared(ep.id, clock.now())
    assert not locked(store)
    assert "emergency" not in kinds(store)
    return store


# --- the rule, on plain records --------------------------------------------------------


def test_a_report_up_to_the_clearance_is_covered_and_one_after_it_is_not() -> None:
    covered = Symptom("both_legs", ONSET, seq=3)
    after = Symptom("bladder_bowel", ONSET, seq=4)
    assert not routines_locked(episode(3), [covered], FLAGS)
    assert routines_locked(episode(3), [covered, after], FLAGS)
    assert routines_locked(episode(None), [covered], FLAGS)


def test_a_report_of_unknown_order_is_never_covered() -> None:
    assert routines_locked(episode(10), [Symptom("chest_pain", ONSET)], FLAGS)


@given(
    seq=st.integers(min_value=1, max_value=1000),
    through=st.integers(min_value=0, max_value=1000),
    days_before=st.integers(min_value=0, max_value=30),
)
def test_coverage_depends_on_the_order_of_reporting_never_on_the_day(
    seq: int, through: int, days_before: int
) -> None:
    report = Symptom("saddle_numbness", TODAY - timedelta(days=days_before), seq=seq)
    assert routines_locked(episode(through), [report], FLAGS) is (seq > through)
    found = [w.kind for w in evaluate(episode(through), [], [report], [], TODAY, FLAGS)]
    assert ("emergency" in found) is (seq > through)


# --- the dangerous case and its variants, through the store -------------------------------


def test_a_new_sign_back_dated_to_before_the_clearance_still_locks(tmp_path: Path) -> None:
    clock = FixedClock(local(TODAY, 10))
    store = cleared_episode(tmp_path, clock)
    clock.advance(minutes=5)
    # `coach log 4 --date <yesterday> --symptom both_legs`: for yesterday, reported now.
    store.log_pain(
        pain=4,
        logged_at=local(TODAY - timedelta(days=1), 10, 5),
        day=TODAY - timedelta(days=1),
        reported_at=clock.now(),
        symptoms=["both_legs"],
    )
    assert locked(store)
    assert "emergency" in kinds(store)
    store.close()


def test_a_sign_reported_a_second_before_is_covered_and_a_second_after_is_not(
    tmp_path: Path,
) -> None:
    clock = FixedClock(local(TODAY, 10))
    store = open_store(tmp_path)
    ep, _ = store.start_episode(onset=ONSET, now=local(ONSET), pain=5)
    clock.advance(seconds=-1)
    store.log_pain(pain=5, logged_at=clock.now(), reported_at=clock.now(), symptoms=["chest_pain"])
    clock.advance(seconds=1)
    store.set_cleared(ep.id, clock.now())
    assert not locked(store)
    clock.advance(seconds=1)
    store.log_pain(
        pain=5, logged_at=clock.now(), reported_at=clock.now(), symptoms=["bladder_bowel"]
    )
    assert locked(store)
    store.close()


def test_an_edit_that_ticks_a_sign_after_the_clearance_locks(tmp_path: Path) -> None:
    clock = FixedClock(local(TODAY, 10))
    store = open_store(tmp_path)
    _, first = store.start_episode(onset=ONSET, now=local(ONSET), pain=6, symptoms=["both_legs"])
    ep = store.current_episode()
    assert ep is not None
    store.set_cleared(ep.id, clock.now())
    # Saving the entry again with the same sign ticked is not a new report.
    store.update_entry(
        first.id,
        pain=7,
        area="",
        note="edited",
        meds=False,
        symptoms=["both_legs"],
        now=clock.now(),
    )
    assert not locked(store)
    clock.advance(hours=1)
    store.update_entry(
        first.id,
        pain=7,
        area="",
        note="",
        meds=False,
        symptoms=["both_legs", "bladder_bowel"],
        now=clock.now(),
    )
    assert locked(store)
    assert "emergency" in kinds(store)
    store.close()


def test_two_clearances_in_a_row(tmp_path: Path) -> None:
    clock = FixedClock(local(TODAY, 10))
    store = cleared_episode(tmp_path, clock)
    ep = store.current_episode()
    assert ep is not None
    clock.advance(hours=1)
    store.set_cleared(ep.id, clock.now())  # a second clearance covers no less
    assert not locked(store)
    store.log_pain(pain=4, logged_at=clock.now(), symptoms=["dark_urine"])
    assert locked(store)
    clock.advance(hours=1)
    store.set_cleared(ep.id, clock.now())
    assert not locked(store)
    clock.advance(seconds=1)
    store.log_pain(pain=4, logged_at=clock.now(), symptoms=["dark_urine"])
    assert locked(store)
    store.close()


def test_a_report_after_a_deleted_one_is_never_covered_by_its_number(tmp_path: Path) -> None:
    """Report numbers are never reused: deleting the newest report and adding another
    must not give the new one a number the clearance covers."""
    clock = FixedClock(local(TODAY, 10))
    store = open_store(tmp_path)
    ep, _ = store.start_episode(onset=ONSET, now=local(ONSET), pain=5)
    _, entry = store.log_pain(pain=5, logged_at=clock.now(), symptoms=["chest_pain"])
    store.set_cleared(ep.id, clock.now())
    store.delete_entry(entry.id)
    store.log_pain(pain=5, logged_at=clock.now(), symptoms=["chest_pain"])
    assert locked(store)
    store.close()


def test_an_import_after_the_clearance_locks(tmp_path: Path) -> None:
    clock = FixedClock(local(TODAY, 10))
    store = cleared_episode(tmp_path, clock)
    document = json.loads(json.dumps(export_document(store, now=clock.now())))
    # The same episode, with one more entry reporting an emergency sign.
    document["episodes"][0]["entries"].append(
        {
            "uid": "f" * 32,
            "logged_at": "2026-11-24T09:30:00.000000Z",
            "day": "2026-11-24",
            "pain": 5,
            "area": "",
            "note": "",
            "meds": False,
            "source": "cli",
            "symptoms": [
                {
                    "key": "both_legs",
                    "logged_at": "2026-11-24T09:30:00.000000Z",
                    "day": "2026-11-24",
                    "covered": True,  # a file cannot make a report covered in this diary
                }
            ],
        }
    )
    import_document(store, parse_export(json.dumps(document)))
    assert locked(store)
    assert "emergency" in kinds(store)
    store.close()


def test_a_restored_clearance_covers_what_it_covered_before_and_nothing_more(
    tmp_path: Path,
) -> None:
    clock = FixedClock(local(TODAY, 10))
    store = cleared_episode(tmp_path, clock)
    store.log_pain(pain=4, logged_at=clock.now(), symptoms=["fever"])
    text = json.dumps(export_document(store, now=clock.now()))
    store.close()
    fresh = open_store(tmp_path, "restored.db")
    import_document(fresh, parse_export(text))
    assert not locked(fresh)  # chest_pain was covered, fever is not an emergency sign
    assert "see_doctor_today" in kinds(fresh) and "emergency" not in kinds(fresh)

    # Now with a sign reported after the clearance: still uncovered after a restore.
    store = Store.open(tmp_path / "diary.db", zone=ZONE)
    store.log_pain(pain=4, logged_at=clock.now(), symptoms=["saddle_numbness"])
    text = json.dumps(export_document(store, now=clock.now()))
    store.close()
    again = open_store(tmp_path, "restored-again.db")
    import_document(again, parse_export(text))
    assert locked(again)
    assert "emergency" in kinds(again)
    fresh.close()
    again.close()


def test_deleting_the_first_entry_keeps_the_intake_answers(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    ep, first = store.start_episode(
        onset=ONSET, now=local(ONSET), pain=6, intake_symptoms=["saddle_numbness"]
    )
    store.delete_entry(first.id)
    assert [s.key for s in store.symptoms(ep.id)] == ["saddle_numbness"]
    assert locked(store)
    store.close()


def test_the_clearance_keeps_its_day_and_moment(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 11, 25, 0, 30, tzinfo=ZONE))
    store = cleared_episode(tmp_path, clock)
    ep = store.current_episode()
    assert ep is not None
    assert ep.cleared_on == date(2026, 11, 25)
    assert ep.cleared_at == clock.now()
    store.close()
