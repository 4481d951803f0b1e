"""The platform search for one user: every kind they may open, ranked, counted per kind.

Who may find what is each app's "search" rule (``visible_to(actor, "search", …)``): a filter on
the model's filter fields that any backend translates, so the index itself never returns what
the user may not open. The hits are then re-read from the database through the "view" rule (or
a kind's public rule: acts published online) — a second guard should the index lag behind a
change of visibility — and the excerpt is made here from the stored text (``search.excerpts``),
the same on every backend.

Query count: per kind searched, one count, one search and one re-read (two for a kind with a
public rule; plus the permission layer's few constant lookups), whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from wagtail.search.backends import get_search_backend

from collectivites.errors import ApplicationError, ErrorCode
from collectivites.models import Collectivite
from collectivites.permissions import AnyUser, visible_to

from .excerpts import excerpt, query_terms
from .kinds import KIND_NAMES, KINDS, Kind, day_of

MAX_QUERY_CHARS = 200
MIN_PREFIX_CHARS = 2
# Pages of the "all" view merge the first offset+limit hits of each kind: keep that bounded.
MAX_OFFSET = 1000


@dataclass(frozen=True)
class SearchHit:
    type: str
    id: int
    title: str
    excerpt: str
    url: str
    collectivite: Collectivite | None
    context: str
    date: date | None
    score: float


@dataclass(frozen=True)
class SearchPage:
    count: int  # hits of the kinds asked for (one kind, or all)
    facets: dict[str, int]  # hits per kind, whatever kind was asked for
    results: list[SearchHit] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    type: str
    id: int
    title: str
    url: str


def clean_query(query: str | None) -> str:
    """The query as searched, or a refusal with a stable code (empty, too long)."""
    query = " ".join((query or "").split())
    if not query:
        raise ApplicationError(
            "Saisissez des mots à rechercher.",
            {"fields": {"q": ["Ce champ est obligatoire."]}},
            code=ErrorCode.QUERY_EMPTY,
        )
    if len(query) > MAX_QUERY_CHARS:
        raise ApplicationError(
            f"La recherche est limitée à {MAX_QUERY_CHARS} caractères.",
            {"fields": {"q": [f"{MAX_QUERY_CHARS} caractères au plus."]}},
            code=ErrorCode.QUERY_TOO_LONG,
        )
    return query


def _kinds(types: list[str] | None) -> list[Kind]:
    if not types:
        return list(KINDS.values())
    unknown = sorted(set(types) - set(KIND_NAMES))
    if unknown:
        raise ApplicationError(
            "Type de résultat inconnu.",
            {"fields": {"type": [f"Types possibles : {', '.join(KIND_NAMES)}."]}},
        )
    return [KINDS[name] for name in KIND_NAMES if name in types]


def _findable(actor: AnyUser, kind: Kind, collectivite: int | None) -> QuerySet | None:
    queryset = visible_to(actor, "search", kind.base())
    if collectivite is None:
        return queryset
    if kind.of_collectivite is None:
        return None
    return kind.of_collectivite(queryset, collectivite)


def _hits(actor: AnyUser, kind: Kind, results: list, terms: frozenset[str]) -> list[SearchHit]:
    """Re-read the hits through the "view" rule (one query), in the index's order.

    A kind with a public rule (acts published online) is re-read through "view" or that rule,
    one more query telling which hits the actor sees only publicly: those lead to the public
    page (``public_url``), not to one the actor could not open.
    """
    scores = {obj.pk: getattr(obj, "_score", None) or 0.0 for obj in results}
    if not scores:
        return []
    hits = kind.base().filter(pk__in=list(scores))
    rows = visible_to(actor, "view", hits)
    public_only: set[int] = set()
    if kind.public_rule:
        viewable = set(rows.values_list("pk", flat=True))
        rows = hits.filter(
            Q(pk__in=viewable) | Q(pk__in=visible_to(actor, kind.public_rule, hits).values("pk"))
        )
    if kind.related:
        rows = rows.select_related(*kind.related)
    by_pk = {obj.pk: obj for obj in rows}
    if kind.public_rule:
        public_only = set(by_pk) - viewable
    return [
        SearchHit(
            type=kind.name,
            id=obj.pk,
            title=kind.title(obj),
            excerpt=excerpt(kind.text(obj), terms),
            url=kind.public_url(obj) if pk in public_only and kind.public_url else kind.url(obj),
            collectivite=kind.collectivite(obj),
            context=kind.context(obj),
            date=day_of(kind, obj),
            score=float(scores[pk]),
        )
        for pk in scores
        if (obj := by_pk.get(pk)) is not None
    ]


def _best_first(hits: list[SearchHit]) -> list[SearchHit]:
    """Merge the kinds' hits by score, best first (stable: the kinds' order on ties).

    Backends disagree on the direction: Whoosh's BM25F and PostgreSQL's ``ts_rank`` grow with
    relevance, SQLite's FTS5 ``bm25()`` is negative and lower is better. A negative score is
    only ever SQLite's, so its sign tells the direction.
    """
    lower_is_better = any(hit.score < 0 for hit in hits)
    return sorted(hits, key=lambda hit: hit.score if lower_is_better else -hit.score)


def search_for_user(
    *,
    actor: AnyUser,
    query: str,
    types: list[str] | None = None,
    collectivite: int | None = None,
    offset: int = 0,
    limit: int = 20,
) -> SearchPage:
    """One page of what ``actor`` may open among the kinds asked for, best first.

    ``facets`` counts every kind (so the tabs show their numbers) whatever ``types`` says;
    ``count`` is the total of the kinds asked for. Several kinds are merged by score.
    """
    query = clean_query(query)
    offset = max(0, min(offset, MAX_OFFSET))
    asked = {kind.name for kind in _kinds(types)}
    backend = get_search_backend()
    terms = query_terms(query)
    facets: dict[str, int] = {}
    hits: list[SearchHit] = []
    for kind in KINDS.values():
        findable = _findable(actor, kind, collectivite)
        if findable is None:
            facets[kind.name] = 0
            continue
        results = backend.search(query, findable, operator="and").annotate_score("_score")
        facets[kind.name] = results.count()
        if kind.name not in asked or not facets[kind.name]:
            continue
        if len(asked) == 1:
            hits = _hits(actor, kind, list(results[offset : offset + limit]), terms)
        else:
            hits += _hits(actor, kind, list(results[: offset + limit]), terms)
    if len(asked) > 1:
        hits = _best_first(hits)[offset : offset + limit]
    count = sum(facets[name] for name in asked)
    return SearchPage(count=count, facets=facets, results=hits)


def search_suggestions(*, actor: AnyUser, prefix: str, limit: int = 8) -> list[Suggestion]:
    """Titles starting with the words typed, among what ``actor`` may open, for the search box.

    A prefix shorter than two characters suggests nothing (every title would match).
    """
    prefix = clean_query(prefix)
    if len(prefix) < MIN_PREFIX_CHARS:
        return []
    backend = get_search_backend()
    found: list[Suggestion] = []
    seen: set[str] = set()
    for kind in KINDS.values():
        findable = visible_to(actor, "search", kind.base()).filter(**kind.suggest_filter)
        results = backend.autocomplete(prefix, findable)
        for hit in _hits(actor, kind, list(results[:limit]), frozenset()):
            if hit.title.casefold() in seen:
                continue
            seen.add(hit.title.casefold())
            found.append(Suggestion(type=kind.name, id=hit.id, title=hit.title, url=hit.url))
    return found[:limit]
