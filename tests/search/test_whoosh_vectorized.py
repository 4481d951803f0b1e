"""The numpy scorer answers what Whoosh's own searcher answers: same documents, order and scores.

Random indexes (several segments, deleted and updated documents, boosted fields, the French
analyzer) and random queries (terms of one or more fields, ``Or`` and ``And`` with boosts) and
filters (terms, numeric ranges, ``Or``/``And``/``Not``) are run both ways. A change in Whoosh's
block format or in its BM25F scoring fails here (search/backends/whoosh/vectorized.py).
"""

import random

import pytest
from whoosh import fields as wf
from whoosh import index as whoosh_index
from whoosh import query as wq

from search.analysis import french_analyzer
from search.backends.whoosh.vectorized import VectorSearcher

WORDS = [
    "marché",
    "public",
    "travaux",
    "voirie",
    "énergie",
    "rénovation",
    "école",
    "commune",
    "délibération",
    "subvention",
    "budget",
    "conseil",
    "municipal",
    "assainissement",
    "eau",
    "potable",
    "déchets",
    "collecte",
    "transport",
    "scolaire",
    "bibliothèque",
    "urbanisme",
    "accord-cadre",
    "avenant",
    "lot",
    "offre",
]


def schema():
    return wf.Schema(
        key=wf.ID(stored=True, unique=True),
        title=wf.TEXT(analyzer=french_analyzer(), phrase=True),
        body=wf.TEXT(analyzer=french_analyzer(), phrase=True),
        public=wf.BOOLEAN(),
        owner=wf.NUMERIC(numtype=int, bits=64, signed=True, sortable=True),
        rank=wf.NUMERIC(numtype=int, bits=64, signed=True),  # no column
        serial=wf.NUMERIC(numtype=int, bits=64, signed=True, sortable=True),  # as "sortkey"
        kind=wf.KEYWORD(lowercase=False, scorable=False),
    )


def text(rng, low, high):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def document(rng, key):
    return {
        "key": str(key),
        "title": text(rng, 1, 6),
        "body": text(rng, 0, 60),
        "public": rng.random() < 0.3,
        "owner": rng.randrange(10),
        "rank": rng.randrange(10),
        "kind": rng.choice(["page", "post", "draft"]),
        "serial": key - 200,  # negative ones too: the column stores them shifted
    }


@pytest.fixture(params=[1, 2, 3])
def index(request, tmp_path):
    """Three segments or more: added in batches, some updated, some deleted."""
    rng = random.Random(request.param)
    ix = whoosh_index.create_in(str(tmp_path), schema())
    keys = list(range(400))
    for start in range(0, 400, 130):
        writer = ix.writer()
        for key in keys[start : start + 130]:
            writer.add_document(**document(rng, key))
        writer.commit(merge=False)
    writer = ix.writer()
    for key in rng.sample(keys, 40):
        writer.update_document(**document(rng, key))
    for key in rng.sample(keys, 30):
        writer.delete_by_term("key", str(key))
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        yield rng, searcher


def term(rng):
    field = rng.choice(["title", "body"])
    token = next(iter(french_analyzer()(rng.choice(WORDS)))).text
    return wq.Term(field, token, boost=rng.choice([1.0, 1.0, 2.0, 0.5]))


def text_query(rng):
    words = [wq.Or([term(rng), term(rng)]) for _ in range(rng.randint(1, 3))]
    if len(words) == 1:
        return words[0]
    return wq.And(words) if rng.random() < 0.4 else wq.Or(words)


def filter_query(rng):
    choice = rng.randrange(5)
    if choice == 0:
        return None
    if choice == 1:
        return wq.Term("public", True)
    if choice == 2:
        owners = rng.sample(range(10), 3)
        return wq.Or([wq.Term("public", True), *(wq.NumericRange("owner", o, o) for o in owners)])
    if choice == 3:
        return wq.And([wq.Term("kind", "post"), wq.NumericRange("owner", 2, 6)])
    return wq.AndNot(wq.Every(), wq.Term("kind", "draft"))


def normalized(pairs):
    """(docnum, score) by score then docnum, scores rounded past float summation noise."""
    return sorted(((d, round(s, 9)) for d, s in pairs), key=lambda p: (-p[1], p[0]))


