"""The event calendar in GraphQL."""
