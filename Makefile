# Convenience targets; each is the same command the README gives.
.PHONY: demo test lint

demo:
	python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/trials ingest examples/documents --db trials.duckdb && .venv/bin/trials sql "SELECT source_format, count(*) AS trials, sum(enrollment) AS enrollment FROM trial GROUP BY ALL ORDER BY 1" --db trials.duckdb

test:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest

lint:
	.venv/bin/ruff check .
