"""Load and latency benchmarks (not run by the test suite); see docs/performance.md."""
