"""Size limits of a draft that every way of writing it shares (REST, co-editing socket).

One number for both: ``spaces.coedit.rooms`` reads it (the socket refuses an update that would
make the text longer, close code 4413), the draft services and ``api/spaces/serializers.py``
refuse a longer text with a 400. A draft that one path accepts can therefore always be saved
through the other.
"""

# Characters (Unicode code points, Python's ``len``) of a draft's markdown text: a long CCTP
# is a few hundred thousand.
DRAFT_MAX_CHARACTERS = 1_000_000
