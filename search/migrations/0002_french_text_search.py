"""PostgreSQL only: the French text search configurations and the index the search query uses.

- ``french_unaccent``: PostgreSQL's ``french`` with accents folded before stemming (``unaccent``
  then ``french_stem``), so "energie" meets "énergie" and "ÉTAT" meets "état".
- ``simple_unaccent``: ``simple`` (no stemming: autocomplete matches prefixes of words, not of
  stems) with accents folded, so "ener" completes to "énergie".
- A GIN index on ``title || body``: modelsearch's PostgreSQL backend matches the *concatenation*
  of the two vectors (``PostgresSearchQueryCompiler.search``); its own per-column GIN indexes
  cannot serve that expression, so every query scanned the whole table (250 ms → 15 ms at
  20 000 documents with this index, docs/decisions/0021).

On SQLite (the Whoosh set-up) there is nothing to do: the operations are no-ops there.
"""

from django.db import migrations

FORWARD = [
    # A "trusted" extension since PostgreSQL 13: the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
    "CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION french_unaccent"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent",
    "CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION simple_unaccent"
    " ALTER MAPPING FOR hword, hword_part, word, asciihword, asciiword, hword_asciipart"
    " WITH unaccent, simple",
    # The exact expression of modelsearch's WHERE clause, or the planner cannot use it.
    "CREATE INDEX IF NOT EXISTS search_indexentry_title_body_gin"
    " ON wagtailsearch_indexentry USING gin ((title || body))",
]

BACKWARD = [
    "DROP INDEX IF EXISTS search_indexentry_title_body_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
    # The extension stays: other objects of the database may use it.
]


def _execute(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _execute(schema_editor, FORWARD)


def backward(apps, schema_editor):
    _execute(schema_editor, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("platform_search", "0001_initial"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forward, backward)]
