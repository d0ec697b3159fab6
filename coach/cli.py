"""The shell commands other than opening the app (`coach log`, ...)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach import validate
from coach.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from coach.model import SafetyWarning
    from coach.store import Store


LEVEL_WORDS = {"urgent": "‼ URGENT", "caution": "▲ CAUTION", "info": "ℹ INFO"}


def format_warning(warning: SafetyWarning) -> str:
    """A warning as plain text: level word and symbol, message, then its numbers."""
    lines = [f"{LEVEL_WORDS[warning.level]}: {warning.message}"]
    lines.extend(f"  - {reason}" for reason in warning.reasons)
    return "\n".join(lines)


def current_warnings(store: Store, today: date) -> list[SafetyWarning]:
    """The active warnings of the current episode, as of `today`."""
    from coach.content import red_flag_index
    from coach.safety import evaluate

    episode = store.current_episode()
    if episode is None:
        return []
    return evaluate(
        episode,
        store.entries(episode.id),
        store.symptoms(episode.id),
        store.sessions(episode.id),
        today,
        red_flag_index(),
    )


def log_command(args: argparse.Namespace, *, today: date, db_path: Path) -> int:
    """`coach log PAIN`: validate everything first, then write one transaction."""
    from coach.content import red_flags

    try:
        pain = validate.pain(args.pain)
        day = validate.entry_day(args.date.isoformat(), today) if args.date else today
        note = validate.note(args.note)
        symptoms = validate.symptom_keys(args.symptom, (f.key for f in red_flags()))
    except ValueError as error:
        raise UsageError(str(error)) from None

    from coach.dates import local_now, moment_on
    from coach.store import Store

    store = Store.open(db_path)
    try:
        moment = moment_on(day, local_now())
        episode = store.current_episode()
        before = {w.kind for w in current_warnings(store, today)}
        with store.transaction():
            if episode is None:
                episode, _ = store.start_episode(
                    onset=day,
                    now=moment,
                    pain=pain,
                    note=note,
                    meds=args.meds,
                    symptoms=symptoms,
                    source="cli",
                )
            else:
                store.add_entry(
                    episode_id=episode.id,
                    pain=pain,
                    logged_at=moment,
                    note=note,
                    meds=args.meds,
                    symptoms=symptoms,
                    source="cli",
                )
        print(
            f"Logged pain {pain}/10 for {day.isoformat()} (day {episode.age(day)} of this episode)."
        )
        for warning in current_warnings(store, today):
            if warning.kind not in before:
                print(format_warning(warning))
    finally:
        store.close()
    sys.stdout.flush()
    return EXIT_OK
