"""Premises and bookings in GraphQL."""
