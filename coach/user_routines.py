"""Your own routines: TOML files in `routines/` under the user config folder for coach
(coach.paths.user_routines_dir), in the same format as `content/routines/` (see the
docstring of coach/routines.py), except that no `source` is needed.

Pure: stdlib, coach.content, coach.routines. Nothing here raises on a bad file: every
problem is reported with the line of the offending key (tomllib gives no lines, so the
key is looked up in the text), so `coach routines check` can list them all and the
routine list can show a broken file as "can't be used" with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from coach.content import ContentError, read_toml
from coach.routines import (
    _ROUTINE_KEYS,
    KINDS,
    Routine,
    Step,
    _identifier,
    _source,
    _step,
    _text,
    _texts,
    routines,
)

EXAMPLE = '''\
# Your own routine for coach. Save it as my_stretches.toml (the file name without
# .toml must be the id below) in the folder `coach routines list` shows, then check
# it with:  coach routines check my_stretches.toml
# It is listed under "Your routines", with the same rules as the others: it does not
# start while routines are locked, and h ("this hurts") stops it and logs the pain.

id = "my_stretches"                 # lowercase letters, digits and _; = the file name
title = "My stretches"
kind = "relief"                     # "relief" (a sore back) or "prevention"
purpose = "Cat-cow, then a knee hug, the way I like them."
# include = ["cat_cow"]             # optional: a shipped routine's steps first

[[step]]
id = "my_cat_cow"                   # unique in this routine
name = "Cat-cow"
start = "Hands and knees: hands under your shoulders, knees under your hips."
cues = [                            # one short line each, at most 60 characters
    "Breathe in. Let your tummy sink and look ahead.",
    "Breathe out. Round your back up and tuck your chin.",
]
# paced: one rep is one breath; seconds = reps x (breath_in + breath_out)
breathing = { pattern = "paced", breath_in = 4, breath_out = 6 }
reps = 6
seconds = 60
cautions = ["Stop if it hurts more or spreads down a leg."]
# Pictures, at most 28 columns by 7 lines. Paced steps come in (in, out) pairs.
frames = [
"""
  O
   |________
   |        |
""",
"""
    ________
  O/        |
   |        |
""",
]

[[step]]
id = "my_knee_hug"
name = "Knee hug"
start = "Lie on your back and hold one knee towards your chest."
cues = ["Breathe normally.", "Keep your other leg relaxed."]
# natural: breathe normally; a hold has seconds = reps x hold_seconds
breathing = { pattern = "natural" }
hold_seconds = 20
seconds = 20
per_side = true                     # left, then right, with a pause to switch
cautions = ["Only pull as far as feels comfortable."]
frames = ["""
  __
 O  |___
 |______|__
"""]
'''


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a routine file, at a line (1-based)."""

    file: Path
    line: int
    message: str

    def shown(self, name: str | None = None) -> str:
        return f"{name or self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class UserRoutine:
    """One file in your routines folder: the routine, or why it can't be used."""

    path: Path
    routine: Routine | None
    problems: tuple[Problem, ...] = ()

    @property
    def usable(self) -> bool:
        return self.routine is not None

    @property
    def reason(self) -> str:
        return self.problems[0].message if self.problems else ""


_KEY_PART = re.compile(r"([A-Za-z0-9_]+)(\[\d+\])?")


def _key_pattern(name: str) -> re.Pattern[str]:
    quoted = re.escape(name)
    return re.compile(rf"^\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*=")


def _scan(lines: list[str]) -> tuple[list[tuple[int, str, bool]], set[int]]:
    """The table headers, as (line index, table name, is an array of tables), and the
    indices of lines that start inside a multi-line string (frames are text art, and
    nothing in them is a key or a header)."""
    found = []
    in_string: set[int] = set()
    inside: str | None = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if inside is not None:
            in_string.add(number)
        elif stripped.startswith("["):
            array = stripped.startswith("[[")
            name = stripped.lstrip("[").split("]", 1)[0].strip()
            found.append((number, name, array))
        position = 0
        while True:
            marks = [(line.find(q, position), q) for q in ('"""', "'''")]
            marks = [(at, q) for at, q in marks if at >= 0 and (inside is None or q == inside)]
            if not marks:
                break
            at, quote = min(marks)
            inside = None if inside == quote else quote
            position = at + 3
    return found, in_string


