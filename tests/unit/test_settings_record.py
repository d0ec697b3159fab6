"""The settings record: parsed once from the stored strings, never raising, and the
strings it writes read back as the values written."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from coach.settings import (
    HOLDS,
    KEYS,
    THEME_NAMES,
    Settings,
    parse_settings,
    stored_settings,
)

stored_text = st.one_of(
    st.sampled_from(["on", "off", "gentle", "normal", "coach-dark", "coach-light", "", "ON"]),
    st.text(max_size=12),
)
any_mapping = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), stored_text)


@given(any_mapping)
def test_parse_never_raises_and_gives_typed_values(stored: dict[str, str]) -> None:
    settings = parse_settings(stored)
    assert isinstance(settings.bell, bool)
    assert isinstance(settings.voice, bool)
    assert isinstance(settings.reduce_motion, bool)
    assert isinstance(settings.first_run_seen, bool)
    assert settings.holds in HOLDS
    assert settings.theme is None or settings.theme in THEME_NAMES


@given(
    bell=st.none() | st.booleans(),
    voice=st.none() | st.booleans(),
    reduce_motion=st.none() | st.booleans(),
    holds=st.none() | st.sampled_from(HOLDS),
    theme=st.none() | st.sampled_from(THEME_NAMES),
    seen=st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1)),
    garbage=any_mapping,
)
def test_what_is_written_reads_back(  # type: ignore[no-untyped-def]
    bell, voice, reduce_motion, holds, theme, seen, garbage
) -> None:
    written = stored_settings(
        bell=bell,
        voice=voice,
        reduce_motion=reduce_motion,
        holds=holds,
        theme=theme,
        first_run_seen=seen,
    )
    assert set(written) <= set(KEYS)
    assert all(isinstance(value, str) for value in written.values())
    # Written over whatever was stored before, each value written wins.
    settings = parse_settings({**garbage, **written})
    for name, value in [
        ("bell", bell),
        ("voice", voice),
        ("reduce_motion", reduce_motion),
        ("holds", holds),
        ("theme", theme),
    ]:
        if value is not None:
            assert getattr(settings, name) == value
    if seen is not None:
        assert settings.first_run_seen


def test_a_new_diary_gets_the_defaults() -> None:
    assert parse_settings({}) == Settings()
    assert Settings() == Settings(
        bell=True, voice=False, reduce_motion=False, holds="normal", theme=None
    )
    assert not Settings().first_run_seen


def test_garbled_values_take_the_safe_side() -> None:
    settings = parse_settings(
        {"bell": "loud", "voice": "yes", "reduce_motion": "1", "holds": "long", "theme": "neon"}
    )
    # The bell rings unless turned off; nothing else turns on by accident.
    assert settings == Settings()


def test_the_stored_strings_are_the_ones_the_diary_has_always_kept() -> None:
    assert stored_settings(bell=False, voice=True, reduce_motion=False) == {
        "bell": "off",
        "voice": "on",
        "reduce_motion": "off",
    }
    assert stored_settings(holds="gentle", theme="coach-light") == {
        "holds": "gentle",
        "theme": "coach-light",
    }
    assert stored_settings(first_run_seen=date(2026, 11, 25)) == {"first_run_seen": "2026-11-25"}
    assert stored_settings() == {}


def test_every_field_has_a_stored_key() -> None:
    assert set(Settings._fields) == set(KEYS)
