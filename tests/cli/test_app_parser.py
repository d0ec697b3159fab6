"""Opening the app reads only `--db` and `--today`, with a parser that leaves out every
command's (building them all is ~7 ms of start-up). It must read those words exactly
as the whole command line does, and hand anything else to it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.__main__ import _opens_the_app, build_parser

APP_ONLY = [
    [],
    ["--db", "/tmp/diary.db"],
    ["--today", "2026-11-25"],
    ["--db=/tmp/d.db", "--today=2026-11-25"],
    ["--today", "2026-11-25", "--db", "x.db", "--today", "2026-11-24"],
]


@pytest.mark.parametrize("words", APP_ONLY)
def test_the_app_s_words_read_the_same_with_either_parser(words: list[str]) -> None:
    assert _opens_the_app(words)
    small = build_parser(commands=False).parse_args(words)
    whole = build_parser().parse_args(words)
    assert vars(small) == vars(whole)
    assert small.command is None


@pytest.mark.parametrize(
    "words",
    [
        ["log", "4"],
        ["--tod", "2026-11-25"],  # an abbreviation: the whole parser's call
        ["--db", "-odd.db"],
        ["--db"],
        ["--help"],
        ["--version"],
        ["today", "--json"],
        ["--db", "x.db", "warnings"],
    ],
)
def test_anything_else_goes_to_the_whole_command_line(words: list[str]) -> None:
    assert not _opens_the_app(words)


@given(
    st.lists(
        st.sampled_from(["--db", "--today", "x.db", "2026-11-25", "--db=y.db", "log", "-h"]),
        max_size=5,
    )
)
def test_whenever_the_small_parser_is_used_it_agrees_with_the_whole_one(
    words: list[str],
) -> None:
    if not _opens_the_app(words):
        return
    outcomes: list[tuple[str, object]] = []
    for parser in (build_parser(commands=False), build_parser()):
        try:
            outcomes.append(("args", vars(parser.parse_args(words))))
        except SystemExit as leaving:
            outcomes.append(("exit", leaving.code))
    assert outcomes[0] == outcomes[1]
