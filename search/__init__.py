"""Search across the platform: the Whoosh backend for Wagtail's search layer and French analysis.

Domain apps declare what they index (``search_fields``) and who may find it (a "search" rule in
their ``rules.py``); this app stores and queries the index and knows nothing of their business.
"""
