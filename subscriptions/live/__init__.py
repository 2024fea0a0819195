"""The live layer's feeds: each key's log as an ordered feed, presence, and the streams that
subscribers read from them; generic over the feeds the domains declare."""