def key_line(text: str, key: str) -> int:
    """The line (1-based) of `key` as a ContentError names it: `title`, `include[1]`,
    `step[0].id`, `step.<step id>.breathing.pattern`... Where the key is missing, the
    line of the table it belongs in (the `[[step]]` header, or line 1)."""
    lines = text.splitlines()
    headers, in_string = _scan(lines)
    first_header = headers[0][0] if headers else len(lines)
    steps: list[tuple[int, int]] = []
    for position, (number, name, array) in enumerate(headers):
        if array and name == "step":
            end = headers[position + 1][0] if position + 1 < len(headers) else len(lines)
            steps.append((number, end))
    parts = key.split(".")
    region = (0, first_header)
    rest = parts
    anchor = 0
    head = _KEY_PART.fullmatch(parts[0])
    if head and head.group(1) == "step" and steps:
        if head.group(2):  # step[N]
            index = int(head.group(2)[1:-1])
            region = steps[min(index, len(steps) - 1)]
            rest = parts[1:]
        elif len(parts) > 1:  # step.<id>
            wanted = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(parts[1])}[\"']")
            matches = [
                span
                for span in steps
                if any(wanted.match(lines[n]) and n not in in_string for n in range(*span))
            ]
            if matches:
                # "appears twice" names the id: point at the second one.
                region = matches[-1] if parts[2:] == ["id"] else matches[0]
            else:
                region = steps[0]
            rest = parts[2:]
        else:
            region = steps[0]
            rest = []
        anchor = region[0]
    if rest:
        found = _KEY_PART.fullmatch(rest[0])
        if found:
            pattern = _key_pattern(found.group(1))
            for number in range(region[0], region[1]):
                if number not in in_string and pattern.match(lines[number]):
                    return number + 1
    return anchor + 1


def _syntax_line(problem: str, last: int) -> int:
    found = re.search(r"at line (\d+)", problem)
    if found:
        return int(found.group(1))
    return last if "end of document" in problem else 1


def check_routine_file(path: Path) -> tuple[Routine | None, tuple[Problem, ...]]:
    """Read one routine file of your own; the routine, or every problem found."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        return None, (Problem(path, 1, f"cannot be read: {reason}"),)
    try:
        data = read_toml(path)
    except ContentError as error:
        message = re.sub(r" \(at [^)]*\)$", "", error.problem)
        line = _syntax_line(error.problem, max(1, len(text.splitlines())))
        return None, (Problem(path, line, message),)
    problems: list[Problem] = []

    def problem(error: ContentError) -> None:
        problems.append(Problem(path, key_line(text, error.key), f"{error.key}: {error.problem}"))

    def attempt(function, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return function(*args, **kwargs)
        except ContentError as error:
            problem(error)
            return None

    for key in data:
        if key not in _ROUTINE_KEYS:
            allowed = ", ".join(sorted(_ROUTINE_KEYS))
            problem(ContentError(path, key, f"unknown key (allowed: {allowed})"))
    routine_id = attempt(_identifier, path, "id", data.get("id"))
    if routine_id is not None and routine_id != path.stem:
        problem(ContentError(path, "id", f"is {routine_id!r} but the file is {path.name}"))
    title = attempt(_text, path, "title", data.get("title"), one_line=True)
    kind = attempt(_text, path, "kind", data.get("kind"))
    if kind is not None and kind not in KINDS:
        problem(ContentError(path, "kind", f"must be one of {', '.join(KINDS)} (got {kind!r})"))
    purpose = attempt(_text, path, "purpose", data.get("purpose"), one_line=True)
    cites: tuple[str, ...] = ()
    source = ""
    if "source" in data or "cites" in data:  # optional for your own routines
        cites, source = attempt(_source, path, "", data) or ((), "")
    note = None if data.get("note") is None else attempt(_text, path, "note", data["note"])

    steps: list[Step] = []
    includes: tuple[str, ...] = ()
    if "include" in data:
        includes = attempt(_texts, path, "include", data["include"]) or ()
        shipped = {r.id: r for r in routines()}
        for index, name in enumerate(includes):
            if name in shipped:
                steps.extend(shipped[name].steps)
            else:
                known = ", ".join(sorted(shipped))
                problem(
                    ContentError(
                        path,
                        f"include[{index}]",
                        f"no shipped routine {name!r} (there are {known})",
                    )
                )
    items = data.get("step")
    if "step" in data or not includes:
        if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
            problem(
                ContentError(
                    path, "step", "must be a non-empty array of tables ([[step]]) or use include"
                )
            )
        else:
            for index, item in enumerate(items):
                step = attempt(_step, path, index, item, need_source=False)
                if step is not None:
                    steps.append(step)
    seen: set[str] = set()
    for step in steps:
        if step.id in seen:
            problem(ContentError(path, f"step.{step.id}.id", "appears twice in this routine"))
        seen.add(step.id)
    problems.sort(key=lambda p: p.line)
    if problems:
        return None, tuple(problems)
    assert routine_id and title and kind and purpose
    return (
        Routine(
            id=routine_id,
            title=title,
            purpose=purpose,
            kind=kind,  # type: ignore[arg-type]
            steps=tuple(steps),
            source=source or "",
            cites=cites,
            note=note,
            includes=includes,
            own=True,
        ),
        (),
    )


def load_user_routines(folder: Path) -> tuple[UserRoutine, ...]:
    """Every `*.toml` in `folder` (none if it does not exist), by file name. Never
    raises: a broken file comes back with its problems."""
    try:
        files = sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return ()
    result = []
    for file in files:
        routine, problems = check_routine_file(file)
        result.append(UserRoutine(file, routine, problems))
    return tuple(result)


def summary(routine: Routine) -> str:
    """`ok: N steps, M min`, as `coach routines check` prints it."""
    count = len(routine.steps)
    return f"ok: {count} step{'' if count == 1 else 's'}, {routine.minutes} min"
