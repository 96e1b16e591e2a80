-- Schema version 7: each threshold's value in a canonical unit (pint; "x ULN" kept as its own unit),
-- so limits written in mg/dL and µmol/L, /mm3 and x 10^9/L, weeks and months compare.

ALTER TABLE criterion_threshold ADD COLUMN IF NOT EXISTS canonical_value DOUBLE;
ALTER TABLE criterion_threshold ADD COLUMN IF NOT EXISTS canonical_unit VARCHAR;
