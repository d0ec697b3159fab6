"""Routines, advice and red flags as TOML files in `content/`, loaded into frozen
records (NamedTuples) and validated. Pure: no textual, no sqlite.

A broken file raises `ContentError` naming the file and the key, so whoever edits
the content sees exactly what to fix.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from coach.paths import CONTENT_DIR

SymptomLevel = Literal["emergency", "today", "soon"]
SYMPTOM_LEVELS: tuple[SymptomLevel, ...] = ("emergency", "today", "soon")
#: What each tier asks of the person, in a few words (the `--symptom list` headings).
TIER_WORDS: dict[str, str] = {
    "emergency": "Emergency: call your local emergency number or go to an emergency department now",
    "today": "Today: get medical advice today (an urgent GP appointment, or 111 in the UK)",
    "soon": "Soon: book a GP appointment in the next few days",
}
#: Each tier in a few words, beside a symptom in the exports and the report.
SYMPTOM_LEVEL_WORDS: dict[str, str] = {
    "emergency": "emergency sign",
    "today": "get medical advice today",
    "soon": "see a GP in the next few days",
}


class ContentError(Exception):
    """A content file is missing, unreadable or has a wrong or missing key."""

    def __init__(self, file: Path, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"{file.name}: {key}: {problem}")


class RedFlag(NamedTuple):
    key: str
    level: SymptomLevel
    text: str
    source: str
    cites: tuple[str, ...] = ()


class Source(NamedTuple):
    """One reference of `content/sources.toml`."""

    id: str
    label: str
    title: str
    author: str
    year: int
    url: str
    supports: str


def parse_sources(path: Path) -> dict[str, Source]:
    data = read_toml(path)
    found: dict[str, Source] = {}
    for index, item in enumerate(table_list(path, data, "source")):
        source_id = text_field(path, f"source[{index}]", item, "id")
        where = f"source.{source_id}"
        if source_id in found:
            raise ContentError(path, f"{where}.id", "appears twice")
        year = item.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100:
            raise ContentError(path, f"{where}.year", "must be a year such as 2016")
        url = text_field(path, where, item, "url")
        if not url.startswith("https://"):
            raise ContentError(path, f"{where}.url", "must start with https://")
        found[source_id] = Source(
            id=source_id,
            label=text_field(path, where, item, "label"),
            title=text_field(path, where, item, "title"),
            author=text_field(path, where, item, "author"),
            year=year,
            url=url,
            supports=text_field(path, where, item, "supports"),
        )
    return found


@cache
def sources(content_dir: Path = CONTENT_DIR) -> dict[str, Source]:
    """The bibliography of `content/sources.toml`, by id, in file order."""
    return parse_sources(content_dir / "sources.toml")


def bibliography_for(path: Path) -> dict[str, Source]:
    """The sources beside a content file (`path.parent/sources.toml`), else the shipped ones."""
    if (path.parent / "sources.toml").is_file():
        return sources(path.parent)
    return sources()


def citation(
    path: Path, where: str, table: dict[str, Any], known: dict[str, Source]
) -> tuple[tuple[str, ...], str]:
    """The `cites` ids of an item (each must be in `known`) and the text shown for them:
    the sources' labels, then the item's optional `source_note` (what it is cited for,
    or that a number is coach's own choice)."""
    prefix = f"{where}." if where else ""
    cites = table.get("cites")
    if not isinstance(cites, list) or not cites or not all(isinstance(c, str) and c for c in cites):
        raise ContentError(path, f"{prefix}cites", "must be a non-empty list of source ids")
    unknown = [c for c in cites if c not in known]
    if unknown:
        raise ContentError(
            path, f"{prefix}cites", f"unknown source {', '.join(unknown)} (see sources.toml)"
        )
    text = "; ".join(known[c].label for c in cites)
    note = table.get("source_note")
    if note is not None:
        if not isinstance(note, str) or not note.strip():
            raise ContentError(path, f"{prefix}source_note", "must be a non-empty string")
        text = f"{text}. {note.strip()}"
    return tuple(cites), text


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
    known = bibliography_for(path)
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
        cites, source = citation(path, where, item, known)
        flags.append(
            RedFlag(
                key=key,
                level=level,  # type: ignore[arg-type]
                text=text_field(path, where, item, "text"),
                source=source,
                cites=cites,
            )
        )
    return tuple(flags)


@cache
def red_flags(content_dir: Path = CONTENT_DIR) -> tuple[RedFlag, ...]:
    """The red-flag checklist of `content/red_flags.toml`, in file order."""
    return parse_red_flags(content_dir / "red_flags.toml")


def red_flag_index(content_dir: Path = CONTENT_DIR) -> dict[str, RedFlag]:
    return {flag.key: flag for flag in red_flags(content_dir)}


class Note(NamedTuple):
    title: str
    body: str
    source: str
    cites: tuple[str, ...] = ()


NOTE_NAMES = ("first_run", "urgent", "see_today", "see_soon", "cold", "heat")


def parse_notes(path: Path) -> dict[str, Note]:
    data = read_toml(path)
    known = bibliography_for(path)
    notes = {}
    for name in NOTE_NAMES:
        table = data.get(name)
        if not isinstance(table, dict):
            raise ContentError(path, name, "missing table")
        cites, source = citation(path, name, table, known)
        notes[name] = Note(
            title=text_field(path, name, table, "title"),
            body=text_field(path, name, table, "body"),
            source=source,
            cites=cites,
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
        name: Note(
            note.title, note.body.replace("{emergency_signs}", signs), note.source, note.cites
        )
        for name, note in found.items()
    }
