"""The use-case layer: each thing a person does, once, for the app and the command line.

A `Diary` is one store on one clock. Each action runs in one transaction and returns an
`Outcome`: what was saved, the state after it, the warnings it newly raised, and the
emergency signs it reported (the urgent note must show). The app and `coach log`,
`coach checkin`, `coach import` ... call these; the screens only return typed answers
and never see the store. This is also the one place that reads the store into the
pure `Snapshot` (coach.state) every screen and command shows.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from coach.model import DiaryEntry, EpisodeSummary, Session, SessionDone
from coach.safety import day_history
from coach.settings import KEYS as SETTING_KEYS
from coach.settings import parse_settings, stored_settings
from coach.state import Snapshot, build_snapshot, entries_of_day

if TYPE_CHECKING:
    from coach.checkin import Activity, CheckIn, CheckInAnswers
    from coach.clock import Clock
    from coach.content import RedFlag
    from coach.intake import IntakeAnswers
    from coach.model import Episode, SafetyWarning, Symptom
    from coach.store import Store

T = TypeVar("T")


class Refused(ValueError):
    """The action cannot be done as asked (nothing was written); the message says why."""


def load_snapshot(store: Store, today: date) -> Snapshot:
    """Everything the screens and `coach today` show for `today`, read in one go."""
    return _Records.read(store).snapshot(store, today)


class _Records:
    """The current episode's records as last read, so that after an action only what
    changed is read again (a ten-year diary is not read whole after each keypress).
    A plain class, not a dataclass: see coach.model on what defining one costs."""

    __slots__ = (
        "episode",
        "entries",
        "symptoms",
        "sessions",
        "checkins",
        "last_entry",
        "last_seq",
        "last_session",
        "history",
        "entries_from",
        "days",
    )

    def __init__(
        self,
        episode: Episode | None,
        entries: list[DiaryEntry] | None = None,
        symptoms: list[Symptom] | None = None,
        sessions: list[Session] | None = None,
        checkins: list[CheckIn] | None = None,
        *,
        last_entry: int = -1,
        last_seq: int = -1,
        last_session: int = -1,
        history: list[tuple[date, int, bool]] | None = None,
        entries_from: date | None = None,
    ) -> None:
        self.episode = episode
        # A partial read (read_recent): only the entries of `entries_from` on, and every
        # entry's day, pain and pain relief in `history`. Nothing is updated from it:
        # the Diary reads everything before any action.
        self.history = history
        self.entries_from = entries_from
        # safety.day_history of every entry (each day's score, the pain-relief days),
        # worked out when first needed and then kept up to date day by day.
        self.days: tuple[dict[date, int], set[date]] | None = None
        self.entries: list[DiaryEntry] = entries if entries is not None else []
        self.symptoms: list[Symptom] = symptoms if symptoms is not None else []
        self.sessions: list[Session] = sessions if sessions is not None else []
        self.checkins: list[CheckIn] = checkins if checkins is not None else []
        # The newest row of each table read so far: rows after these are new (-1: work
        # it out from the rows).
        self.last_entry = last_entry if last_entry >= 0 else _last(e.id for e in self.entries)
        self.last_seq = last_seq if last_seq >= 0 else _last(s.seq for s in self.symptoms)
        self.last_session = (
            last_session if last_session >= 0 else _last(s.id for s in self.sessions)
        )

    @classmethod
    def read(cls, store: Store) -> _Records:
        """Everything, from scratch."""
        episode = store.current_episode()
        if episode is None:
            return cls(None)
        return cls(
            episode,
            store.entries(episode.id),
            store.symptoms(episode.id),
            store.sessions(episode.id),
            store.checkins(episode.id),
        )

    @classmethod
    def read_recent(cls, store: Store, today: date) -> _Records:
        """What Today shows, read quickly however long the diary: every entry's day,
        pain and pain relief (the rules need no more), and only the entries of
        yesterday on (or from the latest logged day, when that is earlier); the
        symptoms, sessions and check-ins whole. A short diary comes back complete."""
        with store.reading():
            episode = store.current_episode()
            if episode is None:
                return cls(None)
            history = store.entry_days(episode.id)
            logged = bisect_right(history, today, key=_first)
            since = today - timedelta(days=1)
            if logged and history[logged - 1][0] < since:
                since = history[logged - 1][0]
            if not history or history[0][0] >= since:
                return cls.read(store)  # all of it is recent: read it whole
            return cls(
                episode,
                store.entries(episode.id, since=since),
                store.symptoms(episode.id),
                store.sessions(episode.id),
                store.checkins(episode.id),
                history=history,
                entries_from=since,
            )

    @property
    def partial(self) -> bool:
        return self.entries_from is not None

    def update(self, store: Store, touched: Sequence[int] = ()) -> _Records | None:
        """What a full read would give now, reading only what may have changed: rows
        added since (a new row always has a higher id than every row before it), the
        entries `touched` (edited or deleted) with their symptoms, the episode row and
        the check-ins (a handful, whose activities can be renamed). Another episode
        is read from scratch. None when nothing in the episode changed (a glass of
        water): the last snapshot stands but for the checklist and settings."""
        episode = store.current_episode()
        if episode is None or self.episode is None or episode.id != self.episode.id:
            return _Records.read(store)
        gone = set(touched)
        added = store.entries(episode.id, after_id=self.last_entry)
        if touched:
            added += store.entries(episode.id, ids=touched)
        entries = _merged(self.entries, gone, added, _entry_order)
        new_symptoms = store.symptoms(episode.id, after_seq=self.last_seq)
        if touched:
            seen = {s.seq for s in new_symptoms}
            new_symptoms += [
                s for s in store.symptoms(episode.id, entry_ids=touched) if s.seq not in seen
            ]
        symptoms = self.symptoms
        if new_symptoms or any(s.entry_id in gone for s in symptoms):
            symptoms = sorted(
                [s for s in symptoms if s.entry_id not in gone] + new_symptoms,
                key=lambda s: s.seq or 0,
            )
        new_sessions = store.sessions(episode.id, after_id=self.last_session)
        sessions = _merged(self.sessions, set(), new_sessions, _session_order)
        checkins = store.checkins(episode.id)
        if (
            episode == self.episode
            and entries is self.entries
            and symptoms is self.symptoms
            and sessions is self.sessions
            and checkins == self.checkins
        ):
            return None
        records = _Records(
            episode,
            entries,
            symptoms,
            sessions,
            checkins,
            # Entry ids can be used again once the newest is deleted (no AUTOINCREMENT):
            # after a delete the newest is worked out from what is left.
            last_entry=-1 if gone else max(self.last_entry, _last(e.id for e in added)),
            last_seq=max(self.last_seq, _last(s.seq for s in new_symptoms)),
            last_session=max(self.last_session, _last(s.id for s in new_sessions)),
        )
        if self.days is not None and entries is not self.entries:
            records.days = _days_again(self.days, self.entries, entries, gone, added)
        return records

    def day_totals(self) -> tuple[dict[date, int], set[date]]:
        """Each logged day's score and the pain-relief days, for every entry."""
        if self.days is None:
            rows = self.history
            if rows is None:
                rows = [(e.day, e.pain, e.meds) for e in self.entries]
            self.days = day_history(rows)
        return self.days

    def snapshot(self, store: Store, today: date) -> Snapshot:
        """The snapshot of `today` (the checklist and settings are read each time)."""
        checklist, settings = _day_state(store, today)
        episode = self.episode
        if episode is None or episode.onset > today:
            return build_snapshot(today, episode=None, checklist=checklist, settings=settings)
        return build_snapshot(
            today,
            episode=episode,
            entries=tuple(self.entries),
            symptoms=tuple(self.symptoms),
            sessions=tuple(self.sessions),
            checkins=tuple(self.checkins),
            checklist=checklist,
            settings=settings,
            days=self.day_totals(),
            entries_from=self.entries_from,
        )


