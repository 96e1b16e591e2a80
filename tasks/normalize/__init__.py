"""Pure normalisers: endpoint categories, time frames in days, criterion thresholds, doses."""
