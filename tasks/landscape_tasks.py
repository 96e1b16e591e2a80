"""The thin task the flows write the landscape report in, with an artifact that links it."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact

from tasks.landscape_report import ReportWritten, write_report


@task(name="write-landscape-report")
def publish_landscape(db_path: Path, out: Path, cache_dir: Path | None = None) -> ReportWritten:
    """Write the report and publish a markdown artifact pointing to it."""
    written = write_report(db_path, out, cache_dir=cache_dir)
    create_markdown_artifact(
        key="landscape-report",
        markdown=f"# Landscape report\n\n{written.trials} trials: [{out}]({out.resolve().as_uri()})\n",
        description="The trial landscape report (open the file in a browser)",
    )
    return written
