"""Accounts (konton): users, tokens, memberships and join requests."""
