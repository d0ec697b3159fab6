"""Routines, advice and red flags as TOML files in `content/`, loaded into frozen
dataclasses and validated. Pure: no textual, no sqlite.

A broken file raises `ContentError` naming the file and the key, so whoever edits
the content sees exactly what to fix.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from coach.paths import CONTENT_DIR

SymptomLevel = Literal["emergency", "see_soon"]
SYMPTOM_LEVELS: tuple[SymptomLevel, ...] = ("emergency", "see_soon")


class ContentError(Exception):
    """A content file is missing, unreadable or has a wrong or missing key."""

    def __init__(self, file: Path, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file.name}: {key}: {problem}")


@dataclass(frozen=True)
class RedFlag:
    key: str
    level: SymptomLevel
    text: str
    source: str


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file, turning every failure into a `ContentError`."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise ContentError(path, "(file)", "missing") from error
    except tomllib.TOMLDecodeError as error:
        raise ContentError(path, "(file)", f"not valid TOML: {error}") from error
    except OSError as error:
        raise ContentError(path, "(file)", f"cannot be read: {error.strerror}") from error


def text_field(path: Path, where: str, table: dict[str, Any], key: str) -> str:
    """A required, non-empty string at `table[key]`."""
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(path, f"{where}.{key}", "must be a non-empty string")
    return value.strip()


def table_list(path: Path, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A required, non-empty array of tables at `data[key]`."""
    items = data.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise ContentError(path, key, "must be a non-empty array of tables ([[" + key + "]])")
    return items


def parse_red_flags(path: Path) -> tuple[RedFlag, ...]:
    data = read_toml(path)
    flags: list[RedFlag] = []
    seen: set[str] = set()
    for index, item in enumerate(table_list(path, data, "symptom")):
        where = f"symptom[{index}]"
        key = text_field(path, where, item, "key")
        where = f"symptom.{key}"
        if key in seen:
            raise ContentError(path, f"{where}.key", "appears twice")
        seen.add(key)
        level = text_field(path, where, item, "level")
        if level not in SYMPTOM_LEVELS:
            raise ContentError(
                path, f"{where}.level", f"must be one of {', '.join(SYMPTOM_LEVELS)}"
            )
        flags.append(
            RedFlag(
                key=key,
                level=level,  # type: ignore[arg-type]
                text=text_field(path, where, item, "text"),
                source=text_field(path, where, item, "source"),
            )
        )
    return tuple(flags)


@cache
def red_flags(content_dir: Path = CONTENT_DIR) -> tuple[RedFlag, ...]:
    """The red-flag checklist of `content/red_flags.toml`, in file order."""
    return parse_red_flags(content_dir / "red_flags.toml")


def red_flag_index(content_dir: Path = CONTENT_DIR) -> dict[str, RedFlag]:
    return {flag.key: flag for flag in red_flags(content_dir)}


@dataclass(frozen=True)
class Note:
    title: str
    body: str
    source: str


def parse_notes(path: Path) -> dict[str, Note]:
    data = read_toml(path)
    notes = {}
    for name in ("first_run", "urgent", "see_soon", "cold", "heat"):
        table = data.get(name)
        if not isinstance(table, dict):
            raise ContentError(path, name, "missing table")
        notes[name] = Note(
            title=text_field(path, name, table, "title"),
            body=text_field(path, name, table, "body"),
            source=text_field(path, name, table, "source"),
        )
    return notes


@cache
def notes(content_dir: Path = CONTENT_DIR) -> dict[str, Note]:
    """The first-run note and the triage messages of `content/notes.toml`, with
    `{emergency_signs}` filled in from the emergency items of `red_flags.toml`."""
    found = parse_notes(content_dir / "notes.toml")
    signs = "\n".join(
        f"- {flag.text}" for flag in red_flags(content_dir) if flag.level == "emergency"
    )
    return {
        name: Note(note.title, note.body.replace("{emergency_signs}", signs), note.source)
        for name, note in found.items()
    }
