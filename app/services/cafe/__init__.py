"""Dialogue cafés (cafésamtal): live, collaborative note capture."""
