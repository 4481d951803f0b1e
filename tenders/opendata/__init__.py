"""Open data of the tender room: OCDS 1.1 releases and the French DECP v2 (données essentielles).

Both are built from plain reads (``queryset()`` then ``build``), with a fixed number of queries
whatever the number of tenders, and are public like the tenders they describe.
"""
