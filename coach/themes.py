"""coach's two themes, both made to read well: the only ones Settings offers."""

from __future__ import annotations

from textual.theme import Theme

from coach.settings import DARK, LIGHT

COACH_DARK = Theme(
    name=DARK,
    primary="#7fb4a0",
    secondary="#8fa8c8",
    accent="#d8b26e",
    warning="#e0a458",
    error="#e06c75",
    success="#8cc084",
    background="#1d2326",
    surface="#242b2f",
    panel="#2e373c",
    dark=True,
)
COACH_LIGHT = Theme(
    name=LIGHT,
    primary="#2f6f5e",
    secondary="#3d5a80",
    accent="#8a5a00",
    warning="#9a5b00",
    error="#b3261e",
    success="#2e7d32",
    background="#f7f5f0",
    surface="#efece4",
    panel="#e2ded3",
    dark=False,
)

THEMES = (COACH_DARK, COACH_LIGHT)
