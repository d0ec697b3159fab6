"""The one keymap: every binding of every screen comes from it and is in Help, every
Help line is a real key, and each row names an action its screen has."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys

import pytest
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

import coach.screens
from coach.app import CoachApp
from coach.bindings import binding, bindings_for
from coach.keymap import KEYMAP, HelpLine, Key, help_lines, keys_for, palette_command
from coach.screens.diary import DiaryScreen, EntryTable
from coach.screens.fields import FormScreen

# How Help spells a key that Textual names otherwise.
SPOKEN = {"right": "→", "left": "←", "question_mark": "?"}


def coach_classes() -> list[type[DOMNode]]:
    """Every app, screen and widget class coach defines that declares its own keys."""
    modules = ["coach.app"] + [
        f"coach.screens.{info.name}" for info in pkgutil.iter_modules(coach.screens.__path__)
    ]
    found: list[type[DOMNode]] = []
    for name in modules:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, DOMNode)
                and cls.__module__ == name
                and "BINDINGS" in vars(cls)
                and cls not in found
            ):
                found.append(cls)
    return found


def declared(cls: type[DOMNode]) -> list[Binding]:
    return [b if isinstance(b, Binding) else Binding(*b) for b in vars(cls)["BINDINGS"]]


def rows_of(b: Binding) -> list[Key]:
    return [key for key in KEYMAP if not key.builtin and binding(key) == b]


def test_the_classes_found_are_the_ones_with_keys() -> None:
    # A guard on the introspection itself: were it to find nothing, the tests below
    # would pass without checking anything.
    classes = {cls.__name__ for cls in coach_classes()}
    assert {"CoachApp", "TodayScreen", "DiaryScreen", "EntryTable", "FormScreen"} <= classes
    assert {"PlayerScreen", "ColdHeatScreen", "ConfirmModal", "HelpScreen"} <= classes
    assert len(classes) >= 15


@pytest.mark.parametrize("cls", coach_classes(), ids=lambda cls: cls.__name__)
def test_every_binding_of_every_screen_is_a_row_of_the_keymap(cls: type[DOMNode]) -> None:
    for b in declared(cls):
        assert rows_of(b), f"{cls.__name__}: {b.key} -> {b.action} is not in coach.keymap"


@pytest.mark.parametrize("cls", coach_classes(), ids=lambda cls: cls.__name__)
def test_every_binding_of_every_screen_is_in_help(cls: type[DOMNode]) -> None:
    lines = help_lines()
    for b in declared(cls):
        for row in rows_of(b):
            assert row.help in lines
            words = set(re.split(r"[\s,;()]+", f"{row.help.keys} {row.help.text}"))
            for key in b.key.split(","):
                assert SPOKEN.get(key, key) in words, f"Help's {row.help} does not name {key}"


def test_every_help_line_is_a_real_key() -> None:
    real = {b for cls in coach_classes() for b in declared(cls)}
    for line in help_lines():
        rows = [key for key in KEYMAP if key.help == line]
        assert any(binding(key) in real for key in rows if not key.builtin) or all(
            key.builtin for key in rows
        ), line


def test_the_only_key_textual_binds_itself_is_the_command_palette() -> None:
    builtin = [key for key in KEYMAP if key.builtin]
    assert [(key.keys, key.action) for key in builtin] == [
        (CoachApp.COMMAND_PALETTE_BINDING, "command_palette")
    ]
    assert CoachApp.ENABLE_COMMAND_PALETTE and hasattr(App, "action_command_palette")


def test_help_lists_each_line_once_and_starts_with_the_sections() -> None:
    lines = help_lines()
    assert len(lines) == len(set(lines))
    assert lines[:4] == (
        HelpLine("t", "Today"),
        HelpLine("r", "Routines"),
        HelpLine("d", "Diary"),
        HelpLine("l", "Log pain (from anywhere)"),
    )
    # Help's key column is 10 wide; a longer key would push its words out of line.
    assert all(len(line.keys) <= 10 for line in lines)


def _class_for(where: str) -> type[DOMNode]:
    by_bindings = {
        cls: [binding(key) for key in keys_for(where) if not key.builtin]  # type: ignore[arg-type]
        for cls in coach_classes()
    }
    matches = [cls for cls, wanted in by_bindings.items() if wanted and declared(cls) == wanted]
    assert len(matches) == 1, (where, matches)
    return matches[0]


WHERES = sorted({key.where for key in KEYMAP})


@pytest.mark.parametrize("where", WHERES)
def test_each_place_of_the_keymap_is_one_class_s_bindings(where: str) -> None:
    cls = _class_for(where)
    assert declared(cls) == bindings_for(where)  # type: ignore[arg-type]


@pytest.mark.parametrize("where", WHERES)
def test_each_row_names_an_action_its_screen_has(where: str) -> None:
    cls = _class_for(where)
    for key in keys_for(where):  # type: ignore[arg-type]
        name = key.action.split("(")[0]
        owner: type[DOMNode] = cls
        if name.startswith("app."):
            owner, name = CoachApp, name.removeprefix("app.")
        assert callable(getattr(owner, f"action_{name}", None)), (where, key.action)


def test_the_table_and_the_screens_agree_where_it_matters() -> None:
    assert _class_for("diary") is DiaryScreen
    assert _class_for("diary_table") is EntryTable
    assert _class_for("form") is FormScreen
    assert _class_for("app") is CoachApp


def test_palette_words_come_from_the_row_of_the_same_key() -> None:
    assert palette_command("log_pain") == ("Log pain", "Add a diary entry now")
    assert palette_command("tick('water', -1)")[0] == "One glass of water less"
    with pytest.raises(KeyError):
        palette_command("skip")  # a player key, not a palette command
    titles = [key.palette for key in KEYMAP if key.palette]
    assert len(titles) == len(set(titles))
    assert all(key.palette_help for key in KEYMAP if key.palette)


@pytest.mark.parametrize("module", ["coach.keymap", "coach.settings"])
def test_the_keymap_and_the_settings_are_pure(module: str) -> None:
    forbidden = ["textual", "sqlite_utils", "sqlite3", "rich"]
    code = (
        f"import json, sys; import {module}; "
        f"print(json.dumps(sorted(m for m in {forbidden!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
