"""The DuckDB warehouse: built from the parsed store by the sql/ models, tested by sql/tests/,
published atomically (build.py), updated in place for changed reports (incremental.py)."""
