"""Prefect flows and the `trials` command line: they only compose tasks."""
