"""A run's tally of documents and its markdown report."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.runs import DocumentStatus, RunCounts
from tasks.batches import BatchResult

MAX_LISTED = 200  # rows per list in the artifact; the warehouse keeps them all


@dataclass
class RunTally:
    """What became of every document a run saw (each document counted once)."""

    status: dict[str, DocumentStatus] = field(default_factory=dict)
    rejections: list[tuple[str, str, str | None]] = field(default_factory=list)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # folders not listed, and why
    trials: set[str] = field(default_factory=set)  # the trials whose rows the run's batches replaced

    def add(self, result: BatchResult) -> None:
        """Fold one batch's result into the tally."""
        for document_id in result.loaded:
            self.status[document_id] = DocumentStatus.LOADED
        for document_id in result.unchanged:
            self.status[document_id] = DocumentStatus.UNCHANGED
        for document_id in result.superseded:
            self.status[document_id] = DocumentStatus.SUPERSEDED
        for outcome in result.rejected:
            self.status[outcome.document_id] = DocumentStatus.REJECTED
            self.rejections.append((outcome.uri, outcome.error or "rejected", outcome.details))
        self.warnings += result.warnings
        self.trials.update(result.trials)
        # A later batch may supersede a document this run loaded earlier.
        for document_id in result.superseded_elsewhere:
            if self.status.get(document_id) == DocumentStatus.LOADED:
                self.status[document_id] = DocumentStatus.SUPERSEDED

    def counts(self) -> RunCounts:
        """Counts per status plus ``documents_seen``."""
        return RunCounts.of(self.status.values())


def render_markdown(
    title: str,
    counts: RunCounts,
    table_rows: dict[str, int],
    rejections: list[tuple[str, str, str | None]],
    scope: str,
    warnings: list[tuple[str, str, str]] | None = None,
    skipped: list[tuple[str, str]] | None = None,
) -> str:
    """Render the run report published as a Prefect artifact.

    ``warnings`` are the ``(uri, section, message)`` of sections that loaded documents lacked;
    ``skipped`` the ``(folder, reason)`` of folders that could not be listed.
    """
    lines = [f"# {title}", "", f"Scope: {scope}", "", "| status | documents |", "|---|---|"]
    lines += [f"| {status} | {count} |" for status, count in counts.as_dict().items()]
    lines += ["", "| table | rows |", "|---|---|"]
    lines += [f"| {t} | {n} |" for t, n in table_rows.items()]
    if rejections:
        lines += ["", "## Rejected documents", "", "| document | reason | details |", "|---|---|---|"]
        lines += [f"| {uri} | {reason} | {_cell(details)} |" for uri, reason, details in rejections[:MAX_LISTED]]
        if len(rejections) > MAX_LISTED:
            lines.append(f"| … | {len(rejections) - MAX_LISTED} more | |")
    if warnings:
        lines += ["", f"## Parse warnings ({len(warnings)})", "", "| document | section | problem |", "|---|---|---|"]
        lines += [f"| {uri} | {section} | {_cell(message)} |" for uri, section, message in warnings[:MAX_LISTED]]
        if len(warnings) > MAX_LISTED:
            lines.append(f"| … | {len(warnings) - MAX_LISTED} more | |")
    if skipped:
        lines += ["", f"## Skipped folders ({len(skipped)})", "", "| folder | reason |", "|---|---|"]
        lines += [f"| {folder} | {_cell(reason)} |" for folder, reason in skipped]
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    """Make text safe for one markdown table cell."""
    return (text or "").replace("|", "\\|").replace("\n", " ")[:300]
