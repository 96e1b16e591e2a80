"""Pandera models, one per warehouse table, and the frames they validate."""

from __future__ import annotations

import sys
import types


def _skip_dask_annotations() -> None:
    """Tell Pandera that no Dask annotations exist, before any model is built.

    A model's first ``to_schema()`` imports ``pandera.typing.dask``, which imports
    ``dask.dataframe`` whenever Dask is installed (the ``dask`` and ``test`` extras), only to
    recognise Dask-typed columns. That costs 0.5–1.0 s in every process that builds a model,
    a third of a one-document run; these models are pandas-only, so a module that says Dask
    is absent changes nothing else. Dask itself stays importable (``--task-runner dask``).
    """
    if "pandera.typing.dask" not in sys.modules:
        stand_in = types.ModuleType("pandera.typing.dask", "Dask annotations: not used by these models.")
        stand_in.DASK_INSTALLED = False  # type: ignore[attr-defined]
        sys.modules["pandera.typing.dask"] = stand_in


_skip_dask_annotations()
