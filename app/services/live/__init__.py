"""What a live feed is, below the live layer: its declaration, its log, and the protocols the
live layer (subscriptions/) implements for the schema (see docs/architecture.md)."""
