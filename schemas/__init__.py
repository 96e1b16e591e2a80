"""Pandera models, one per warehouse table, and the frames they validate."""
