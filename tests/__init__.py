"""The project's tests (a regular package: medspacy 1.0.0 installs a top-level `tests` package of its own)."""
