"""Column types and field helpers shared by every table model."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

Text = Series[str]
Int = Series[pd.Int64Dtype]
Float = Series[pd.Float64Dtype]
Stamp = Series[pd.Timestamp]
Lists = Series[object]


def optional(**checks) -> pa.Field:
    """A nullable column with the given checks."""
    return pa.Field(nullable=True, **checks)


def nonempty(**checks) -> pa.Field:
    """A required text column that is never the empty string."""
    return pa.Field(str_length={"min_value": 1}, **checks)


def hex_sha256() -> pa.Field:
    """A required column holding a hex sha256."""
    return pa.Field(str_length={"min_value": 64, "max_value": 64})


class StrictTable(pa.DataFrameModel):
    """A table that accepts only its declared columns."""

    class Config:
        """Only declared columns."""

        strict = True
