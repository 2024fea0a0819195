"""Live cafés: each session's log as an ordered feed, and presence."""
