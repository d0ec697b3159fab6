"""A full four-week diary for the report tests: everything the report shows, at
about the most a one-page report has to hold (ten long notes, five check-ins with
three activities, several warnings, symptoms, a clearance, routines and stops)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from coach.store import Store
from tests.helpers import local

TODAY = date(2026, 11, 29)
ONSET = TODAY - timedelta(days=30)

HOSTILE_NOTES = (
    "<script>alert('x')</script> after squats",
    'Tom & Jerry said "rest" & I didn\'t',
    "\x1b[31mred\x1b[0m and a bell\x07 <b>bold</b> <img src=x onerror=alert(1)>",
)

PAINS = [
    6,
    7,
    6,
    5,
    5,
    4,
    None,
    4,
    5,
    4,
    3,
    4,
    5,
    4,
    None,
    4,
    3,
    3,
    4,
    5,
    4,
    3,
    None,
    3,
    4,
    5,
    6,
    7,
    8,
]


def seed_full_diary(db_path: Path, *, hostile: bool = False) -> None:
    store = Store.open(db_path)
    episode, _ = store.start_episode(
        onset=ONSET,
        now=local(ONSET, 18),
        pain=7,
        activity="heavy deadlifts" if not hostile else "deadlifts <b>& squats</b>",
        area="lower",
        side="left",
        intake_symptoms=["one_leg"],
        note="Felt a twinge on the last rep of the third set; stiff on the way home.",
    )
    for n, pain in enumerate(PAINS, start=1):
        if n == 10:
            store.set_cleared(episode.id, local(ONSET + timedelta(days=10), 12))
        if pain is None:
            continue
        day = ONSET + timedelta(days=n)
        note = ""
        if n >= len(PAINS) - 12:
            note = (
                f"Day {n}: walked the dog for half an hour, then some stiffness when getting up "
                "from the desk; the stretches helped a little and sleep was broken twice by the "
                "ache when turning over in bed."
            )
        store.add_entry(
            episode_id=episode.id,
            pain=pain,
            logged_at=local(day, 20),
            note=note,
            meds=n in (1, 2, 3, 14, 27, 28, 29),
            symptoms=["night_pain"] if n in (20, 27) else [],
        )
    if hostile:
        for i, note in enumerate(HOSTILE_NOTES):
            store.add_entry(episode_id=episode.id, pain=8, logged_at=local(TODAY, 21, i), note=note)
    for n in (3, 5, 9, 12, 16, 19, 23, 26, 28):
        day = ONSET + timedelta(days=n)
        store.add_session(
            episode_id=episode.id,
            kind="routine",
            name="Gentle full routine" if n % 2 else "Cat-cow",
            started_at=local(day, 8),
            seconds_done=600,
            steps_done=6,
            stopped_for_pain=n in (26, 28),
        )
        store.add_session(
            episode_id=episode.id,
            kind="heat",
            name="Heat",
            started_at=local(day, 19),
            seconds_done=1200,
        )
    answers = [(7, 6, 6), (6, 6, 5), (6, 5, 6), (6, 6, 6), (7, 6, 6)]
    goals = [
        [("deadlift", 2), ("putting on socks", 5), ("running 5 km", 3)],
        [("deadlift", 3), ("putting on socks", 6), ("running 5 km", 3)],
        [("deadlift", 3), ("putting on socks", 6), ("running 5 km", 4)],
        [("deadlift", 4), ("putting on socks", 6), ("running 5 km", 4)],
        [("deadlift", 3), ("putting on socks", 5), ("running 5 km", 3)],
    ]
    for week, (a, g) in enumerate(zip(answers, goals, strict=True)):
        day = ONSET + timedelta(days=7 + 5 * week)
        store.add_checkin(
            episode_id=episode.id,
            day=day,
            at=local(day, 21),
            pain=a[0],
            enjoyment=a[1],
            activity=a[2],
            goals=g,
        )
    store.set_setting("first_run_seen", "yes")
    store.close()
