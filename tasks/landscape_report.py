"""Write the landscape report to a file (without Prefect, so that `trials report` starts fast)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tasks.landscape import render_report
from tasks.landscape.assets import vega_bundle
from warehouse.connection import WarehouseError
from warehouse.landscape import LISTED_TRIALS, read_landscape


@dataclass(frozen=True)
class ReportWritten:
    """Where the report went and how many trials it shows."""

    path: Path
    trials: int
    total_trials: int
    listed: int  # the trials listed with their sections (all of them, or the most recently updated)


def write_report(
    db_path: Path,
    out: Path,
    where: str | None = None,
    cache_dir: Path | None = None,
    listed: int | None = LISTED_TRIALS,
) -> ReportWritten:
    """Read the warehouse read-only and write the landscape report to ``out`` (``listed``: see ``read_landscape``).

    Raises:
        WarehouseError: when the warehouse is missing or unreadable, ``where`` is refused, or
            ``out`` cannot be written.
    """
    land = read_landscape(db_path, where, listed)
    generated_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    document = render_report(land, vega_bundle(cache_dir), generated_at)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        partial.write_text(document, encoding="utf-8")
        partial.replace(out)  # a reader of the old report never sees half of the new one
    except OSError as error:
        raise WarehouseError(f"cannot write report {out}: {error.strerror}") from None
    return ReportWritten(out, len(land.trials), land.total_trials, len(land.listed))
