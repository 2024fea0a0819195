"""Compiled reads: a query document the domains' declarations cover is planned once (which
columns and relations it asks for) and answered without graphql-core's per-field machinery;
anything else takes the ordinary path (see schema/compiled/reads.py)."""
