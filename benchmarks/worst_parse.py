"""Worst-case parse time on mutated real documents: the slowest documents, not the average.

The fuzz tests prove that mutated documents never crash a run; how long the worst of them takes
to parse is measured here (a timed assertion in a test would fail on a loaded machine). Mutations
as in ``tests/test_fuzz.py``: truncation, flipped bytes, NUL, a 1 MB line of one filler, other
encodings, a BOM, CRLF, and two documents spliced; a fixed seed makes the corpus the same each run.

Usage: ``python -m benchmarks.worst_parse [--documents 300] [--seed 15]``
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from tasks.documents import documents_in_file
from tasks.pipeline import parse_document

ROOT = Path(__file__).resolve().parent.parent
FILLERS = (b"a", b"1 ", b", ", b"|", b"(", b" ", b"Day 1, ", b"x" * 7 + b"\xe2\x80\xa2")


def bases() -> list[bytes]:
    """The bundled examples and one real API study: the documents the mutations start from."""
    examples = sorted((ROOT / "examples" / "documents").iterdir())
    return [p.read_bytes() for p in examples] + [(ROOT / "tests/data/ctgov/studies/NCT04207047.json").read_bytes()]


def mutate(rng: random.Random, base: bytes, other: bytes) -> bytes:
    """One mutation of ``base`` (``other`` is spliced in by the "splice" kind)."""
    kind = rng.choice(["truncate", "flip", "nul", "long_line", "utf16", "latin1", "bom", "crlf", "splice"])
    at = rng.randint(0, len(base))
    if kind == "truncate":
        return base[:at]
    if kind == "flip":
        data = bytearray(base)
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == "nul":
        return base[:at] + b"\x00" + base[at:]
    if kind == "long_line":
        filler = rng.choice(FILLERS)
        return base[:at] + filler * (1_000_000 // len(filler)) + base[at:]
    if kind in ("utf16", "latin1"):
        return base.decode("utf-8", "replace").encode("utf-16" if kind == "utf16" else "latin-1", "replace")
    if kind == "bom":
        return b"\xef\xbb\xbf" + base
    if kind == "crlf":
        return base.replace(b"\n", b"\r\n")
    return base[:at] + other[rng.randint(0, len(other)) :]


def main() -> None:
    """Parse the mutated corpus and print the slowest documents' times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    rng, corpus = random.Random(args.seed), bases()
    times = []
    for index in range(args.documents):
        data = mutate(rng, rng.choice(corpus), rng.choice(corpus))
        for document in documents_in_file(f"/mutated/{index}", data):
            started = time.perf_counter()
            parse_document(document)
            times.append(time.perf_counter() - started)
    times.sort()
    print(f"{len(times)} documents: median {times[len(times) // 2] * 1000:.1f} ms, "
          f"p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms, worst {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