def _day_state(store: Store, today: date) -> tuple[dict[str, int], dict[str, str]]:
    """What is read afresh for every snapshot: today's checklist and the settings."""
    return store.checklist(today), store.settings(SETTING_KEYS)


def _days_again(
    days: tuple[dict[date, int], set[date]],
    before: list[DiaryEntry],
    entries: list[DiaryEntry],
    gone: set[int],
    added: list[DiaryEntry],
) -> tuple[dict[date, int], set[date]]:
    """`days` after an action, worked out again only for the days whose entries it
    added, edited or deleted (`entries` is in day order): a save in a ten-year diary
    does not go through ten years of entries."""
    scores, meds_days = dict(days[0]), set(days[1])
    touched_days = {e.day for e in added}
    if gone:
        touched_days |= {e.day for e in before if e.id in gone}
    for day in touched_days:
        day_scores, day_meds = day_history(
            (e.day, e.pain, e.meds) for e in entries_of_day(entries, day)
        )
        scores.pop(day, None)
        scores.update(day_scores)
        meds_days.discard(day)
        meds_days |= day_meds
    return scores, meds_days


def _first(row: tuple[date, int, bool]) -> date:
    return row[0]


def _entry_order(entry: DiaryEntry) -> tuple[date, datetime, int]:
    return (entry.day, entry.logged_at, entry.id)


