"""A text layout reads the same whatever invisible differences a saved or copied file brings.

Files saved on Windows end lines in CRLF; editors add a byte-order mark or blank lines at the
top; text copied from web pages and word processors holds no-break, thin and zero-width
spaces. None of these changes what a document says, so none may change what it parses to.
Before, a flat export with a blank first line was rejected whole, and one whose ", " separators
held a no-break space lost every endpoint (the parts of an outcome were never cut).
"""

import dataclasses

import pytest
from conftest import seed_text

from tasks.parsers import parse_text
from tasks.parsers.document_text import normalise_layout_text

SEEDS = ("000", "001", "002", "003", "004")


def _spaced(text: str, space: str) -> str:
    """Every separator ", " and every label's ": " written with ``space`` instead of a plain space."""
    return text.replace(", ", "," + space).replace(": ", ":" + space)


VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "byte_order_mark": lambda t: "\ufeff" + t,
    "blank_lines_first": lambda t: "\n \n\t\n" + t,
    "trailing_spaces": lambda t: "\n".join(line + "  " if line else line for line in t.split("\n")),
    "no_break_space": lambda t: _spaced(t, "\u00a0"),
    "narrow_no_break_space": lambda t: _spaced(t, "\u202f"),
    "thin_space": lambda t: t.replace(" ", "\u2009", 200),
    "zero_width_space": lambda t: t.replace(", ", ", \u200b").replace("\n", "\u200b\n", 40),
}


def _collapsed(value):
    """A parsed value with every run of whitespace (any Unicode space) written as one plain space."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list | tuple):
        return [_collapsed(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _collapsed(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


@pytest.mark.parametrize("number", SEEDS)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_seed_parses_the_same_under_invisible_differences(number, variant):
    plain = seed_text(number)
    expected_format, expected = parse_text(plain)
    found_format, found = parse_text(VARIANTS[variant](plain))
    assert found_format == expected_format
    assert expected.endpoints, "the seed has endpoints, so the comparison below means something"
    assert _collapsed(found) == _collapsed(expected)


def test_odd_spaces_read_as_plain_spaces_and_zero_width_ones_as_nothing():
    text = "\n\nTitle\u00a0one\u2009two\u3000three\u200bfour\u2060\n"
    assert normalise_layout_text(text) == "Title one two threefour\n"


def test_text_without_odd_characters_is_returned_as_it_was():
    text = "Title\n\nA summary, with commas: and labels.\n"
    assert normalise_layout_text(text) == text
