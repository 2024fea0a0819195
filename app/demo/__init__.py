"""Demo data built from the city's own documents (docs/seeds/)."""
