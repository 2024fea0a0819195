"""Business rules, one package per domain; services take a session and know nothing of GraphQL."""
