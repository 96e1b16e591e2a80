"""Prefect tasks and the pure pieces they wrap (parsers, documents, pipeline steps)."""
