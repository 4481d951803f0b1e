"""Size limits of a draft that every way of writing it shares (REST, co-editing socket).

One number for both: ``spaces.coedit.rooms`` reads it (the socket refuses an update that would
make the text longer), and REST (``api/spaces/serializers.py``'s ``max_length``,
``spaces/services.py``'s ``MAX_MARKDOWN``) is to import it instead of its own literal; until
then ``tests/spaces/ws/test_coediting_limits.py`` checks the serializer agrees. A draft that
one path accepts can therefore always be saved through the other.
"""

# Characters (Unicode code points, Python's ``len``) of a draft's markdown text.
DRAFT_MAX_CHARACTERS = 1_000_000