def test_pages_and_counts_equal_whooshs_own(index):
    rng, searcher = index
    vectors = VectorSearcher(searcher)
    for _ in range(60):
        query, filtered = text_query(rng), filter_query(rng)
        everything = searcher.search(query, filter=filtered, limit=None)
        expected = normalized((hit.docnum, hit.score) for hit in everything)
        for limit in (1, 10, None):
            page = vectors.top(query, filtered, limit)
            assert normalized(page) == expected[:limit], (query, filtered, limit)
        assert vectors.count(query, filtered) == len(everything)


def test_deleted_and_replaced_documents_are_found_once(index):
    _, searcher = index
    vectors = VectorSearcher(searcher)
    query = wq.Or([wq.Term("body", t) for t in ("march", "commun", "energ")])
    found = vectors.top(query, None, None)
    keys = [searcher.stored_fields(docnum)["key"] for docnum, _ in found]
    assert len(keys) == len(set(keys))
    assert all(not searcher.reader().is_deleted(docnum) for docnum, _ in found)


def test_a_term_absent_from_the_index_matches_nothing(index):
    _, searcher = index
    vectors = VectorSearcher(searcher)
    assert vectors.top(wq.Term("body", "introuvable"), None, 10) == []
    assert vectors.count(wq.And([wq.Term("body", "march"), wq.Term("title", "zzz")]), None) == 0


@pytest.mark.parametrize(
    "query",
    [
        wq.Phrase("body", ["march", "public"]),
        wq.Prefix("body", "mar"),
        wq.FuzzyTerm("body", "marche"),
        wq.AndNot(wq.Term("body", "march"), wq.Term("body", "public")),
        wq.Or([wq.Term("body", "march"), wq.Term("body", "public")], scale=0.9),
    ],
)
def test_what_only_whoosh_answers_exactly_is_left_to_whoosh(index, query):
    _, searcher = index
    vectors = VectorSearcher(searcher)
    assert vectors.top(query, None, 10) is None
    assert vectors.count(query, None) is None


def test_after_a_write_old_segments_are_not_read_again_and_deletions_still_count(tmp_path):
    """Segment arrays are cached across searchers (a write reopens the searcher): the next
    search reads only the new segment, and a document deleted from a cached segment is gone."""
    from search.backends.whoosh import vectorized

    rng = random.Random(5)
    ix = whoosh_index.create_in(str(tmp_path), schema())
    writer = ix.writer()
    for key in range(200):
        writer.add_document(**document(rng, key))
    writer.commit(merge=False)
    query = wq.Or([wq.Term("body", "march"), wq.Term("title", "commun")])
    filtered = wq.Term("public", True)
    with ix.searcher() as searcher:
        first = VectorSearcher(searcher).top(query, filtered, None)
    with ix.searcher() as searcher:
        victim = searcher.stored_fields(first[0][0])["key"]

    writer = ix.writer()
    writer.delete_by_term("key", victim)
    writer.add_document(**{**document(rng, 999), "body": "marché " * 3, "public": True})
    writer.commit(merge=False)

    reads = []
    real = vectorized._read_postings
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            vectorized, "_read_postings", lambda r, f, t: reads.append(f) or real(r, f, t)
        )
        with ix.searcher() as searcher:
            assert len(searcher.leaf_searchers()) == 2
            found = VectorSearcher(searcher).top(query, filtered, None)
            expected = normalized(
                (hit.docnum, hit.score)
                for hit in searcher.search(query, filter=filtered, limit=None)
            )
            keys = {searcher.stored_fields(docnum)["key"] for docnum, _ in found}
    assert normalized(found) == expected
    assert victim not in keys and "999" in keys
    assert len(reads) <= 2  # the new segment's terms only, not the first segment's again


def test_segments_with_the_same_name_are_not_mistaken_for_each_other(tmp_path, monkeypatch):
    """Whoosh's segment ids come from the global ``random``, which a seeded caller can repeat:
    the cache must not hand one index's postings to another whose segment has the same name."""
    from whoosh.codec import base as codec_base

    monkeypatch.setattr(codec_base, "random_name", lambda size=28: "s" * size)
    token = next(iter(french_analyzer()("marché"))).text
    answers = []
    for name, bodies in (("a", ["marché"]), ("b", ["école", "marché"])):
        path = tmp_path / name
        path.mkdir()
        ix = whoosh_index.create_in(str(path), schema())
        writer = ix.writer()
        for number, body in enumerate(bodies):
            writer.add_document(key=f"{name}{number}", title=body, body=body)
        writer.commit()
        with ix.searcher() as searcher:
            found = VectorSearcher(searcher).top(wq.Term("body", token), None, 10)
            answers.append([searcher.stored_fields(docnum)["key"] for docnum, _ in found])
    assert answers == [["a0"], ["b1"]]


