"""Sizes the drafting spaces accept, shared by the REST API and the co-editing socket."""

# A draft's text, in characters: a long CCTP is a few hundred thousand.
DRAFT_MAX_CHARS = 1_000_000
