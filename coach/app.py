"""The Textual application: modes, keys, themes, and the database opened off the
first frame's critical path."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App, SystemCommand
from textual.reactive import Reactive, var
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from coach.bindings import bindings_for
from coach.paths import APP_CSS, DIARY_CSS
from coach.screens.today import TodayScreen
from coach.themes import COACH_DARK, COACH_LIGHT

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from coach.actions import Diary, Outcome
    from coach.checkin import Activity, CheckInAnswers
    from coach.clock import Clock
    from coach.intake import IntakeAnswers
    from coach.model import EpisodeSummary, SessionDone
    from coach.speech import Speaker, Voice
    from coach.state import Snapshot
    from coach.store import Store


PRELOAD_AFTER = 0.3
"""Seconds after the diary opens before sqlite-utils is loaded in the background."""

T = TypeVar("T")


class CoachApp(App[None]):
    """coach: a calm daily coach for a strained back."""

    TITLE = "coach"
    # Absolute paths: a relative one would be resolved against this file's folder.
    CSS_PATH = [str(APP_CSS), str(DIARY_CSS)]
    ENABLE_COMMAND_PALETTE = True
    # Today is the default screen rather than an entry in MODES: Textual builds it
    # straight away instead of building a blank default screen first (~8 ms sooner).
    DEFAULT_MODE = "today"
    BINDINGS = bindings_for("app")

    # A var, not a reactive: each screen that shows the snapshot watches it and redraws
    # only the lines that changed. A reactive would also repaint the whole screen on
    # every save (3-5 ms of the event loop for a glass of water).
    snapshot: Reactive[Snapshot | None] = var(None, always_update=True)
    # coach's dark theme from the start. Textual turns the theme into the style sheet's
    # variables in App.__init__; setting it afterwards parses every style sheet a second
    # time (about 20 ms of start-up), so coach-dark is the default and is available
    # from the first moment (see available_themes).
    theme: Reactive[str] = Reactive(COACH_DARK.name)

    def __init__(
        self,
        db_path: Path | None = None,
        today: date | None = None,
        clock: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        speaker: Speaker | None = None,
    ) -> None:
        super().__init__()
        # The speech engine behind the player's voice; None: the system's, if any.
        self.speaker = speaker
        self._voice: Voice | None = None
        self._no_engine = False
        from coach.clock import clock_for

        # "Now" for every entry, session, clearance and rule; `--today` fixes its date.
        self.clock: Clock = clock or clock_for(today)
        # Countdowns run on their own monotonic clock, which no date change can move.
        self.monotonic = monotonic
        self.db_path = db_path
        self.fixed_today = today
        # The diary and its actions (coach.actions): set once it is open.
        self.diary: Diary | None = None
        self.error_message: str | None = None
        # The diary as opened before the first screen was built (None: not yet).
        self._opened: Diary | None = None
        # The one thread that runs the diary's actions once the app is up (see
        # `in_diary_thread`); made with the first action.
        self._diary_thread: ThreadPoolExecutor | None = None

    @property
    def available_themes(self) -> dict[str, Theme]:
        return {
            **super().available_themes,
            COACH_DARK.name: COACH_DARK,
            COACH_LIGHT.name: COACH_LIGHT,
        }

    @property
    def voice(self) -> Voice | None:
        """The player's voice (speaking on its own thread), or None with no engine."""
        if self._voice is None and not self._no_engine:
            from coach.speech import Voice, system_speaker

            speaker = self.speaker if self.speaker is not None else system_speaker()
            if speaker is None:
                self._no_engine = True
                return None
            self._voice = Voice(speaker, self.monotonic)
        return self._voice

    # --- data -------------------------------------------------------------------------

    def on_load(self) -> None:
        # Before anything is built: the usual diary opens here, in a few milliseconds,
        # so that the first screen is drawn with its content (and a new diary's first
        # screen is the first-run note itself). Anything slower (a diary to migrate,
        # trouble to report) paints first and opens in a thread (on_mount).
        self._opened = self._open_now()
        if self._opened is not None:
            self._take_theme(self._opened.snapshot)

    def get_default_screen(self) -> Screen[Any]:
        opened = self._opened
        if opened is not None and not opened.snapshot.settings.first_run_seen:
            # A new diary: the note is the whole first screen, and Today is built only
            # once it is read (the note pushed over Today came up ~100 ms later, with
            # two screens to build and the first paint lost to Textual's start-up batch).
            from coach.content import notes
            from coach.screens.dialogs import FirstRunNote

            return FirstRunNote(notes()["first_run"])
        return TodayScreen()

    def on_mount(self) -> None:
        if self._opened is not None:
            self._store_ready(self._opened)
        else:
            self.call_after_refresh(self._start_loading)

    def _open_now(self) -> Diary | None:
        """Open a diary already at the current schema, or create a new one, and read
        Today's snapshot right here (the standard library's sqlite3 alone: a few
        milliseconds). None, with nothing kept open, for anything else (a diary to
        migrate, trouble): the thread path then opens it and reports any trouble."""
        import os

        from coach.actions import Diary
        from coach.paths import resolve_db_path
        from coach.store import Store

        path = self.db_path or resolve_db_path(None)
        try:
            if os.path.lexists(path):
                store = Store.open_current(path)
            else:
                store = Store.open(path)  # the first run: an empty diary, made quickly
        except Exception:  # noqa: BLE001 - the thread path says what is wrong
            return None
        if store is None:
            return None
        diary = Diary(store, self.clock)
        try:
            diary.first_look()  # a long diary: its recent entries (the rest comes next)
        except Exception:  # noqa: BLE001 - as above
            store.close()
            return None
        return diary

    def _start_loading(self) -> None:
        self.run_worker(self._open_store, thread=True, exit_on_error=False, group="store")

    def _open_store(self) -> None:
        from coach.actions import Diary
        from coach.dbfile import StoreError
        from coach.paths import resolve_db_path
        from coach.store import Store

        path = self.db_path or resolve_db_path(None)
        try:
            diary = Diary(Store.open(path), self.clock)
            diary.refresh()
        except StoreError as error:
            self.call_from_thread(self.fail, str(error))
            return
        except Exception as error:  # noqa: BLE001 - one line, never a hang or a traceback
            import sqlite3

            if isinstance(error, sqlite3.DatabaseError):
                message = f"cannot read the database {path}: {error}"
            else:
                message = f"unexpected problem opening the diary: {type(error).__name__}: {error}"
            self.call_from_thread(self.fail, message)
            return
        self.call_from_thread(self._store_ready, diary)

    @property
    def store(self) -> Store | None:
        """The open diary's store (None while it opens). Screens never use it: they
        call the app's actions, which run coach.actions."""
        return self.diary.store if self.diary is not None else None

    def _store_ready(self, diary: Diary) -> None:
        self.diary = diary
        store = diary.store
        self.db_path = store.path
        self.snapshot = snapshot = diary.snapshot
        # Today was drawn without sqlite-utils; load it off the event loop once what
        # the person came for is up (Today, or the first-run note a frame or two
        # later), so the first save does not pay for the import and the import does
        # not slow the first screens (bench/startup.py).
        self.set_timer(
            PRELOAD_AFTER,
            lambda: self.run_worker(lambda: store.db, thread=True, group="store-writes"),
        )
        self.call_after_refresh(self._started)
        if not diary.complete:
            # A long diary's older entries, read in the diary's thread once the first
            # screen is drawn (bench/startup.py: ten years open about as fast as one
            # week); an action asked for meanwhile waits its turn there.
            self.call_after_refresh(self.run_worker, self._whole_diary)
        # Left open past midnight, Today moves on to the new day by itself.
        self.set_interval(60, self._new_day_check)
        self._take_theme(snapshot)  # opened in the thread: the stored theme, now
        if not snapshot.settings.first_run_seen:
            from coach.screens.dialogs import FirstRunNote

            if not isinstance(self.screen, FirstRunNote):
                from coach.content import notes
                from coach.screens.dialogs import NoteModal

                self.push_screen(NoteModal(notes()["first_run"]), self._first_run_read)
        elif self._missed_yesterday(snapshot):
            self.ask_how_it_feels()

    def _take_theme(self, snapshot: Snapshot) -> None:
        theme = snapshot.settings.theme
        if theme is not None and theme != self.theme:
            self.theme = theme

    async def _whole_diary(self) -> None:
        """The rest of a long diary, if it has not been read yet: once Today is drawn
        (which shows all it needs without it), and before a screen that lists every
        entry (only a key pressed in the diary's first moments waits for it)."""
        diary = self.diary
        if diary is None or diary.complete:
            return
        snapshot = await self.in_diary_thread(diary.read_whole)
        if snapshot is not None and diary is self.diary:
            self.snapshot = snapshot

    def in_diary_thread(self, work: Callable[[], T]) -> asyncio.Future[T]:
        """Run `work` (anything that reads or changes the open diary) in the diary's
        one thread, after what was asked before it, and await its result there.

        The event loop never waits for the database: not for a write lock held by
        `coach log` in another terminal (up to the store's busy timeout), nor for the
        disk, nor for the new state to be worked out, so the screen keeps drawing
        and the timers keep time while a save runs (bench/save.py, bench/busy.py).
        One thread, first come first served: saves land, and show, in the order they
        were asked, and the Diary, which is not thread-safe, is used by one thread."""
        if self._diary_thread is None:
            from concurrent.futures import ThreadPoolExecutor

            self._diary_thread = ThreadPoolExecutor(1, thread_name_prefix="coach-diary")
        return asyncio.get_running_loop().run_in_executor(self._diary_thread, work)

    @staticmethod
    def _started() -> None:
        """Today is drawn. `coach` starts with garbage collection off (it allocates
        much and frees little while it starts, bench/startup.py); what start-up made
        is kept out of later collections, and collection is on again."""
        import gc

        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    async def _new_day_check(self) -> None:
        if self.snapshot is not None and self.today != self.snapshot.today:
            await self.reload()

    @staticmethod
    def _missed_yesterday(snapshot: Snapshot) -> bool:
        """An episode past its first day, nothing logged yesterday nor yet today."""
        from datetime import timedelta

        if snapshot.episode is None or (snapshot.day_number or 0) < 1:
            return False
        yesterday = snapshot.today - timedelta(days=1)
        return not snapshot.entries_on(yesterday) and not snapshot.entries_on(snapshot.today)

    def ask_how_it_feels(self) -> None:
        from coach.screens.dialogs import PainKeyModal

        def answered(pain: int | None) -> None:
            if pain is not None:
                self.add_entry(pain=pain, source="check-in")

        self.push_screen(
            PainKeyModal("Nothing was logged yesterday. How does your back feel today?"),
            answered,
        )

    def _save(
        self, action: Callable[[Diary], Outcome[Any]], *, tell: bool = False
    ) -> asyncio.Future[Outcome[Any] | None]:
        """Queue one action of coach.actions (one transaction) in the diary's thread,
        now, behind any still running; once it has run, show the new state everywhere
        (and with `tell`, announce what it raised). The future holds the outcome once
        it shows; await it to act on it (a form closes only then), or leave it: the
        save lands and shows all the same, in the order it was asked.

        A busy or read-only database loses only this action: it says "Not saved" where
        the person is looking, and the app goes on (the outcome is None)."""
        loop = asyncio.get_running_loop()
        shown: asyncio.Future[Outcome[Any] | None] = loop.create_future()
        diary = self.diary
        if diary is None:
            shown.set_result(None)
            return shown

        def landed(job: asyncio.Future[Outcome[Any]]) -> None:
            outcome = self._landed(job, diary, tell)
            if not shown.done():  # an awaiting task cancelled takes its future with it
                shown.set_result(outcome)

        self.in_diary_thread(partial(action, diary)).add_done_callback(landed)
        return shown

    def _landed(
        self, job: asyncio.Future[Outcome[Any]], diary: Diary, tell: bool
    ) -> Outcome[Any] | None:
        import sqlite3

        from coach.actions import Refused

        try:
            outcome = job.result()
        except Refused as error:  # e.g. with --today before the episode began
            self.notify(str(error), title="Not saved", severity="warning", markup=False)
            return None
        except sqlite3.OperationalError as error:
            self.notify(
                f"Nothing was saved: {error}. Try again in a moment.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return None
        except (sqlite3.IntegrityError, OSError, ValueError, KeyError) as error:
            # Refused (by the database, or a value the action cannot take): each save
            # is one transaction, so nothing was written.
            self.notify(
                f"Could not save: {error}", title="Not saved", severity="error", markup=False
            )
            return None
        except Exception as error:  # noqa: BLE001 - as if raised on the loop: one line
            self._handle_exception(error)
            return None
        if diary is self.diary:
            self.snapshot = outcome.snapshot
        if tell:
            self._tell(outcome)
        return outcome

    def _tell(self, outcome: Outcome[Any]) -> None:
        """Announce what an action raised: each new warning once (Today and the diary
        keep showing it), and the urgent note for an emergency sign just reported, even
        when the emergency warning was already up: it is new information."""
        from coach.model import LEVEL_MARKS

        for warning in outcome.new_warnings:
            severity = {"urgent": "error", "caution": "warning"}.get(warning.level, "information")
            self.notify(
                warning.message,
                title=LEVEL_MARKS[warning.level],
                severity=severity,  # type: ignore[arg-type]
                timeout=12 if warning.level != "urgent" else 30,
                markup=False,
            )
        if outcome.urgent:
            # After the form that saved it has closed, so the note lands on top.
            self.call_later(self.show_urgent, tuple(flag.key for flag in outcome.urgent))

    def first_run_read(self) -> None:
        """The first-run note, the first screen of a new diary, is read: Today comes up
        over it, and the rest goes as after the note read over Today. (Textual keeps the
        first screen for good, textual#2650: the note stays under Today, never seen.)"""
        self.push_screen(TodayScreen())
        self._first_run_read()

    def _first_run_read(self, _: None = None) -> None:
        # Saved in the diary's thread, ahead of any answer the intake brings: the
        # intake comes up with Today, in the same frame, not a save later.
        self._save(lambda diary: diary.first_run_read())
        if self.snapshot is not None and self.snapshot.episode is None:
            self.action_new_episode()

    # --- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_palette" and isinstance(self.screen, ModalScreen):
            # The player, the timers, the forms and the urgent note are finished or
            # left with their own keys; the palette must not lead away from them.
            return False
        if action in ("new_episode", "cleared", "log_pain", "section") and self.store is None:
            return None  # still opening the diary: shown dimmed
        if action == "cleared":
            return bool(self.snapshot and self.snapshot.locked)
        if action == "section" and parameters and parameters[0] == self.current_mode:
            return False  # the section you are in: off the footer, so the keymap fits 60
        return True

    def watch_snapshot(self, old: Snapshot | None, new: Snapshot | None) -> None:
        # Only what check_action reads changes the keys: refreshing them rebuilds the
        # whole footer, too slow to do after every save (bench/save.py).
        if old is None or new is None or old.locked != new.locked:
            self.refresh_bindings()

    async def action_section(self, name: str) -> None:
        """Switch to a section, building its screen the first time (kept off start-up)."""
        if name == "diary":
            await self._whole_diary()
        self._register_section(name)
        self.switch_mode(name)
        self.refresh_bindings()

    def _register_section(self, name: str) -> None:
        if name not in self._modes:
            if name == "today":
                # Today is the default screen (built before anything else); register it
                # as a mode the first time another section is left for it.
                self.add_mode("today", TodayScreen)
            elif name == "diary":
                from coach.screens.diary import DiaryScreen

                self.add_mode("diary", DiaryScreen)
            elif name == "routines":
                from coach.screens.routines import RoutinesScreen

                self.add_mode("routines", RoutinesScreen)

    def action_log_pain(self) -> None:
        from coach.screens.diary import LogEntryModal

        if self.store is not None:
            self.push_screen(LogEntryModal())

    def action_new_episode(self) -> None:
        from coach.screens.intake import IntakeScreen

        if self.store is None:
            return
        current = self.snapshot.day_number if self.snapshot else None
        self.push_screen(IntakeScreen(self.today, current), self._intake_done)

    async def _intake_done(self, answers: IntakeAnswers | None) -> None:
        from coach.content import notes, red_flag_index
        from coach.safety import triage

        if answers is None:
            return
        if await self._save(lambda diary: diary.start_episode(answers)) is None:
            return
        found = triage(answers.symptoms, red_flag_index())
        if found.emergency:
            self.show_urgent(answers.symptoms)
        elif found.today:
            self.notify(notes()["see_today"].body, title="▲ Caution", severity="warning")
        elif found.soon:
            self.notify(notes()["see_soon"].body, title="▲ Caution", severity="warning")
        else:
            self.notify("Your episode has started. Today shows what to do.", title="Saved")

    def show_urgent(self, symptoms: tuple[str, ...]) -> None:
        """The full-screen "get medical help now" note, naming the answers that raised it."""
        from coach.content import notes, red_flag_index
        from coach.safety import triage
        from coach.screens.dialogs import NoteModal

        found = triage(symptoms, red_flag_index())
        because = "You told coach:\n" + "\n".join(f"‼ {f.text}" for f in found.emergency)
        self.push_screen(NoteModal(notes()["urgent"], urgent=True, extra=because))

    def action_cleared(self) -> None:
        from coach.screens.dialogs import ConfirmModal

        question = (
            "Has a clinician (a doctor, nurse or physiotherapist) seen you about these "
            "symptoms and cleared you to exercise?"
        )
        self.push_screen(ConfirmModal(question), self._clearance_answered)

    async def _clearance_answered(self, cleared: bool | None) -> None:
        episode = self.snapshot.episode if self.snapshot else None
        if not cleared or episode is None:
            return
        if await self._save(lambda diary: diary.clear(episode.id)) is None:
            return
        self.notify("Recorded. Routines are open again. Stop if anything hurts more.")

    # --- every screen saves through these: coach.actions does it, the app shows it ---

    def add_entry(
        self,
        *,
        pain: int,
        area: str = "",
        note: str = "",
        meds: bool = False,
        symptoms: tuple[str, ...] = (),
        source: str = "app",
    ) -> asyncio.Future[Outcome[Any] | None]:
        """Log pain now (as of `today`) in the current episode, starting one if needed.
        Its outcome is None if it could not be saved (the person has been told)."""
        return self._save(
            lambda diary: diary.log_pain(
                pain=pain, area=area, note=note, meds=meds, symptoms=symptoms, source=source
            ),
            tell=True,
        )

    def update_entry(
        self,
        entry_id: int,
        *,
        pain: int,
        area: str,
        note: str,
        meds: bool,
        symptoms: tuple[str, ...],
    ) -> asyncio.Future[Outcome[Any] | None]:
        return self._save(
            lambda diary: diary.edit_entry(
                entry_id, pain=pain, area=area, note=note, meds=meds, symptoms=symptoms
            ),
            tell=True,
        )

    def delete_entry(self, entry_id: int) -> asyncio.Future[Outcome[Any] | None]:
        return self._save(lambda diary: diary.delete_entry(entry_id))

    def record_session(self, done: SessionDone) -> asyncio.Future[Outcome[Any] | None]:
        """Save a routine or ice/heat session (see coach.actions.Diary.record_session)."""
        return self._save(lambda diary: diary.record_session(done), tell=True)

    def bump_checklist(self, item: str, delta: int = 1) -> asyncio.Future[Outcome[Any] | None]:
        """One more (or one less) of today's water or protein."""
        return self._save(lambda diary: diary.bump_checklist(item, delta))

    def change_settings(self, changes: Mapping[str, str]) -> asyncio.Future[Outcome[Any] | None]:
        """Store settings, spelt by coach.settings.stored_settings."""
        return self._save(lambda diary: diary.change_settings(changes))

    def earlier_episodes(self, current_id: int | None) -> tuple[list[EpisodeSummary], int]:
        """The diary's earlier episodes (read on the diary screen's worker thread)."""
        if self.diary is None:
            return [], 0
        return self.diary.earlier_episodes(current_id)

    def action_mark_recovered(self) -> None:
        from coach.screens.dialogs import ConfirmModal

        episode = self.snapshot.episode if self.snapshot else None
        if episode is None or self.store is None:
            return

        async def answered(yes: bool | None) -> None:
            saved = yes and await self._save(lambda diary: diary.mark_recovered(episode.id))
            if saved:
                self.notify("Marked recovered. Today now shows how to keep it from coming back.")

        from coach.dates import short_day
        from coach.safety import RELAPSE_PAIN

        question = "Mark this episode as recovered? Today will switch to prevention."
        scores = self.snapshot.scores if self.snapshot else {}
        if scores:
            latest = max(scores)
            if scores[latest] >= RELAPSE_PAIN:
                question = (
                    f"Your latest pain is {scores[latest]}, on {short_day(latest)}. "
                    f"Recovered usually means pain of 1 or less.\n\n"
                    "Mark this episode as recovered anyway? Today will switch to prevention; "
                    f"a later day with pain of {RELAPSE_PAIN} or more ends it."
                )
        self.push_screen(ConfirmModal(question), answered)

    async def action_quit(self) -> None:
        """Quit; with unsaved typing in a form, ask first (PRODUCT.md, Feel)."""
        from coach.screens.dialogs import ConfirmModal
        from coach.screens.fields import FormScreen

        form = self.screen
        if not isinstance(form, FormScreen) or not form.has_unsaved_changes():
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            ConfirmModal(
                "You have typed answers that are not saved. Quit coach without saving them?",
                yes="Quit without saving",
                no="Go back",
            ),
            answered,
        )

    # --- the weekly check-in: the screen asks, the app saves and shows the verdict ----

    def action_checkin(self) -> None:
        from coach.checkin import next_due
        from coach.dates import short_day
        from coach.screens.checkin import CheckInModal

        snapshot = self.snapshot
        if self.diary is None or snapshot is None:
            return
        if snapshot.episode is None:
            self.notify("The weekly check-in starts with an episode. Press n first.")
            return
        due = next_due(snapshot.episode.onset, snapshot.checkins)
        if due > snapshot.today:
            self.notify(f"Your next weekly check-in is from {short_day(due)}.", markup=False)
            return
        activities: list[Activity] = self.diary.activities(snapshot.episode.id)
        self.push_screen(CheckInModal(activities), self._checkin_done)

    async def _checkin_done(self, answers: CheckInAnswers | None) -> None:
        from coach.checkin import RECOVERED_SUGGESTION, suggests_recovered, verdict_lines, verdicts

        if answers is None:
            return
        outcome = await self._save(lambda diary: diary.check_in(answers))
        if outcome is None or not outcome.saved:
            return
        latest = verdicts(outcome.saved)[-1]
        self.notify("\n".join(verdict_lines(latest)), title="Check-in saved", markup=False)
        plan = outcome.snapshot.plan
        if suggests_recovered(latest.checkin) and plan and not plan.recovered:
            self.notify(RECOVERED_SUGGESTION, markup=False, timeout=15)
        self._tell(outcome)

    def action_settings(self) -> None:
        from coach.screens.settings import SettingsScreen

        if self.store is not None:
            self.push_screen(SettingsScreen())

    def action_cold_heat(self) -> None:
        from coach.screens.coldheat import ColdHeatScreen

        if self.store is not None:
            self.push_screen(ColdHeatScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of coach, by name, in the command palette (ctrl+p); nothing that
        is not coach's (Textual's screenshot, keys and theme commands are left out)."""

        from coach.keymap import palette_command
        from coach.routines import routines

        if self.store is None:
            yield SystemCommand(*palette_command("quit"), self.action_quit)
            return
        yield SystemCommand(
            *palette_command("section('today')"), lambda: self.action_section("today")
        )
        yield SystemCommand(
            *palette_command("section('routines')"), lambda: self.action_section("routines")
        )
        yield SystemCommand(
            *palette_command("section('diary')"), lambda: self.action_section("diary")
        )
        yield SystemCommand(*palette_command("log_pain"), self.action_log_pain)
        yield SystemCommand(*palette_command("checkin"), self.action_checkin)
        yield SystemCommand(*palette_command("new_episode"), self.action_new_episode)
        yield SystemCommand(*palette_command("cold_heat"), self.action_cold_heat)
        for routine in routines():
            yield SystemCommand(
                f"Start {routine.title}",
                f"{routine.minutes} min: {routine.purpose}",
                partial(self.action_routine, routine.id),
            )
        from coach.paths import user_routines_dir
        from coach.screens.routines import OWN_PREFIX
        from coach.user_routines import load_user_routines

        for own in load_user_routines(user_routines_dir()):
            if own.routine is not None:
                yield SystemCommand(
                    f"Start {own.routine.title} (your routine)",
                    f"{own.routine.minutes} min: {own.routine.purpose}",
                    partial(self.action_routine, OWN_PREFIX + own.path.stem),
                )
        yield SystemCommand(*palette_command("tick('water', 1)"), self._water)
        yield SystemCommand(*palette_command("tick('water', -1)"), partial(self._water, -1))
        yield SystemCommand(*palette_command("tick('protein', 1)"), self._protein)
        yield SystemCommand(*palette_command("tick('protein', -1)"), partial(self._protein, -1))
        yield SystemCommand(*palette_command("settings"), self.action_settings)
        yield SystemCommand(*palette_command("help"), self.action_help)
        if self.snapshot and self.snapshot.episode:
            yield SystemCommand(*palette_command("mark_recovered"), self.action_mark_recovered)
        if self.snapshot and self.snapshot.locked:
            yield SystemCommand(*palette_command("cleared"), self.action_cleared)
        yield SystemCommand(
            "Export the diary",
            "A JSON backup in the current folder (coach import reads it)",
            self.action_export,
        )
        yield SystemCommand(*palette_command("quit"), self.action_quit)

    def _water(self, delta: int = 1) -> None:
        self.bump_checklist("water", delta)

    def _protein(self, delta: int = 1) -> None:
        self.bump_checklist("protein", delta)

    async def action_routine(self, routine_id: str) -> None:
        """Open Routines and start one by its id (gated as if chosen from the list)."""
        from coach.screens.routines import RoutinesScreen

        if self.current_mode != "routines":
            self._register_section("routines")
            await self.switch_mode("routines")
            self.refresh_bindings()
        screen = self.screen
        if isinstance(screen, RoutinesScreen):
            screen.start(routine_id)

    def action_export(self) -> None:
        """Write a JSON export (what `coach export` writes) into the current folder."""
        from pathlib import Path

        from coach import exchange

        if self.diary is None:
            return
        path = Path.cwd() / f"coach-export-{self.today.isoformat()}.json"
        try:
            text = self.diary.export("json")
            exchange.write_private(path, text.encode("utf-8"))
        except OSError as error:
            self.notify(
                f"Could not write {path}: {error.strerror or error}",
                title="Not exported",
                severity="error",
                markup=False,
            )
            return
        self.notify(
            f"Wrote the diary to {path} (readable by you only).", title="Exported", markup=False
        )

    def action_help(self) -> None:
        from coach.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.db_path))

    def _handle_exception(self, error: Exception) -> None:
        """No traceback for the person: an error nothing else caught ends the app with
        one line, like the command line (busy databases are handled in `write`).
        COACH_DEBUG=1 keeps Textual's own handling (the tests set it)."""
        import os
        import sqlite3

        if os.environ.get("COACH_DEBUG"):
            super()._handle_exception(error)
        elif isinstance(error, sqlite3.DatabaseError):
            self.fail(f"the database {self.db_path} is damaged ({error}); left untouched")
        else:
            self.fail(f"unexpected problem: {type(error).__name__}: {error}")

    def fail(self, message: str) -> None:
        """Leave with exit status 1; the command line prints `message` as one line."""
        self.error_message = message
        self.exit(None, return_code=1)

    @property
    def today(self) -> date:
        return self.clock.today()

    async def reload(self) -> None:
        """Read the database again (the day moved on), and show it everywhere."""
        diary = self.diary
        if diary is not None:
            self.snapshot = await self.in_diary_thread(diary.refresh)

    async def on_unmount(self) -> None:
        # A save still running finishes before the diary closes: nothing is lost.
        if self._diary_thread is not None:
            self._diary_thread.shutdown(wait=True)
        if self.store is not None:
            self.store.close()


def make_app(
    db_path: Path | None = None,
    today: date | None = None,
    clock: Clock | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    speaker: Speaker | None = None,
) -> CoachApp:
    """Build the app the way the command line does; tests use this too, with a fixed
    `clock` for "now", a fake `monotonic` clock for the countdowns and a fake speaker."""
    return CoachApp(db_path=db_path, today=today, clock=clock, monotonic=monotonic, speaker=speaker)
