"""French search through the default backend, whichever it is (Whoosh, or PostgreSQL's).

CI runs this file twice: on SQLite with Whoosh and on PostgreSQL with ``SEARCH_BACKEND=postgres``
(.ci/run), so both backends answer the same French questions the same way. The fixtures are plain
Wagtail pages (title: a ``SearchField`` and an ``AutocompleteField``), indexed explicitly through
the backend so the test does not depend on when the automatic index updates run.
"""

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

TITLES = {
    "marches": "Marchés publics de travaux de voirie",
    "energie": "L’énergie des bâtiments communaux",
    "etat": "État des routes départementales",
    "not": "Clause NOT : marché de fournitures",
    "title": "Champ title:voirie d’un formulaire",
}


@pytest.fixture
def backend():
    return get_search_backend()


@pytest.fixture
def pages(db, backend):
    root = Page.get_first_root_node()
    created = {
        key: root.add_child(instance=Page(title=title, slug=f"recherche-{key}"))
        for key, title in TITLES.items()
    }
    for page in created.values():
        backend.add(page)
    backend.refresh_indexes()
    return created


def found(results) -> set[str]:
    return {page.slug.removeprefix("recherche-") for page in results}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("marche public", {"marches"}),  # no accents, singular: "marchés publics"
        ("energie", {"energie"}),  # "L’énergie": elision, accent
        ("ÉTAT", {"etat"}),
        ("état", {"etat"}),
        ("etat", {"etat"}),
        ("routes départementales", {"etat"}),
    ],
)
def test_french_words_meet_accents_case_and_plurals(pages, backend, query, expected):
    assert found(backend.search(query, Page, operator="and")) == expected


def test_query_syntax_typed_by_a_user_is_searched_as_words(pages, backend):
    # As syntax, "NOT marché" would return every page without "marché" (énergie, état...).
    assert found(backend.search("NOT marché", Page, operator="and")) == {"not"}
    # As syntax, "title:voirie" would search "voirie" in titles and find the public works too.
    assert found(backend.search("title:voirie", Page, operator="and")) == {"title"}


@pytest.mark.parametrize(
    "query",
    ['"marché', "(énergie", "a & b | !c", "énergie:*", "l'énergie", "\\", "*", "AND OR", "x~2^3"],
)
def test_stray_operators_never_fail(pages, backend, query):
    results = list(backend.search(query, Page))
    assert found(results) <= set(TITLES)


@pytest.mark.parametrize("prefix", ["éner", "ener", "ÉNER", "Éner"])
def test_autocomplete_folds_accents(pages, backend, prefix):
    assert found(backend.autocomplete(prefix, Page)) == {"energie"}


def test_autocomplete_completes_the_last_word(pages, backend):
    assert found(backend.autocomplete("marchés pub", Page)) == {"marches"}
    assert found(backend.autocomplete("dépar", Page)) == {"etat"}


def test_each_page_once_and_counted_once(pages, backend):
    results = backend.search("voirie", Page, operator="or")
    pks = [page.pk for page in results]
    assert len(pks) == len(set(pks)) == results.count() == 2
