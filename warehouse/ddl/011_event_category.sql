-- Schema version 11: a time window's event is its phrase as written ("major surgery"), as for any
-- quantity the vocabulary does not name; event_category groups events across wordings
-- (vaccination, active_infection, immunosuppressive_therapy, asct, investigational_drug,
-- anticancer_therapy, surgery, prior_treatment; NULL where none is named). Rows of older runs get
-- theirs when the new normalisers reparse them (the parser version changes with them).

ALTER TABLE criterion_threshold ADD COLUMN IF NOT EXISTS event_category VARCHAR;
