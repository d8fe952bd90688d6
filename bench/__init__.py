"""Benchmarks; run them from the repository root, e.g. `uv run python -m bench.latency`."""