def _session_order(session: Session) -> tuple[datetime, int]:
    return (session.started_at, session.id)


def _last(ids: Iterable[int | None]) -> int:
    """The highest of `ids` (0 for none): rows after it are new."""
    return max((i or 0 for i in ids), default=0)


R = TypeVar("R", DiaryEntry, Session)


def _merged(rows: list[R], gone: set[int], added: list[R], order: Callable[[R], Any]) -> list[R]:
    """`rows` without the ids in `gone`, with `added` (which replace rows of the same
    id), in `order`; the same list when nothing changed. New rows usually belong at the
    end, so the long list is sorted only when one does not."""
    if not added and not gone:
        return rows
    # Only rows in `gone` are replaced (an added row is new, or was touched), so a
    # new row is put in its place by bisection: a ten-year diary is not sorted again.
    merged = [row for row in rows if row.id not in gone] if gone else list(rows)
    for row in sorted({row.id: row for row in added}.values(), key=order):
        insort(merged, row, key=order)
    return merged


class Outcome(NamedTuple, Generic[T]):
    """What one action did."""

    saved: T
    snapshot: Snapshot
    # Warnings up now that were not up before the action: announced once.
    new_warnings: tuple[SafetyWarning, ...] = ()
    # The emergency signs this action reported: the urgent note shows, even when the
    # emergency warning was already up (it is new information).
    urgent: tuple[RedFlag, ...] = ()

    @property
    def to_tell(self) -> tuple[SafetyWarning, ...]:
        """The warnings a one-shot command prints: the new ones, and the emergency one
        again when this action reported an emergency sign."""
        told = {w.kind for w in self.new_warnings} | ({"emergency"} if self.urgent else set())
        return tuple(w for w in self.snapshot.warnings if w.kind in told)


HISTORY_LIMIT = 5
"""How many earlier episodes the diary lists (then "and N older")."""


