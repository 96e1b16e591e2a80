"""How ``trials`` prints query results: an aligned table, CSV or JSON lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import click

Result = tuple[list[str], list[tuple]]  # one statement's columns and rows
# Written a chunk at a time: one huge write to a pipe whose reader has left (`| head`) can end
# without an error, and the command would then exit 0 as if the reader had taken everything.
ECHO_LINES = 1000


def print_results(results: Iterable[Result], fmt: str) -> None:
    """Print one block per result; a blank line between two keeps each CSV or table block whole."""
    for number, (columns, rows) in enumerate(results):
        if number:
            click.echo()
        lines = format_rows(columns, rows, fmt).split("\n")
        for start in range(0, len(lines), ECHO_LINES):
            click.echo("\n".join(lines[start : start + ECHO_LINES]))


def format_rows(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Render a result as an aligned table, CSV or JSON lines."""
    if fmt == "json":
        return "\n".join(json.dumps(dict(zip(columns, r, strict=False)), default=str, ensure_ascii=False) for r in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(columns, widths, strict=False)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(value: object) -> object:
    """A value for one CSV cell: lists (and structs) as JSON (``["hrqol", "cytokines"]``), the rest as it is."""
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, list | tuple | dict) else value


def _text(value: object, limit: int = 80) -> str:
    """Show one value on one line, shortened."""
    text = "NULL" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
