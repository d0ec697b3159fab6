"""Guided routines: one TOML file per routine in `content/routines/`, loaded into
frozen dataclasses and validated. Pure: stdlib, `coach.content` and `coach.paths`.

A broken file raises `ContentError(file, key, problem)` with a key path such as
`step.cat_cow_cycles.frames[1]`, so whoever edits the content sees what to fix.

File format (`content/routines/<id>.toml`)::

    id = "cat_cow"              # must match the file name
    title = "Cat-cow"
    kind = "relief"             # "relief" or "prevention"
    purpose = "One line: what it is for."
    cites = ["nhs_back_exercises"]   # ids of content/sources.toml (or a free-text `source`)
    source_note = "Optional: what is cited for what; numbers that are coach's own choice."
    note = "Optional longer note."
    include = ["cat_cow"]       # optional: chain the steps of other routines, in order

    [[step]]                    # optional when `include` is given; own steps follow included ones
    id = "cat_cow_cycles"       # unique across all routines
    name = "Cat-cow"
    start = "Start position."
    cues = ["Short second-person sentences."]
    breathing = { pattern = "paced", breath_in = 4, breath_out = 6 }  # or { pattern = "natural" }
    reps = 8
    seconds = 80                # time on the clock, per side when per_side = true
    per_side = false            # optional, default false
    cautions = ["Stop if the pain gets worse."]
    cites = ["nhs_back_exercises"]   # where the exercise comes from
    source_note = "Hold length and repetitions: coach's own choice."
    frames = ['''text art''', '''text art''']   # literal strings: backslashes stay as drawn

Breathing and timing of a step:

* `paced`: the movement follows the breath. `breath_in` and `breath_out` are whole
  seconds; one rep is one breath cycle, so `seconds == reps * (breath_in + breath_out)`.
  Phases run in, out, in, out... from the start of the step (and of each side). The
  picture for the k-th phase is `frames[k % len(frames)]`; the number of frames is even,
  so even-numbered frames are always "in" pictures and odd-numbered ones "out" pictures
  (knee rolls use four: middle, one side, middle, other side).
* `natural`: breathe normally, no breath prompt to follow. Either a still hold
  (`hold_seconds`, with `seconds == (reps or 1) * hold_seconds`) or a timed movement
  (`seconds`, with `reps` as the count to aim for, e.g. 60 heel digs in 60 seconds).
  Frames are shown in turn, each for `NATURAL_FRAME_SECONDS`; a single frame stays still.

Timeline of a routine (`Routine.phases()`, a tuple of `RoutinePhase`), which
`total_seconds` sums:

* each step runs for `seconds`; a `per_side` step runs on the left, then a
  `SWITCH_SECONDS` switch, then on the right;
* a `REST_SECONDS` rest to change position comes between consecutive steps, none
  before the first or after the last. The player's get-ready countdown is not part
  of the routine.

Frames are at most `FRAME_WIDTH` columns by `FRAME_HEIGHT` lines (they fit a 60x20
terminal beside the timer). Trailing spaces and trailing blank lines are dropped, and
the frames of a step are padded at the top to the same height so the floor stays put.

Display order of `routines()`: relief before prevention; within that, the order of
`DISPLAY_ORDER` (the full gentle routine first, as the one to do each day, then its
parts in the order it chains them; then warm-up before core), then any other file by id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from coach.content import ContentError, citation, read_toml, sources
from coach.paths import CONTENT_DIR
from coach.textsafe import first_unsafe, unsafe_problem

Kind = Literal["relief", "prevention"]
KINDS: tuple[Kind, ...] = ("relief", "prevention")
Pattern = Literal["paced", "natural"]
PATTERNS: tuple[Pattern, ...] = ("paced", "natural")
Side = Literal["left", "right"]
PhaseKind = Literal["step", "switch", "rest"]
BreathPhase = Literal["in", "out"]

ROUTINES_FOLDER = "routines"
DISPLAY_ORDER = ("gentle", "cat_cow", "childs_pose", "torso_twists", "warmup", "core")

REST_SECONDS = 10
"""Between two steps: time to change position (the player previews the next step)."""
SWITCH_SECONDS = 5
"""Between the two sides of a per-side step."""
NATURAL_FRAME_SECONDS = 2
"""How long each frame shows in a `natural` step that has more than one."""

FRAME_WIDTH = 28
FRAME_HEIGHT = 7
CUE_MAX = 60
"""A cue is read at a glance mid-stretch: one line of a 60-column terminal."""

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_ROUTINE_KEYS = frozenset(
    {"id", "title", "kind", "purpose", "source", "cites", "source_note", "note", "include", "step"}
)
_STEP_KEYS = frozenset(
    {
        "id",
        "name",
        "start",
        "cues",
        "breathing",
        "reps",
        "hold_seconds",
        "seconds",
        "per_side",
        "cautions",
        "source",
        "cites",
        "source_note",
        "frames",
    }
)
_BREATHING_KEYS = frozenset({"pattern", "breath_in", "breath_out"})


@dataclass(frozen=True)
class Breathing:
    pattern: Pattern
    breath_in: int | None = None
    breath_out: int | None = None

    @property
    def cycle_seconds(self) -> int | None:
        """One breath in and out, for paced breathing; None when breathing naturally."""
        if self.breath_in is None or self.breath_out is None:
            return None
        return self.breath_in + self.breath_out


@dataclass(frozen=True)
class Step:
    id: str
    name: str
    start: str
    cues: tuple[str, ...]
    breathing: Breathing
    reps: int | None
    hold_seconds: int | None
    seconds: int
    per_side: bool
    cautions: tuple[str, ...]
    frames: tuple[str, ...]
    source: str
    cites: tuple[str, ...] = ()

    @property
    def sides(self) -> tuple[Side | None, ...]:
        return ("left", "right") if self.per_side else (None,)

    def breath_at(self, elapsed: float) -> tuple[BreathPhase, float] | None:
        """The breath phase `elapsed` seconds into the step (or into one side) and the
        seconds left in that phase; None for natural breathing."""
        cycle = self.breathing.cycle_seconds
        if cycle is None or self.breathing.breath_in is None:
            return None
        into = _clamp(elapsed, self.seconds) % cycle
        if into < self.breathing.breath_in:
            return "in", self.breathing.breath_in - into
        return "out", cycle - into

    def frame_index(self, elapsed: float) -> int:
        """Which frame to show `elapsed` seconds into the step (or into one side)."""
        elapsed = _clamp(elapsed, self.seconds)
        cycle = self.breathing.cycle_seconds
        if cycle is None or self.breathing.breath_in is None:
            return int(elapsed // NATURAL_FRAME_SECONDS) % len(self.frames)
        cycles, into = divmod(elapsed, cycle)
        phase = 2 * int(cycles) + (0 if into < self.breathing.breath_in else 1)
        return phase % len(self.frames)

    def frame_at(self, elapsed: float) -> str:
        return self.frames[self.frame_index(elapsed)]


@dataclass(frozen=True)
class RoutinePhase:
    """One timed stretch of a routine. `step` (at `step_index` in `Routine.steps`) is the
    step being done (for `step`), the step changing side (for `switch`, with the side
    about to start), or the step that comes next (for `rest`). The countdown engine's
    own `coach.countdown.Phase` is built from these by the player."""

    kind: PhaseKind
    seconds: int
    step: Step
    step_index: int
    side: Side | None = None


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    purpose: str
    kind: Kind
    steps: tuple[Step, ...]
    source: str
    note: str | None = None
    includes: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    # A routine of your own (coach.user_routines): labelled so, with no source.
    own: bool = False

    def phases(self) -> tuple[RoutinePhase, ...]:
        """The whole timeline: steps, side switches and rests, in order."""
        phases: list[RoutinePhase] = []
        for index, step in enumerate(self.steps):
            if index:
                phases.append(RoutinePhase("rest", REST_SECONDS, step, index))
            for number, side in enumerate(step.sides):
                if number:
                    phases.append(RoutinePhase("switch", SWITCH_SECONDS, step, index, side))
                phases.append(RoutinePhase("step", step.seconds, step, index, side))
        return tuple(phases)

    @property
    def total_seconds(self) -> int:
        """Step seconds (twice for per-side steps) plus switches and rests."""
        return sum(phase.seconds for phase in self.phases())

    @property
    def minutes(self) -> int:
        """Length for display, rounded to the nearest minute (at least 1)."""
        return max(1, (self.total_seconds + 30) // 60)


def _clamp(elapsed: float, seconds: int) -> float:
    return min(max(elapsed, 0.0), max(seconds - 1e-9, 0.0))


# --- validation helpers -------------------------------------------------------------


def _text(path: Path, key: str, value: Any, *, one_line: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(path, key, "must be a non-empty string")
    if one_line and "\n" in value.strip():
        raise ContentError(path, key, "must be one line")
    char = first_unsafe(value)
    if char is not None:  # a routine file must not be able to drive the terminal
        raise ContentError(path, key, unsafe_problem(char))
    return value.strip()


def _source(path: Path, where: str, table: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """`cites` (ids of content/sources.toml, shown by their labels, plus an optional
    `source_note`), or else a free-text `source`."""
    if "cites" in table:
        return citation(path, where.rstrip("."), table, sources())
    return (), _text(path, f"{where}source", table.get("source"))


def _identifier(path: Path, key: str, value: Any) -> str:
    text = _text(path, key, value)
    if not _ID.match(text):
        raise ContentError(
            path, key, "must be lowercase letters, digits and underscores, starting with a letter"
        )
    return text


def _texts(path: Path, key: str, value: Any, *, max_len: int | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError(path, key, "must be a non-empty list of strings")
    items: list[str] = []
    for index, item in enumerate(value):
        text = _text(path, f"{key}[{index}]", item, one_line=True)
        if max_len is not None and len(text) > max_len:
            raise ContentError(
                path, f"{key}[{index}]", f"is {len(text)} characters; keep it to {max_len}"
            )
        items.append(text)
    return tuple(items)


def _count(path: Path, key: str, value: Any, *, required: bool) -> int | None:
    """A whole number above zero (not a bool), or None when absent and optional."""
    if value is None:
        if required:
            raise ContentError(path, key, "is missing: give a whole number of seconds above 0")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContentError(path, key, "must be a whole number")
    if value <= 0:
        raise ContentError(path, key, f"must be above 0 (got {value})")
    return value


def _unknown_keys(path: Path, where: str, table: dict[str, Any], allowed: frozenset[str]) -> None:
    for key in table:
        if key not in allowed:
            raise ContentError(
                path, f"{where}{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})"
            )


def _display_width(line: str) -> int:
    width = 0
    for char in line:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _frame(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ContentError(path, key, "must be a string of text art")
    lines = [line.rstrip() for line in value.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not lines:
        raise ContentError(path, key, "is empty")
    if len(lines) > FRAME_HEIGHT:
        raise ContentError(path, key, f"is {len(lines)} lines tall; at most {FRAME_HEIGHT}")
    for number, line in enumerate(lines, start=1):
        if any(unicodedata.category(char) == "Cc" for char in line):
            raise ContentError(path, key, f"line {number} has a tab or control character")
        width = _display_width(line)
        if width > FRAME_WIDTH:
            raise ContentError(
                path, key, f"line {number} is {width} columns wide; at most {FRAME_WIDTH}"
            )
    return "\n".join(lines)


def _frames(path: Path, key: str, value: Any, pattern: Pattern) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError(path, key, "must be a non-empty list of text-art frames")
    frames = [_frame(path, f"{key}[{index}]", item) for index, item in enumerate(value)]
    if pattern == "paced" and len(frames) % 2:
        raise ContentError(
            path, key, f"paced breathing needs frames in (in, out) pairs; got {len(frames)}"
        )
    height = max(frame.count("\n") + 1 for frame in frames)
    return tuple("\n" * (height - frame.count("\n") - 1) + frame for frame in frames)


def _breathing(path: Path, where: str, value: Any) -> Breathing:
    key = f"{where}.breathing"
    if not isinstance(value, dict):
        raise ContentError(
            path, key, 'must be a table, e.g. { pattern = "paced", breath_in = 4, breath_out = 6 }'
        )
    _unknown_keys(path, f"{key}.", value, _BREATHING_KEYS)
    pattern = _text(path, f"{key}.pattern", value.get("pattern"))
    if pattern not in PATTERNS:
        raise ContentError(path, f"{key}.pattern", f"must be one of {', '.join(PATTERNS)}")
    if pattern == "natural":
        for name in ("breath_in", "breath_out"):
            if name in value:
                raise ContentError(
                    path, f"{key}.{name}", "only paced breathing has breath_in and breath_out"
                )
        return Breathing("natural")
    return Breathing(
        "paced",
        _count(path, f"{key}.breath_in", value.get("breath_in"), required=True),
        _count(path, f"{key}.breath_out", value.get("breath_out"), required=True),
    )


def _step(path: Path, index: int, item: dict[str, Any], *, need_source: bool = True) -> Step:
    step_id = _identifier(path, f"step[{index}].id", item.get("id"))
    where = f"step.{step_id}"
    _unknown_keys(path, f"{where}.", item, _STEP_KEYS)
    name = _text(path, f"{where}.name", item.get("name"), one_line=True)
    start = _text(path, f"{where}.start", item.get("start"), one_line=True)
    cues = _texts(path, f"{where}.cues", item.get("cues"), max_len=CUE_MAX)
    breathing = _breathing(path, where, item.get("breathing"))
    reps = _count(path, f"{where}.reps", item.get("reps"), required=False)
    hold = _count(path, f"{where}.hold_seconds", item.get("hold_seconds"), required=False)
    seconds = _count(path, f"{where}.seconds", item.get("seconds"), required=True)
    assert seconds is not None
    if breathing.pattern == "paced":
        cycle = breathing.cycle_seconds
        assert cycle is not None
        if hold is not None:
            raise ContentError(
                path, f"{where}.hold_seconds", "a paced step moves with the breath: use reps"
            )
        if reps is None:
            raise ContentError(path, f"{where}.reps", "is missing: a paced step needs reps")
        if seconds != reps * cycle:
            raise ContentError(
                path,
                f"{where}.seconds",
                f"must equal reps x (breath_in + breath_out) = {reps} x {cycle} = {reps * cycle}",
            )
    elif hold is not None and seconds != (reps or 1) * hold:
        raise ContentError(
            path,
            f"{where}.seconds",
            f"must equal reps x hold_seconds = {(reps or 1)} x {hold} = {(reps or 1) * hold}",
        )
    per_side = item.get("per_side", False)
    if not isinstance(per_side, bool):
        raise ContentError(path, f"{where}.per_side", "must be true or false")
    cautions = _texts(path, f"{where}.cautions", item.get("cautions"))
    # Your own routines need no source (PRODUCT.md, "Your own routines").
    if need_source or "source" in item or "cites" in item:
        cites, source = _source(path, f"{where}.", item)
    else:
        cites, source = (), ""
    frames = _frames(path, f"{where}.frames", item.get("frames"), breathing.pattern)
    return Step(
        id=step_id,
        name=name,
        start=start,
        cues=cues,
        breathing=breathing,
        reps=reps,
        hold_seconds=hold,
        seconds=seconds,
        per_side=per_side,
        cautions=cautions,
        frames=frames,
        source=source,
        cites=cites,
    )


# --- loading -------------------------------------------------------------------------


class _Loader:
    """Loads routine files, sharing each routine (and its steps) with those that
    include it."""

    def __init__(self) -> None:
        self._loaded: dict[Path, Routine] = {}
        self._loading: set[Path] = set()

    def load(self, path: Path) -> Routine:
        path = Path(path)
        key = path.resolve()
        if key not in self._loaded:
            self._loading.add(key)
            try:
                self._loaded[key] = self._parse(path)
            finally:
                self._loading.discard(key)
        return self._loaded[key]

    def _parse(self, path: Path) -> Routine:
        data = read_toml(path)
        _unknown_keys(path, "", data, _ROUTINE_KEYS)
        routine_id = _identifier(path, "id", data.get("id"))
        if routine_id != path.stem:
            raise ContentError(path, "id", f"is {routine_id!r} but the file is {path.name}")
        title = _text(path, "title", data.get("title"), one_line=True)
        kind = _text(path, "kind", data.get("kind"))
        if kind not in KINDS:
            raise ContentError(path, "kind", f"must be one of {', '.join(KINDS)} (got {kind!r})")
        purpose = _text(path, "purpose", data.get("purpose"), one_line=True)
        cites, source = _source(path, "", data)
        note = None if data.get("note") is None else _text(path, "note", data.get("note"))

        includes: tuple[str, ...] = ()
        steps: list[Step] = []
        if "include" in data:
            includes = _texts(path, "include", data["include"])
            for index, name in enumerate(includes):
                steps.extend(self._included(path, f"include[{index}]", routine_id, name).steps)
        if "step" in data or not includes:
            items = data.get("step")
            if (
                not isinstance(items, list)
                or not items
                or not all(isinstance(i, dict) for i in items)
            ):
                raise ContentError(
                    path, "step", "must be a non-empty array of tables ([[step]]) or use include"
                )
            steps.extend(_step(path, index, item) for index, item in enumerate(items))

        seen: set[str] = set()
        for step in steps:
            if step.id in seen:
                raise ContentError(path, f"step.{step.id}.id", "appears twice in this routine")
            seen.add(step.id)
        return Routine(
            id=routine_id,
            title=title,
            purpose=purpose,
            kind=kind,  # type: ignore[arg-type]
            steps=tuple(steps),
            source=source,
            note=note,
            includes=includes,
            cites=cites,
        )

    def _included(self, path: Path, key: str, own_id: str, name: str) -> Routine:
        if name == own_id:
            raise ContentError(path, key, "a routine cannot include itself")
        other = path.parent / f"{name}.toml"
        if not _ID.match(name) or not other.is_file():
            raise ContentError(path, key, f"no routine {name!r} (expected {other.name} here)")
        if other.resolve() in self._loading:
            raise ContentError(path, key, f"{name!r} includes this routine back: a loop")
        routine = self.load(other)
        if routine.includes:
            raise ContentError(
                path, key, f"{name!r} itself includes routines; include only routines with steps"
            )
        return routine


def load_routine(path: Path) -> Routine:
    """One routine file, with any included routines read from the same folder."""
    return _Loader().load(path)


def _order(routine: Routine) -> tuple[int, int, str]:
    position = (
        DISPLAY_ORDER.index(routine.id) if routine.id in DISPLAY_ORDER else len(DISPLAY_ORDER)
    )
    return KINDS.index(routine.kind), position, routine.id


def load_routines(folder: Path) -> tuple[Routine, ...]:
    """Every `*.toml` routine in `folder`, checked together, in display order."""
    if not folder.is_dir():
        raise ContentError(folder, "(folder)", "missing")
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ContentError(folder, "(folder)", "has no routine files")
    loader = _Loader()
    loaded = [(file, loader.load(file)) for file in files]
    owners: dict[str, tuple[Path, Step]] = {}
    for file, item in loaded:
        for step in item.steps:
            owner = owners.get(step.id)
            if owner is not None and owner[1] is not step:
                raise ContentError(
                    file,
                    f"step.{step.id}.id",
                    f"is also a step of {owner[0].name}; ids must be unique",
                )
            owners.setdefault(step.id, (file, step))
    return tuple(sorted((item for _, item in loaded), key=_order))


@cache
def routines(content_dir: Path = CONTENT_DIR) -> tuple[Routine, ...]:
    """All shipped routines, in display order (see the module docstring). Cached."""
    return load_routines(content_dir / ROUTINES_FOLDER)


def routine(routine_id: str, content_dir: Path = CONTENT_DIR) -> Routine:
    """The routine with this id; KeyError if there is none."""
    for item in routines(content_dir):
        if item.id == routine_id:
            return item
    raise KeyError(f"no routine {routine_id!r}")
