"""Size limits of a draft that every way of writing it shares (REST, co-editing socket).

One number, read by both: ``api/spaces/serializers.py`` and ``spaces/services.py`` (REST) and
``spaces.coedit.rooms`` (the socket refuses an update that would make the text longer). A
draft that one path accepts can therefore always be saved through the other.
"""

# Characters (Unicode code points, Python's ``len``) of a draft's markdown text.
DRAFT_MAX_CHARACTERS = 1_000_000
