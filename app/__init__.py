"""Samverka: the cooperation platform between Helsingborg and its associations."""
