"""Pure normalisers: endpoint categories, time frames in days, criterion thresholds, doses.

Each is memoised (a bounded LRU per process): registries repeat the same time frames,
endpoint titles and eligibility lines across many trials, and a worker keeps its cache
across the chunks of a run.
"""

CACHE_SIZE = 1 << 15  # distinct texts remembered per normaliser and process (tens of MB at most)
