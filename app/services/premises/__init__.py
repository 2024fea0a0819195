"""Premises (lokaler): the city's and the associations' rooms, their bookings and series."""
