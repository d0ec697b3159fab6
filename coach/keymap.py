"""Every key of coach in one table. Pure: no textual here.

One row is one key binding. `coach.bindings` turns a screen's rows into its `BINDINGS`
(and so its footer), the Help screen lists the rows' Help lines, and the command palette
takes a command's title and words from the row that has them. Change a key here and
the footer, Help and the palette follow.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Where = Literal[
    "app",  # everywhere the app's keys reach (the sections; not inside a modal)
    "today",
    "diary",
    "diary_table",  # the Diary's table of entries
    "routines",
    "player",  # a routine playing
    "coldheat",  # the ice / heat timer
    "form",  # every form: the intake, the log and edit forms
    "checkin",
    "settings",
    "help",
    "confirm",  # a yes / no question
    "note",  # a note to read (the first-run note, the urgent message)
    "pain",  # the one-key pain question
    "pain_cancellable",  # the pain question before something starts
]


class HelpLine(NamedTuple):
    """One line of Help: the keys as a person reads them, and what they do. Rows that
    share a line (w and W, the two states of space) share an equal HelpLine."""

    keys: str
    text: str


class Key(NamedTuple):
    """One key binding.

    `keys` and `action` are Textual's (`"x,delete"`, `"section('today')"`); `label` is
    the short word of the footer and `tooltip` its longer words; `palette` is the
    palette command's title when the key is also a command there, `palette_help` the
    line under it. `builtin` marks a key Textual itself binds (ctrl+p): listed in Help,
    never turned into a binding.
    """

    keys: str
    action: str
    label: str
    where: Where
    help: HelpLine
    show: bool = True
    priority: bool = False
    key_display: str | None = None
    tooltip: str = ""
    palette: str | None = None
    palette_help: str = ""
    builtin: bool = False


def _line(keys: str, text: str) -> HelpLine:
    return HelpLine(keys, text)


_WATER = _line("w, W", "Today: a glass of water more, or one less")
_PROTEIN = _line("p, P", "Today: a protein meal more, or one less")
_QUIT = _line("q", "Quit (also ctrl+q)")
_TAB = _line("tab", "Next field; shift+tab goes back")
_SPACE = _line("space", "In a routine: pause or resume")
_VOICE = _line("v", "In a routine: voice on or off (says each step, the breath and the count)")
_LEAVE = _line("escape", "Leave a form or dialog without saving")
_YES_NO = _line("y, n", "A question: yes or no (escape is no)")
_MINUTES = _line("1, 2", "Ice / heat timer: 15 or 20 minutes")
_KIND = _line("k", "Ice / heat timer: cold or heat (chosen before it starts)")
_FIRST_LAST = _line("home, end", "Diary: the first or the last entry")
_PAIN = _line("0-9, x", "A pain question: your pain (x is 10); enter or escape skips it")

# Rows in the order Help lists them; each footer shows its screen's rows in this order.
# fmt: off
KEYMAP: tuple[Key, ...] = (
    # --- the app's keys, in every section -------------------------------------
    Key("t", "section('today')", "Today", "app", _line("t", "Today"),
        palette_help="Day N, the plan and the checklist", palette="Today"),
    Key("r", "section('routines')", "Routines", "app", _line("r", "Routines"),
        palette_help="Guided stretches and prevention", palette="Routines"),
    Key("d", "section('diary')", "Diary", "app", _line("d", "Diary"),
        palette_help="Pain entries, chart and warnings", palette="Diary"),
    # Short words so the whole keymap fits a 60-column footer; Help spells them out.
    Key("l", "log_pain", "Log", "app", _line("l", "Log pain (from anywhere)"),
        tooltip="Log pain", palette_help="Add a diary entry now", palette="Log pain"),
    # --- Diary ----------------------------------------------------------------
    Key("e", "edit", "Edit", "diary", _line("e, enter", "Diary: edit the selected entry")),
    # Not in the footer: the 60-column footer is full; Help lists it.
    Key("v", "read", "Read", "diary",
        _line("v", "Diary: read the selected entry, its note in full"), show=False),
    Key("x,delete", "delete", "Delete", "diary",
        _line("x, delete", "Diary: delete the selected entry (asks first)")),
    Key("o", "older", "Older", "diary", _line("o", "Diary: show older entries"), show=False),
    # --- Today ----------------------------------------------------------------
    Key("i", "cold_heat", "Ice", "today", _line("i", "Today: ice / heat timer"),
        tooltip="Ice / heat timer", palette_help="15 or 20 minutes, saved as a session",
        palette="Ice / heat timer"),
    Key("w", "tick('water', 1)", "Water +1", "today", _WATER, show=False,
        palette_help="One more on today's checklist", palette="A glass of water"),
    Key("W", "tick('water', -1)", "Water -1", "today", _WATER, show=False,
        palette_help="Take one off today's checklist", palette="One glass of water less"),
    Key("p", "tick('protein', 1)", "Protein +1", "today", _PROTEIN, show=False,
        palette_help="One more on today's checklist", palette="A protein meal"),
    Key("P", "tick('protein', -1)", "Protein -1", "today", _PROTEIN, show=False,
        palette_help="Take one off today's checklist", palette="One protein meal less"),
    Key("m", "mark_recovered", "Mark recovered", "today",
        _line("m", "Today: mark this episode recovered"), show=False,
        palette_help="Switch Today to prevention", palette="Mark recovered"),
    # Not in the footer (it would not fit 60 columns): Today says "press k" when the
    # check-in is due, right where the person is looking, as it does for c.
    Key("k", "checkin", "Check-in", "today",
        _line("k", "Today: the weekly check-in (from day 7, then every 7 days)"), show=False,
        tooltip="Weekly check-in", palette_help="Three questions: is it really getting better?",
        palette="Weekly check-in"),
    # --- the app's keys again (Help lists them in this order) -----------------
    Key("s", "settings", "Settings", "app",
        _line("s", "Settings: bell, voice, reduce motion, holds, theme"),
        show=False, palette_help="Bell, voice, theme, holds, reduce motion",
        palette="Settings"),
    Key("n", "new_episode", "New", "app", _line("n", "New episode (intake)"),
        tooltip="New episode (intake)", palette_help="Answer the intake again",
        palette="New episode"),
    # Not in the footer (it would not fit 60 columns): the urgent warning on Today
    # says "press c" right where the person is looking.
    Key("c", "cleared", "Cleared", "app",
        _line("c", "A clinician has cleared me (when routines are locked)"),
        show=False, tooltip="A clinician has cleared me to exercise",
        palette_help="Record clearance to exercise",
        palette="Cleared by a clinician"),
    Key("question_mark", "help", "Help", "app", _line("?", "This help"), key_display="?",
        palette_help="Keys and where your data lives", palette="Help"),
    Key("q", "quit", "Quit", "app", _QUIT, palette_help="Leave coach", palette="Quit"),
    Key("ctrl+q", "quit", "Quit", "app", _QUIT, show=False, priority=True),
    Key("ctrl+p", "command_palette", "Palette", "app",
        _line("ctrl+p", "Command palette: every action by name"), show=False, builtin=True),
    # --- forms ----------------------------------------------------------------
    # Priority, so focus moves before the next key is delivered: otherwise text
    # typed straight after tab still lands in the field being left.
    Key("tab", "app.focus_next", "Next field", "form", _TAB, show=False, priority=True),
    Key("shift+tab", "app.focus_previous", "Previous field", "form", _TAB, show=False,
        priority=True),
    # --- a routine playing ----------------------------------------------------
    # The footer says what space does now: pause, or resume.
    Key("space", "pause_resume(True)", "Pause", "player", _SPACE),
    Key("space", "pause_resume(False)", "Resume", "player", _SPACE),
    Key("right,s", "skip", "Skip", "player",
        _line("→ or s", "In a routine: skip to the next part")),
    Key("left,b", "back", "Back", "player",
        _line("← or b", "In a routine: back to the start of this part")),
    Key("h", "hurts", "This hurts", "player",
        _line("h", "In a routine: this hurts (stops it and logs your pain)")),
    # One key, two bindings: the footer shows whether the voice is on, in words.
    Key("v", "voice(True)", "Voice off", "player", _VOICE),
    Key("v", "voice(False)", "Voice on", "player", _VOICE),
    # --- leaving a form or dialog ---------------------------------------------
    Key("escape", "cancel", "Leave without saving", "form", _LEAVE),
    Key("escape", "cancel", "Cancel", "checkin", _LEAVE),
    Key("escape,q,question_mark", "app.pop_screen", "Close", "help",
        _line("q, ?", "Help: close it (escape too)")),
    Key("escape", "app.pop_screen", "Close", "settings", _LEAVE),
    # --- keys Help lists below the first screenful ----------------------------
    # Not priority: the save must wait for keys typed just before it to land in
    # their field, or "4" then ctrl+s would save without the 4.
    Key("ctrl+s", "save", "Save", "form", _line("ctrl+s", "Save the form")),
    Key("escape", "end", "End", "player",
        _line("escape", "In a routine: end it (asks; what you did is saved)")),
    # Not priority: enter must wait for arrow keys pressed before it to move the
    # highlight. The list's own enter starts the highlighted routine (OptionSelected).
    Key("enter", "start", "Start", "routines",
        _line("enter", "Routines: start the highlighted routine")),
    Key("home", "scroll_top", "First", "diary_table", _FIRST_LAST, show=False),
    Key("end", "scroll_bottom", "Last", "diary_table", _FIRST_LAST, show=False),
    Key("escape,n", "answer(False)", "No", "confirm", _YES_NO),
    Key("y", "answer(True)", "Yes", "confirm", _YES_NO),
    Key("enter", "read_on", "Continue", "note",
        _line("enter", "A note: read on to the end, then close it")),
    Key("escape", "close", "Close", "note", _LEAVE, show=False),
    Key("enter", "skip", "Skip", "pain", _PAIN),
    Key("escape", "escape", "Skip", "pain", _PAIN),
    Key("enter", "skip", "Skip", "pain_cancellable", _PAIN),
    Key("escape", "escape", "Cancel", "pain_cancellable",
        _line("escape", "A pain question before a routine or timer: do not start it")),
    Key("1", "minutes(15)", "15 min", "coldheat", _MINUTES),
    Key("2", "minutes(20)", "20 min", "coldheat", _MINUTES),
    Key("k", "switch_kind", "Cold/heat", "coldheat", _KIND),
    # Once started, k explains instead of doing nothing (not in the footer).
    Key("k", "explain_kind", "Cold/heat", "coldheat", _KIND, show=False),
    Key("space,enter", "start_pause", "Start/pause", "coldheat",
        _line("space", "Ice / heat timer: start or pause (enter too)")),
    Key("escape", "stop", "Stop", "coldheat",
        _line("escape", "Ice / heat timer: stop it (asks; the time so far is saved)")),
)
# fmt: on


def keys_for(where: Where) -> tuple[Key, ...]:
    """The rows of one screen (or of the app), in the table's order."""
    return tuple(key for key in KEYMAP if key.where == where)


def help_lines() -> tuple[HelpLine, ...]:
    """Help's list of keys: each line once, in the table's order."""
    return tuple(dict.fromkeys(key.help for key in KEYMAP))


def palette_command(action: str) -> tuple[str, str]:
    """The command palette's title and help for the key bound to `action`."""
    for key in KEYMAP:
        if key.action == action and key.palette is not None:
            return key.palette, key.palette_help
    raise KeyError(action)
