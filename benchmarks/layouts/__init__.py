"""Layout accuracy harness: real API v2 studies rendered into each text layout, parsed back, scored.

Usage: ``python -m benchmarks.layouts [--folds 5] [--limit N] [--layouts ctgov_flat medpath registry_page]``
(results in ``benchmarks/results/layouts.json``).
"""

from benchmarks.layouts import flat, medpath, registry
from benchmarks.layouts.studies import load_studies, training_set

LAYOUTS = {module.LAYOUT: module for module in (flat, medpath, registry)}

__all__ = ["LAYOUTS", "load_studies", "training_set"]
