"""Load and overhead benchmarks for Helhet (see benchmarks/README.md). Not part of the app."""
