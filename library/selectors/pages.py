"""Library pages a user may read: lists, one page, its place in the tree, its rendering."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from collectivites.errors import ApplicationError, ErrorCode, NotFoundError
from collectivites.permissions import AnyUser, visible_to
from collectivites.search_ids import matching_ids

from ..kinds import KIND_MODELS
from ..models import LibraryIndexPage, LibraryPage
from ..rendering import RenderedBody, render_body, render_quiz
from ..themes import Theme


def _base() -> QuerySet[LibraryPage]:
    return (
        LibraryPage.objects.filter(live=True)
        .select_related("owner", "content_type")
        .prefetch_related("tags")
    )


# A ``q`` narrows the list to at most this many matches (see ``page_list``).
SEARCH_MATCHES_MAX = 1000


def _search_ids(*, actor: AnyUser, q: str) -> list[int]:
    findable = visible_to(actor, "search", LibraryPage.objects.all())
    # Ids only: page_list filters its own visible pages with them.
    return matching_ids(q, findable, limit=SEARCH_MATCHES_MAX)


def page_list(
    *,
    actor: AnyUser,
    kind: str | None = None,
    theme: str | None = None,
    tag: str | None = None,
    updated_since: datetime | None = None,
    q: str | None = None,
    parent_id: int | None = None,
) -> QuerySet[LibraryPage]:
    """Published pages the actor may read, newest change first; every filter is optional.

    ``q`` goes through the platform's search (title, summary, body; French stemming), among
    the pages the actor may find. Visibility is one SQL condition (``library.rules``), whatever
    the number of rows.
    """
    pages = visible_to(actor, "view", _base())
    if kind:
        if kind not in KIND_MODELS:
            raise ApplicationError("Type de page inconnu.", {"fields": {"kind": ["Type inconnu."]}})
        pages = pages.filter(content_type=ContentType.objects.get_for_model(KIND_MODELS[kind]))
    if theme:
        if theme not in Theme.values:
            raise ApplicationError("Thème inconnu.", {"fields": {"theme": ["Thème inconnu."]}})
        pages = pages.filter(theme=theme)
    if tag:
        pages = pages.filter(tags__slug=tag)
    if updated_since:
        pages = pages.filter(last_published_at__gte=updated_since)
    if q and q.strip():
        pages = pages.filter(pk__in=_search_ids(actor=actor, q=q))
    if parent_id is not None:
        parent = _parent_get(actor=actor, page_id=parent_id)
        pages = pages.child_of(parent)
    return pages.distinct().order_by("-last_published_at", "-pk")


def page_get(*, actor: AnyUser, page_id: int) -> LibraryPage:
    """One published page the actor may read, as its kind (404 otherwise)."""
    page = visible_to(actor, "view", _base()).filter(pk=page_id).first()
    if page is None:
        raise NotFoundError("Page introuvable.", code=ErrorCode.NOT_FOUND)
    return page.specific


def _parent_get(*, actor: AnyUser, page_id: int):
    """A parent for ``parent_id``: the library index, or a page the actor may read."""
    index = LibraryIndexPage.objects.filter(pk=page_id).first()
    return index if index is not None else page_get(actor=actor, page_id=page_id)


def page_children(*, actor: AnyUser, page: LibraryPage) -> QuerySet[LibraryPage]:
    """The sub-pages the actor may read, in the tree's order (lessons in their order)."""
    return visible_to(actor, "view", _base()).child_of(page).order_by("path")


def page_breadcrumbs(*, actor: AnyUser, page: LibraryPage) -> list[LibraryPage]:
    """The library pages above ``page``, from the top (the index is not one of them).

    Restrictions only narrow going down the tree, so whoever reads ``page`` reads every
    ancestor; they are still read through the permission layer, in one query.
    """
    return list(
        visible_to(actor, "view", LibraryPage.objects.filter(live=True))
        .ancestor_of(page)
        .order_by("depth")
        .only("pk", "title", "depth", "path")
    )


@dataclass
class PageReading:
    """What the reading view needs beyond the page row: the rendered body and the quiz."""

    body: RenderedBody
    quiz: list[dict]


def page_render(*, page: LibraryPage) -> PageReading:
    """Render a page the caller already obtained through ``page_get`` (or a preview)."""
    quiz = render_quiz(page.quiz) if hasattr(page, "quiz") else []
    return PageReading(body=render_body(page.body), quiz=quiz)
