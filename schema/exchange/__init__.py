"""The exchange in GraphQL."""