def test_a_long_in_filter_answers_from_the_column_as_the_or_of_ranges_does(index):
    """``owner IN (…)`` with many values (a permission filter's id subquery) is read from the
    field's column (search/backends/whoosh/number_in.py): same documents as Whoosh's ``Or``."""
    from search.backends.whoosh.number_in import NumberIn

    rng, searcher = index
    vectors = VectorSearcher(searcher)
    for field in ("owner", "owner", "rank"):  # "rank" has no column: Whoosh's own ranges
        owners = rng.sample(range(-5, 15), rng.randint(0, 12))  # some out of the data's range
        by_column = NumberIn(field, owners)
        by_ranges = wq.Or([wq.NumericRange(field, o, o) for o in owners]) if owners else None
        expected = sorted(by_ranges.docs(searcher)) if owners else []
        assert sorted(by_column.docs(searcher)) == expected
        assert sorted(searcher.search(by_column, limit=None).docs()) == expected
        query = wq.Or([wq.Term("body", "march"), wq.Term("body", "commun")])
        assert vectors.count(query, by_column) == len(
            searcher.search(query, filter=by_ranges or wq.NullQuery, limit=None)
        )


def test_a_long_in_filter_on_a_number_column_compiles_to_the_column_query():
    from django.db.models import Q
    from wagtail.models import Page

    from search.backends.whoosh.number_in import THRESHOLD, NumberIn
    from search.backends.whoosh.query import WhooshSearchQueryCompiler

    many = list(range(1, THRESHOLD + 10))
    compiler = WhooshSearchQueryCompiler(Page.objects.filter(Q(id__in=many)), "x")
    assert isinstance(compiler._get_filters_from_queryset().query, NumberIn)
    few = WhooshSearchQueryCompiler(Page.objects.filter(id__in=[1, 2]), "x")
    assert isinstance(few._get_filters_from_queryset().query, wq.Or)


SORTS = [
    [("serial", True)],  # what order_by_relevance=False asks: the newest key first
    [("serial", False)],
    [("owner", False)],  # ten values: ties, settled by the document number
    [("owner", True)],
    [("owner", True), ("serial", False)],
]


def whoosh_sorted(searcher, query, filtered, sort, limit):
    from whoosh import sorting

    facets = [sorting.FieldFacet(column, reverse=reverse) for column, reverse in sort]
    found = searcher.search(query, filter=filtered, sortedby=facets, limit=limit, scored=False)
    return [hit.docnum for hit in found]


def test_sorted_pages_equal_whooshs_own(index):
    """``order_by_relevance=False`` (a list filtered by words, ordered by date or key): the
    same documents in the same order as Whoosh's sorted search, ties included."""
    rng, searcher = index
    vectors = VectorSearcher(searcher)
    for _ in range(40):
        query, filtered = text_query(rng), filter_query(rng)
        for sort in SORTS:
            for limit in (1, 10, None):
                expected = whoosh_sorted(searcher, query, filtered, sort, limit)
                assert vectors.ordered(query, filtered, sort, limit) == expected, (
                    query,
                    filtered,
                    sort,
                    limit,
                )


def test_a_sort_on_a_column_it_cannot_read_is_left_to_whoosh(index):
    _, searcher = index
    vectors = VectorSearcher(searcher)
    query = wq.Term("body", "march")
    assert vectors.ordered(query, None, [("rank", True)], 10) is None  # no column
    assert vectors.ordered(query, None, [("kind", False)], 10) is None  # not a number
    assert vectors.ordered(query, None, [("missing", False)], 10) is None
    assert vectors.ordered(wq.Prefix("body", "mar"), None, [("serial", True)], 10) is None


def test_documents_without_a_value_sort_as_whoosh_sorts_them(tmp_path):
    rng = random.Random(9)
    ix = whoosh_index.create_in(str(tmp_path), schema())
    for start in (0, 60):
        writer = ix.writer()
        for key in range(start, start + 60):
            doc = document(rng, key)
            if key % 3 == 0:
                del doc["owner"]
            writer.add_document(**doc)
        writer.commit(merge=False)
    with ix.searcher() as searcher:
        vectors = VectorSearcher(searcher)
        query = wq.Or([wq.Term("body", "march"), wq.Term("title", "commun")])
        for sort in SORTS:
            expected = whoosh_sorted(searcher, query, None, sort, None)
            assert vectors.ordered(query, None, sort, None) == expected, sort
