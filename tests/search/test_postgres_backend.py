"""The PostgreSQL backend's own guarantees: the GIN index serves the query, each object once.

Only in CI's PostgreSQL run (``SEARCH_BACKEND=postgres``, .ci/run); the French answers themselves
are in test_search_french.py, shared with Whoosh.
"""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Avg
from django.db.models.functions import Length
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from library.models import LibraryPage
from search.backends.postgres import SEARCH_CONFIG, FrenchPostgresSearchBackend

pytestmark = pytest.mark.skipif(
    settings.SEARCH_BACKEND != "postgres",
    reason="PostgreSQL full-text backend: CI's PostgreSQL run sets SEARCH_BACKEND=postgres",
)


@pytest.fixture
def backend():
    backend = get_search_backend()
    assert isinstance(backend, FrenchPostgresSearchBackend)
    return backend


@pytest.fixture
def page(db, backend):
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="Marchés publics de voirie", slug="voirie"))
    backend.add(page)
    return page


MATCH = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@ '


def test_the_query_matches_the_expression_the_gin_index_holds(page, backend):
    """The backend's match is ``title || body`` and PostgreSQL can answer it from the index.

    Two halves, each deterministic: the backend's SQL filters on exactly the indexed expression
    (a change in modelsearch's query fails here), and that expression's match is planned on the
    GIN index once sequential scans are ruled out (a test database of a few rows is otherwise
    rightly read whole). Whether the planner prefers the index for a whole query depends on what
    is selective: bench/search shows a permission filter winning over it (bench/README.md).
    """
    sql, _ = backend.search("voirie", Page).get_queryset().query.sql_with_params()
    assert MATCH in sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE {MATCH}"  # noqa: S608
            " to_tsquery(%s::regconfig, %s)",
            [SEARCH_CONFIG, "voirie"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_indexentry_title_body_gin" in plan, plan


def test_the_index_is_written_in_the_folded_french_configuration(page, backend):
    with connection.cursor() as cursor:
        cursor.execute(
            "select strip(title)::text, strip(autocomplete)::text"
            " from wagtailsearch_indexentry where object_id = %s",
            [str(page.pk)],
        )
        title, autocomplete = cursor.fetchone()
    assert title == "'march' 'public' 'voir'"  # stems, accents folded, "de" dropped
    assert autocomplete == "'de' 'marches' 'publics' 'voirie'"  # whole words: prefixes of words


def two_entries(page):
    """What ``update_index`` writes when a parent model and its child are both indexed."""
    entry = IndexEntry.objects.get(object_id=str(page.pk))
    entry.pk = None
    entry.content_type = ContentType.objects.get_for_model(LibraryPage)
    entry.save()


def test_an_object_with_two_index_entries_is_found_once(page, backend):
    two_entries(page)
    # modelsearch's own backend returns the page once per entry: the guard is needed.
    unguarded = PostgresSearchBackend({"SEARCH_CONFIG": SEARCH_CONFIG})
    assert [p.pk for p in unguarded.search("voirie", Page)] == [page.pk, page.pk]

    results = backend.search("voirie", Page)
    assert [p.pk for p in results] == [page.pk]
    assert results.count() == 1
    assert [p.pk for p in results[0:10]] == [page.pk]
    assert backend.search("voirie", Page).facet("live") == {True: 1}
    assert [p.pk for p in backend.autocomplete("voi", Page)] == [page.pk]
    assert [p.pk for p in backend.search("voirie", Page, order_by_relevance=False)] == [page.pk]
    scored = backend.search("voirie", Page).annotate_score("score")
    assert [(p.pk, p.score > 0) for p in scored] == [(page.pk, True)]


def test_a_write_computes_its_own_title_norm_and_touches_no_other_entry(page, backend):
    """modelsearch's write recomputed every entry whose ``title_norm`` was 1.0 — entries whose
    title has the average length — and so waited for, and deadlocked with, any other writer
    (docs/decisions/0037, tests/spaces/test_compact_concurrently.py)."""
    root = Page.get_first_root_node()
    other = root.add_child(instance=Page(title="Entretien des chaussées", slug="chaussees"))
    backend.add(other)
    IndexEntry.objects.filter(object_id=str(page.pk)).update(title_norm=1.0)
    backend.add(other)
    norms = dict(IndexEntry.objects.values_list("object_id", "title_norm"))
    assert norms[str(page.pk)] == 1.0  # another object's entry: left alone
    titles = IndexEntry.objects.annotate(n=Length("title")).filter(n__gt=0)
    average = titles.aggregate(average=Avg("n"))["average"]
    length = titles.get(object_id=str(other.pk)).n
    assert norms[str(other.pk)] == pytest.approx(average / length) != 1.0
