"""The person's settings as one typed, frozen record. Pure: no textual, no sqlite.

The store keeps each setting as a string under a key; this module is the one place
that knows those keys and strings. `parse_settings` reads them once, with a safe
default for a missing or garbled value (never an error: a bad value in the diary must
not stop the app); `stored_settings` writes the strings back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal, NamedTuple

Holds = Literal["normal", "gentle"]
ThemeName = Literal["coach-dark", "coach-light"]

DARK: ThemeName = "coach-dark"
LIGHT: ThemeName = "coach-light"
THEME_NAMES: tuple[ThemeName, ...] = (DARK, LIGHT)
HOLDS: tuple[Holds, ...] = ("normal", "gentle")

# The stored keys, one per field of Settings.
KEYS = ("bell", "theme", "holds", "reduce_motion", "voice", "first_run_seen")

_ON, _OFF = "on", "off"


class Settings(NamedTuple):
    """What the person chose in Settings (and whether they have read the first-run
    note). The defaults are what a new diary gets."""

    bell: bool = True
    voice: bool = False
    reduce_motion: bool = False
    holds: Holds = "normal"
    # None: never chosen, the app's own default (dark) applies.
    theme: ThemeName | None = None
    first_run_seen: bool = False


def parse_settings(stored: Mapping[str, str]) -> Settings:
    """The record from the stored strings. Missing or garbled values take the safe
    side: the bell rings unless it was turned off, the voice and reduce motion stay
    off unless turned on, holds are normal unless gentle, an unknown theme is ignored;
    the first-run note counts as seen once anything was stored for it."""
    theme = stored.get("theme")
    holds = stored.get("holds")
    return Settings(
        bell=stored.get("bell") != _OFF,
        voice=stored.get("voice") == _ON,
        reduce_motion=stored.get("reduce_motion") == _ON,
        holds="gentle" if holds == "gentle" else "normal",
        theme=DARK if theme == DARK else LIGHT if theme == LIGHT else None,
        first_run_seen="first_run_seen" in stored,
    )


def stored_settings(
    *,
    bell: bool | None = None,
    voice: bool | None = None,
    reduce_motion: bool | None = None,
    holds: Holds | None = None,
    theme: ThemeName | None = None,
    first_run_seen: date | None = None,
) -> dict[str, str]:
    """The stored strings for the values given (the others are left out), e.g.
    `stored_settings(bell=False) == {"bell": "off"}`. The first-run note is stored as
    the day it was read."""
    stored: dict[str, str] = {}
    if bell is not None:
        stored["bell"] = _ON if bell else _OFF
    if theme is not None:
        stored["theme"] = theme
    if holds is not None:
        stored["holds"] = holds
    if reduce_motion is not None:
        stored["reduce_motion"] = _ON if reduce_motion else _OFF
    if voice is not None:
        stored["voice"] = _ON if voice else _OFF
    if first_run_seen is not None:
        stored["first_run_seen"] = first_run_seen.isoformat()
    return stored
