"""How many real studies, rendered into four sources, become exactly one trial with four sources.

Every study of the reference records is written as its API JSON record, a CT.gov flat export, a
MedPath page and a registry page (the layout harness's renderers, with their seeded variations
unless ``--plain``), ingested in one run, and scored:

* **one trial, four sources**: the study's four documents are one trial (its NCT id);
* **wrongly attached**: documents attached to another study's trial (the error that matters most);
* **own trial**: documents that stayed a ``DOC-`` trial of their own (a missed match).

Run: ``python -m benchmarks.identity [--plain] [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import duckdb

from benchmarks.layouts import flat, load_studies, medpath, registry
from benchmarks.layouts.run import render_documents
from benchmarks.layouts.studies import nct_id

LAYOUTS = {"flat": flat, "medpath": medpath, "registry": registry}


def write_sources(folder: Path, studies: list[dict], varied: bool) -> None:
    """Write each study's four documents, named after the study they render."""
    for study in studies:
        nct = nct_id(study)
        (folder / "json").mkdir(parents=True, exist_ok=True)
        (folder / "json" / f"{nct}.json").write_text(json.dumps(study))
        for document in render_documents(study, LAYOUTS, varied=varied):
            (folder / document.layout).mkdir(exist_ok=True)
            (folder / document.layout / f"{nct}.txt").write_text(document.text)


def score(db: Path) -> dict[str, int]:
    """Count the outcomes named in the module docstring."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT trial_id, regexp_extract(uri, '(NCT[0-9]+)\\.(txt|json)$', 1) AS study FROM trial_source"
        ).fetchall()
    per_study: dict[str, list[str]] = {}
    for trial, study in rows:
        per_study.setdefault(study, []).append(trial)
    return {
        "studies": len(per_study),
        "one_trial_four_sources": sum(1 for s, found in per_study.items() if found == [s] * 4),
        "wrongly_attached": sum(1 for trial, study in rows if trial.startswith("NCT") and trial != study),
        "own_trial": sum(1 for trial, _ in rows if trial.startswith("DOC-")),
        "documents": len(rows),
    }


def main() -> None:
    """Render, ingest and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", action="store_true", help="render without the seeded variations")
    parser.add_argument("--limit", type=int, default=None, help="only the first N studies")
    args = parser.parse_args()
    from flows.ingest import ingest_documents

    studies = [s for s in load_studies() if nct_id(s)][: args.limit]
    with tempfile.TemporaryDirectory() as work:
        folder, db = Path(work) / "in", Path(work) / "w.duckdb"
        write_sources(folder, studies, varied=not args.plain)
        summary = ingest_documents(paths=[str(folder)], db=str(db))
        figures = score(db) | {"rejected": summary.counts.rejected, "varied": not args.plain}
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
