"""Shared rendering: one execution per event and distinct subscription, the same bytes to all.

Plain Strawberry executes a subscription's selection set once per subscriber per event. Here
subscribers who asked the same thing (document, variables other than the cursor, and scope)
share a rendering group: each event is executed once for the group and serialised once, and
every member gets the same payload. A member joining late is replayed its own missed events
first, then switched to the group's live output with no gap and no duplicate.
"""
