"""Command line of the layout accuracy harness: ``python -m benchmarks.layouts --help``."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.layouts import LAYOUTS, load_studies
from benchmarks.layouts.coverage import coverage
from benchmarks.layouts.run import RunResult, find_trainer, run

RESULTS = Path(__file__).resolve().parents[1] / "results" / "layouts.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.layouts", description=__doc__)
    parser.add_argument("--folds", type=int, default=5, help="folds by trial (1: no held-out training)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N studies (by NCT id)")
    parser.add_argument("--layouts", nargs="+", choices=sorted(LAYOUTS), default=sorted(LAYOUTS))
    parser.add_argument("--base", action="store_true", help="render the base layouts, without variations")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the figures (JSON)")
    return parser.parse_args(argv)


def table(result: RunResult) -> str:
    """Format the figures as a text table."""
    lines = [
        f"{'layout':<14} {'docs':>5} {'ok':>5} {'rej':>4} {'wrong':>5}  {'field':<13} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for name, tally in result.tallies.items():
        figures = tally.figures()
        head = f"{name:<14} {tally.documents:>5} {tally.accepted:>5} {tally.rejected:>4} {tally.wrong_layout:>5}"
        for index, (field, values) in enumerate(figures["fields"].items()):
            prefix = head if index == 0 else " " * len(head)
            p, r, f1 = values["precision"], values["recall"], values["f1"]
            lines.append(f"{prefix}  {field:<13} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")
        parts = ", ".join(f"{part} {value:.3f}" for part, value in figures["part_accuracy"].items())
        lines.append(f"{'':<14} endpoint parts exact: {parts}")
    return "\n".join(lines)


def variation_table(result: RunResult) -> str:
    """Format endpoint F1 per variation (documents that carry it) and layout."""
    names = sorted({name for per_layout in result.by_variation.values() for name in per_layout})
    lines = [f"{'endpoint F1 by variation':<28}" + "".join(f" {layout:>14}" for layout in result.by_variation)]
    for name in names:
        cells = []
        for per_layout in result.by_variation.values():
            tally = per_layout.get(name)
            cells.append(f" {tally.figures()['f1']:>14.3f}" if tally else f" {'-':>14}")
        lines.append(f"{name:<28}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the harness, print the table and write the figures."""
    args = parse_args(argv)
    started = time.perf_counter()
    studies = load_studies()[: args.limit]
    layouts = {name: LAYOUTS[name] for name in args.layouts}
    result = run(studies, layouts, folds=args.folds, varied=not args.base, trainer=find_trainer())
    total = time.perf_counter() - started
    print(f"{len(studies)} studies, {args.folds} fold(s), {'base' if args.base else 'varied'} layouts; "
          f"{result.training}")
    print(table(result))
    if not args.base:
        print(variation_table(result))
    print("seconds: " + ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in sorted(result.seconds.items())))
    figures = {
        "studies": len(studies),
        "folds": args.folds,
        "varied": not args.base,
        "training": result.training,
        "seconds": {stage: round(seconds, 2) for stage, seconds in result.seconds.items()} | {"total": round(total, 2)},
        "layouts": {name: tally.figures() for name, tally in result.tallies.items()},
        "endpoint_f1_by_variation": {
            layout: {name: round(tally.figures()["f1"], 4) for name, tally in sorted(per_layout.items())}
            for layout, per_layout in result.by_variation.items()
        },
        "sample": coverage(studies),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
