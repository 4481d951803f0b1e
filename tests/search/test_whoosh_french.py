"""The Whoosh backend on French text: plurals, accents, user text searched as words, filters,
facets, autocomplete, the atomic rebuild and the process's searcher.

Each test indexes into its own directory (``whoosh`` fixture) and indexes explicitly, so that
what is searched does not depend on how the platform routes its save signals.
"""

import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from modelsearch.backends import get_search_backend
from modelsearch.query import Phrase
from wagtail.documents.models import Document
from wagtail.models import Page

from search.backends.whoosh import IndexBusyError, apply
from search.backends.whoosh.searchers import searchers
from search.backends.whoosh.writes import open_writer

TITLES = [
    "Marchés publics de travaux",
    "Publics des marchés forains",
    "Énergie renouvelable dans les communes",
    "État des lieux de la voirie",
    "Le mot title et un xylophone",
    "Un xylophone seul",
]


@pytest.fixture
def whoosh(settings, tmp_path, platform):
    """The default backend, indexing under this test's temporary directory."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.whoosh", "PATH": str(tmp_path / "index")}
    }
    return get_search_backend("default")


@pytest.fixture
def pages(whoosh):
    """Two sections of pages, indexed."""
    root = Page.get_first_root_node()
    section_a = root.add_child(instance=Page(title="Espace Rennes", slug="espace-rennes"))
    section_b = root.add_child(instance=Page(title="Espace Brest", slug="espace-brest"))
    made = {}
    for i, title in enumerate(TITLES):
        parent = section_a if i % 2 == 0 else section_b
        made[title] = parent.add_child(instance=Page(title=title, slug=f"page-{i}", live=i != 3))
    made["a"], made["b"] = section_a, section_b
    whoosh.add_bulk(Page, list(Page.objects.all()))
    return made


def titles(results):
    return {r.title for r in results}


def test_plurals_and_accents_meet(whoosh, pages):
    assert "Marchés publics de travaux" in titles(whoosh.search("marche public", Page))
    assert titles(whoosh.search("energie", Page)) == {"Énergie renouvelable dans les communes"}
    assert titles(whoosh.search("ÉTAT", Page)) == {"État des lieux de la voirie"}


def test_operator_and_needs_every_word(whoosh, pages):
    found = titles(whoosh.search("marché travaux", Page, operator="and"))
    assert found == {"Marchés publics de travaux"}


def test_query_syntax_is_searched_as_words(whoosh, pages):
    # Parsed as syntax, "NOT marché" would exclude the market pages; as words it finds them.
    assert "Marchés publics de travaux" in titles(whoosh.search("NOT marché", Page))
    # Parsed as syntax, "title:xylophone" would ask a field; as words both must be there.
    found = titles(whoosh.search("title:xylophone", Page, operator="and"))
    assert found == {"Le mot title et un xylophone"}


def test_phrase_keeps_word_order(whoosh, pages):
    assert titles(whoosh.search(Phrase("marchés publics"), Page)) == {"Marchés publics de travaux"}


def test_autocomplete_prefix_ignores_accents_and_stemming(whoosh, pages):
    expected = {"Énergie renouvelable dans les communes"}
    assert titles(whoosh.autocomplete("éner", Page)) == expected
    assert titles(whoosh.autocomplete("ENER", Page)) == expected
    assert titles(whoosh.autocomplete("renouvela", Page)) == expected


def test_filters_path_startswith_live_and_in(whoosh, pages):
    in_a = pages["a"].get_descendants()  # path__startswith + depth__gte
    assert titles(whoosh.search("marchés", in_a)) == {"Marchés publics de travaux"}
    assert titles(whoosh.search("marchés", pages["b"].get_descendants())) == {
        "Publics des marchés forains"
    }
    assert titles(whoosh.search("état", Page.objects.filter(live=True))) == set()
    chosen = [pages["Un xylophone seul"].pk]
    assert titles(whoosh.search("xylophone", Page.objects.filter(pk__in=chosen))) == {
        "Un xylophone seul"
    }


def test_facet_counts_per_value(whoosh, pages):
    counts = whoosh.search("marchés état énergie", Page).facet("live")
    assert dict(counts) == {True: 3, False: 1}


def test_results_are_reread_from_the_database(whoosh, pages):
    """The index proposes, the queryset decides: a row the queryset excludes is not returned."""
    hidden = pages["Un xylophone seul"]
    results = whoosh.search("xylophone", Page.objects.exclude(pk=hidden.pk).filter(depth__gte=1))
    assert titles(results) == {"Le mot title et un xylophone"}


def test_searcher_is_reused_until_a_write(whoosh, pages):
    index = whoosh.get_index_for_model(Page)
    list(whoosh.search("marchés", Page))
    first = searchers.peek(index.storage)
    list(whoosh.search("énergie", Page))
    assert searchers.peek(index.storage) is first

    root = Page.get_first_root_node()
    new = root.add_child(instance=Page(title="Marché de l'hydrogène", slug="hydrogene"))
    apply(index, add=[new])
    assert "Marché de l'hydrogène" in titles(whoosh.search("hydrogène", Page))
    assert searchers.peek(index.storage) is not first


def test_a_reindexed_object_is_found_once_through_the_kept_searcher(whoosh, pages):
    """Whoosh-Reloaded 2.7.5's ``Searcher.refresh()`` keeps the deletions of the segments it
    reuses as they were, so an object updated after the searcher opened came back once per
    update; the kept searcher is reopened after a write instead."""
    index = whoosh.get_index_for_model(Page)
    page = pages["Énergie renouvelable dans les communes"]
    assert whoosh.search("énergie", Page).count() == 1
    for n in range(3):
        page.title = f"Énergie renouvelable, version {n}"
        page.save()
        apply(index, add=[page])
        results = whoosh.search("énergie", Page)
        assert [r.pk for r in results] == [page.pk]
        assert results.count() == 1


def test_a_search_before_anything_is_indexed_then_after(whoosh, platform):
    assert list(whoosh.search("hydrogène", Page)) == []
    new = Page.get_first_root_node().add_child(instance=Page(title="Hydrogène", slug="h2"))
    whoosh.add(new)
    assert titles(whoosh.search("hydrogène", Page)) == {"Hydrogène"}


def test_one_writer_at_a_time(whoosh, pages):
    index = whoosh.get_index_for_model(Page)
    with index.searcher() as searcher:
        ix = searcher._ix
    holder = open_writer(ix, timeout=1)
    try:
        with pytest.raises(IndexBusyError):
            apply(index, add=[pages["Un xylophone seul"]], timeout=0.2)
    finally:
        holder.cancel()


def test_rebuild_switches_atomically_while_searches_answer(whoosh, pages):
    index = whoosh.get_index_for_model(Page)
    old_generation = index.storage.current_name()
    rebuilder = whoosh.rebuilder_class(index)
    building = rebuilder.start()
    building.add_items(Page, [p for p in Page.objects.all() if "xylophone" not in p.title])

    # While the new generation fills up, searches answer from the old one, from other threads too.
    answers = []
    thread = threading.Thread(
        target=lambda: answers.append(whoosh.search("xylophone", Page).count())
    )
    thread.start()
    thread.join()
    assert answers == [2]
    assert index.storage.current_name() == old_generation

    rebuilder.finish()
    assert index.storage.current_name() != old_generation
    assert whoosh.search("xylophone", Page).count() == 0
    assert titles(whoosh.search("energie", Page)) == {"Énergie renouvelable dans les communes"}
    assert not (Path(index.storage.root) / old_generation).exists()


def test_wagtail_admin_page_search_and_document_chooser(whoosh, pages, client):
    admin = get_user_model().objects.create_superuser("admin-search", "a@example.org", "x")
    client.force_login(admin)

    response = client.get("/admin/pages/search/", {"q": "energie"})
    assert response.status_code == 200
    assert "Énergie renouvelable dans les communes" in response.content.decode()
    assert "Marchés publics de travaux" not in response.content.decode()

    document = Document.objects.create(
        title="Rapport sur l'énergie", file=ContentFile(b"%PDF-1.4", name="rapport.pdf")
    )
    Document.objects.create(title="Budget annexe", file=ContentFile(b"x", name="budget.pdf"))
    whoosh.add_bulk(Document, list(Document.objects.all()))
    response = client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": "energie"})
    assert response.status_code == 200
    body = response.content.decode()
    assert document.title.replace("'", "&#x27;") in body
    assert "Budget annexe" not in body


def test_a_count_and_its_page_run_the_filters_subqueries_once(whoosh, pages):
    """A permission filter's id subquery (``topic__in=`` the topics one may read) is read from
    the database and converted once per search, not once for the count and again per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    readable = Page.objects.filter(live=True).values("pk")
    results = whoosh.search("marchés", Page.objects.filter(pk__in=readable))
    with CaptureQueriesContext(connection) as counting:
        assert results.count() == 2
    with CaptureQueriesContext(connection) as paging:
        found = titles(results[0:10])
    assert found == {"Marchés publics de travaux", "Publics des marchés forains"}
    assert len(counting) == 1  # the subquery
    assert len(paging) == 1  # the hits read back, the subquery not run again
