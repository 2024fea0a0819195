"""Action plans in GraphQL."""