class Diary:
    """One diary (a store) on one clock: every action a person can take on it."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._records: _Records | None = None
        self._snapshot: Snapshot | None = None

    # --- reading ------------------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot:
        """The state as last read (read now if it never was, or the day has changed)."""
        if self._snapshot is None or self._snapshot.today != self.clock.today():
            return self.refresh()
        return self._snapshot

    def refresh(self, touched: Sequence[int] = ()) -> Snapshot:
        """Read the diary again (after a change, or when the day moves on): only what
        may have changed since the last read, with `touched` the entries an action
        edited or deleted. The result is what a full read gives (tests/unit/
        test_actions_incremental.py checks it over random diaries and actions)."""
        today = self.clock.today()
        if self._records is None or self._records.partial:
            self._records = _Records.read(self.store)
        else:
            records = self._records.update(self.store, touched)
            before = self._snapshot
            if records is None and before is not None and before.today == today:
                # Nothing of the episode changed: the warnings and the plan stand.
                checklist, settings = _day_state(self.store, today)
                self._snapshot = before._replace(
                    checklist=checklist, settings=parse_settings(settings)
                )
                return self._snapshot
            self._records = records or self._records
        self._snapshot = self._records.snapshot(self.store, today)
        return self._snapshot

    def first_look(self) -> Snapshot:
        """Today's snapshot, read for the first screen: on a long diary only its recent
        entries and the history the rules need (_Records.read_recent), which gives
        what a full read gives but for the older entries. `read_whole` reads those."""
        today = self.clock.today()
        self._records = _Records.read_recent(self.store, today)
        self._snapshot = self._records.snapshot(self.store, today)
        return self._snapshot

    @property
    def complete(self) -> bool:
        """Every entry of the episode has been read."""
        return self._records is not None and not self._records.partial

    def read_whole(self) -> Snapshot | None:
        """After the first look, the whole episode: the snapshot is the same but for
        the older entries, now there. None when nothing is missing (an action reads
        everything first, so one that ran since has read it)."""
        if self.complete:
            return None
        return self.refresh()

    def earlier_episodes(self, current_id: int | None) -> tuple[list[EpisodeSummary], int]:
        """The newest earlier episodes (at most HISTORY_LIMIT), and how many there are."""
        earlier = [e for e in self.store.episodes() if e.id != current_id]
        summaries = []
        for episode in earlier[:HISTORY_LIMIT]:
            entries = self.store.entries(episode.id)
            last = max((entry.day for entry in entries), default=episode.onset)
            highest = max((entry.pain for entry in entries), default=None)
            summaries.append(EpisodeSummary(episode, (last - episode.onset).days + 1, highest))
        return summaries, len(earlier)

    def activities(self, episode_id: int) -> list[Activity]:
        """The activities a check-in asks about, for the episode."""
        return self.store.activities(episode_id)

    # --- the one way every action runs ----------------------------------------------------

    def run(
        self,
        change: Callable[[Store], T],
        symptoms: tuple[str, ...] = (),
        touched: Sequence[int] = (),
    ) -> Outcome[T]:
        """Run `change` in one transaction, read the new state, and say what is new.

        A busy or read-only database raises sqlite3.OperationalError and nothing is
        written; the caller says "Not saved" where the person is looking."""
        from coach.content import red_flag_index
        from coach.safety import triage

        before = {w.kind for w in self.snapshot.warnings}
        with self.store.transaction():  # whatever the action does lands together
            saved = change(self.store)
        after = self.refresh(touched)
        return Outcome(
            saved=saved,
            snapshot=after,
            new_warnings=tuple(w for w in after.warnings if w.kind not in before),
            urgent=tuple(triage(symptoms, red_flag_index()).emergency),
        )

    # --- the diary --------------------------------------------------------------------

    def log_pain(
        self,
        *,
        pain: int,
        day: date | None = None,
        area: str = "",
        note: str = "",
        meds: bool = False,
        symptoms: tuple[str, ...] = (),
        source: str = "app",
    ) -> Outcome[tuple[Episode, DiaryEntry]]:
        """Log pain now, or for `day` at this time of day, in the current episode; with
        none, one starts on that day (PRODUCT.md). Symptoms are reported now, whatever
        day the entry is for (a clearance covers only earlier reports)."""
        from coach.clock import on_day

        now = self.clock.now()
        day = day or self.clock.today()
        current = self.store.current_episode()
        if current is not None and day < current.onset:
            from coach.dates import long_day

            raise Refused(
                f"{day.isoformat()} is before this episode began ({long_day(current.onset)}); "
                "log days from then on, or start a new episode in the app (n)"
            )
        return self.run(
            lambda store: store.log_pain(
                pain=pain,
                logged_at=on_day(day, now),
                day=day,
                reported_at=now,
                area=area,
                note=note,
                meds=meds,
                symptoms=symptoms,
                source=source,
            ),
            symptoms,
        )

    def edit_entry(
        self,
        entry_id: int,
        *,
        pain: int,
        area: str,
        note: str,
        meds: bool,
        symptoms: tuple[str, ...],
    ) -> Outcome[None]:
        """Change an entry; a sign newly ticked is reported now."""
        now = self.clock.now()
        return self.run(
            lambda store: store.update_entry(
                entry_id, pain=pain, area=area, note=note, meds=meds, symptoms=symptoms, now=now
            ),
            symptoms,
            touched=(entry_id,),
        )

    def delete_entry(self, entry_id: int) -> Outcome[None]:
        return self.run(lambda store: store.delete_entry(entry_id), touched=(entry_id,))

    def start_episode(self, answers: IntakeAnswers) -> Outcome[tuple[Episode, DiaryEntry]]:
        """A new episode from the intake's answers, with its first entry."""
        now = self.clock.now()
        return self.run(
            lambda store: store.start_episode(
                onset=answers.onset,
                now=now,
                pain=answers.pain,
                activity=answers.activity,
                area=answers.area,
                side=answers.side,
                intake_symptoms=answers.symptoms,
                note=answers.note,
            ),
            answers.symptoms,
        )

    def record_session(self, done: SessionDone) -> Outcome[None]:
        """Save a routine or ice/heat session (complete or partial) in the current episode.

        A routine's `pain_after` is also logged as a diary entry (source "routine"; its
        note is `pain_note`, as for "this hurts", or "After <name>."), in the same
        transaction: the entry and the session land together. The session keeps the day
        it ended: today; `planned_seconds` is its own planned length, so that
        coach.plan.counts can tell whether it counts as done."""
        now = self.clock.now()

        def save(store: Store) -> None:
            episode = store.current_episode()
            if done.pain_after is not None and (
                done.pain_note is not None or done.kind == "routine"
            ):
                episode, _ = store.log_pain(
                    pain=done.pain_after,
                    logged_at=now,
                    note=done.pain_note or f"After {done.name}.",
                    source="routine",
                )
            store.add_session(
                episode_id=episode.id if episode else None,
                kind=done.kind,
                name=done.name,
                started_at=done.started_at or now,
                seconds_done=done.seconds_done,
                steps_done=done.steps_done,
                stopped_for_pain=done.stopped_for_pain,
                pain_before=done.pain_before,
                pain_after=done.pain_after,
                day=now.date(),
                planned_seconds=done.planned_seconds,
            )

        return self.run(save)

    def bump_checklist(self, item: str, delta: int = 1) -> Outcome[int]:
        """One more (or, with a negative `delta`, one less) of today's `item`."""
        today = self.clock.today()
        return self.run(lambda store: store.bump_checklist(today, item, delta))

    def change_settings(self, changes: Mapping[str, str]) -> Outcome[None]:
        """Store settings (coach.settings.stored_settings spells their values)."""

        def save(store: Store) -> None:
            for key, value in changes.items():
                store.set_setting(key, value)

        return self.run(save)

    def first_run_read(self) -> Outcome[None]:
        """The first-run note has been read: it does not show again."""
        return self.change_settings(stored_settings(first_run_seen=self.clock.today()))

    def clear(self, episode_id: int) -> Outcome[None]:
        """A clinician has cleared the person to exercise: the reports made so far are
        covered (coach.safety.routines_locked)."""
        now = self.clock.now()
        return self.run(lambda store: store.set_cleared(episode_id, now))

    def mark_recovered(self, episode_id: int) -> Outcome[None]:
        today = self.clock.today()
        return self.run(lambda store: store.set_recovered(episode_id, today))

    def check_in(
        self, answers: CheckInAnswers, *, source: str = "app"
    ) -> Outcome[tuple[CheckIn, ...]]:
        """The weekly check-in (with any activity renamed or replaced on the way) in the
        current episode. Saved is the episode's check-ins up to today, oldest first."""
        today = self.clock.today()
        now = self.clock.now()
        episode = self.store.current_episode()
        if episode is None or episode.onset > today:
            raise Refused("no episode yet: start one with `coach log PAIN` or in the app (n)")

        def save(store: Store) -> tuple[CheckIn, ...]:
            for activity_id, name in answers.renames.items():
                store.rename_activity(activity_id, name)
            for activity_id, name in answers.replaces.items():
                store.replace_activity(activity_id, name, now)
            store.add_checkin(
                episode_id=episode.id,
                day=today,
                at=now,
                pain=answers.pain,
                enjoyment=answers.enjoyment,
                activity=answers.activity,
                goals=answers.goals,
                source=source,
            )
            return tuple(c for c in store.checkins(episode.id) if c.day <= today)

        return self.run(save)

    # --- moving the diary in and out ----------------------------------------------------

    def import_document(self, document: Mapping[str, Any]) -> Outcome[Any]:
        """Add a checked export (coach.exchange.parse_export) in one transaction."""
        from coach import exchange

        return self.run(lambda store: exchange.import_document(store, document))

    def export(self, kind: str) -> str:
        """The diary as "json" (everything), "csv" (the entries) or "md" (a summary)."""
        from coach import exchange

        if kind == "csv":
            return exchange.export_csv(self.store)
        if kind == "md":
            return exchange.export_markdown(self.store, self.clock.today())
        return exchange.export_json(self.store, now=self.clock.now())
