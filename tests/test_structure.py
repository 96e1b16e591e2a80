"""The house's shape: imports point one way, pieces stay small, vocabularies are declared once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from radon.complexity import cc_rank, cc_visit

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("flows", "tasks", "schemas", "warehouse")
# Each room may import only the rooms listed for it (and itself): flows -> tasks -> warehouse -> schemas.
ALLOWED = {
    "flows": {"tasks", "warehouse", "schemas"},
    "tasks": {"warehouse", "schemas"},
    "warehouse": {"schemas"},
    "schemas": set(),
}
PURE = ("tasks.parsers", "tasks.normalize")  # text in, records out: no I/O layers, no orchestration
PURE_MAY_IMPORT = {"tasks.parsers", "tasks.normalize", "schemas"}
NOT_IN_PURE = {"prefect", "duckdb", "requests", "flows", "warehouse"}
MAX_FUNCTION_LINES = 40
MAX_MODULE_LINES = 300


def modules() -> list[tuple[str, Path]]:
    """Every module of the four rooms, with its dotted name."""
    found = []
    for room in ROOMS:
        for path in sorted((ROOT / room).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def imported(path: Path) -> set[str]:
    """The absolute module names ``path`` imports, wherever in the file (function-level imports too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def upward_imports(module: str, names: set[str]) -> list[str]:
    """The imports of ``module`` that break the direction of the house."""
    room = module.split(".")[0]
    wrong = [n for n in names if n.split(".")[0] in ROOMS and n.split(".")[0] not in ALLOWED[room] | {room}]
    if any(within(module, pure) for pure in PURE):
        own = [n for n in names if n.split(".")[0] in ROOMS]
        wrong += [n for n in own if not any(within(n, allowed) for allowed in PURE_MAY_IMPORT)]
        wrong += [n for n in names if n.split(".")[0] in NOT_IN_PURE]
    return sorted(set(wrong))


def test_imports_point_down_the_house():
    broken = {m: bad for m, path in modules() if (bad := upward_imports(m, imported(path)))}
    assert not broken, f"imports pointing up: {broken}"


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("schemas.trial_tables", {"tasks.parsers.text"}),
        ("warehouse.loader", {"tasks.pipeline"}),
        ("tasks.parsers.medpath", {"warehouse.connection"}),
        ("tasks.normalize.doses", {"prefect"}),
        ("tasks.parsers.text", {"tasks.sources"}),
    ],
)
def test_the_import_check_catches_an_upward_import(module, names):
    assert upward_imports(module, names) == sorted(names)


def test_the_import_check_allows_downward_imports():
    assert not upward_imports("flows.ingest", {"tasks.pipeline", "warehouse.loader", "schemas.runs", "prefect"})
    assert not upward_imports("tasks.parsers.medpath", {"schemas.vocabulary", "tasks.normalize.ages", "re"})


def long_functions() -> list[str]:
    found = []
    for module, path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{module}.{node.name}: {length} lines")
    return found


def test_no_function_is_over_40_lines():
    assert long_functions() == []


def test_no_module_is_over_300_lines():
    assert [f"{m}: {n}" for m, p in modules() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES] == []


def test_every_function_is_grade_c_or_better():
    blocks = [(m, block) for m, path in modules() for block in cc_visit(path.read_text())]
    graded = blocks + [(m, method) for m, block in blocks for method in getattr(block, "methods", [])]
    assert [f"{m}.{b.name}: {cc_rank(b.complexity)}" for m, b in graded if cc_rank(b.complexity) > "C"] == []


def test_the_declared_vocabularies_match_the_code_that_produces_them():
    from schemas.vocabulary import CRITERION_CATEGORIES, SOURCE_FORMATS
    from tasks.normalize.criteria import CATEGORIES
    from tasks.parsers import FORMATS

    assert CRITERION_CATEGORIES == (*(name for name, _ in CATEGORIES), "other")
    assert SOURCE_FORMATS == tuple(module.FORMAT for module in FORMATS)
