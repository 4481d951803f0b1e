"""What the platform search finds: one ``Kind`` per indexed model, and how a hit is shown.

Each domain app says what it indexes (``search_fields``) and who may find it (its "search"
rule); this table says how a hit reads in the results — title, stored text for the excerpt, the
SPA's URL, its collectivité — and how "of this collectivité" is asked with filter fields only.
The URLs are the SPA's routes (frontend/src/App.tsx, frontend/src/pages/*/routes.tsx).
Bids are not here, and no bid model is indexed (tests/search asserts both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from acts.models import Act
from collectivites.models import Collectivite
from forums.models import ForumPage, Post, Topic
from library.models import LibraryPage
from spaces.models import Draft, SpaceMember
from tenders.models import GroupMember, Tender


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    model: type[Model]
    # Loads what a hit shows (one query for a page of hits).
    related: tuple[str, ...]
    title: Callable[[Any], str]
    text: Callable[[Any], str]
    url: Callable[[Any], str]
    when: Callable[[Any], date | datetime | None]
    collectivite: Callable[[Any], Collectivite | None]
    context: Callable[[Any], str]
    # "Belongs to collectivité N", with filter fields only; None: nothing of this kind does.
    of_collectivite: Callable[[QuerySet, int], QuerySet] | None
    # Narrows suggestions to one per title (a topic's posts all carry its title). What is
    # completed is the model's one ``AutocompleteField``.
    suggest_filter: dict[str, Any]
    # Where a hit leads someone who may read it only through ``public_rule`` (not "view"),
    # and that rule: hits are re-read through "view" or it (a published act, for everyone).
    public_url: Callable[[Any], str] | None = None
    public_rule: str | None = None

    def base(self) -> QuerySet:
        return self.model._default_manager.all()


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _forum_readers(collectivite_id: int) -> QuerySet:
    readers = ForumPage.reader_collectivites.through.objects.filter(collectivite_id=collectivite_id)
    forums = ForumPage.objects.filter(
        visibility="restricted", pk__in=readers.values("forumpage_id")
    )
    return Topic.objects.filter(forum__in=forums.values("pk")).values("pk")


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="library",
            label="Base documentaire",
            model=LibraryPage,
            related=(),
            title=lambda page: page.title,
            text=lambda page: f"{page.summary}\n{page.body_text()}",
            url=lambda page: f"/base-documentaire/{page.pk}",
            when=lambda page: page.last_published_at,
            collectivite=lambda page: None,
            context=lambda page: page.get_theme_display(),
            of_collectivite=None,  # the network's shared knowledge belongs to no member
            suggest_filter={},
        ),
        Kind(
            name="draft",
            label="Brouillons",
            model=Draft,
            related=("space",),
            title=lambda draft: draft.title,
            text=lambda draft: draft.markdown,
            url=lambda draft: f"/brouillons/{draft.pk}",
            when=lambda draft: draft.updated_at,
            collectivite=lambda draft: None,
            context=lambda draft: draft.space.title,
            of_collectivite=lambda qs, pk: qs.filter(
                space__in=SpaceMember.objects.filter(collectivite_id=pk).values("space_id")
            ),
            suggest_filter={},
        ),
        Kind(
            name="post",
            label="Forums",
            model=Post,
            related=("topic__forum",),
            title=lambda post: post.topic.title,
            text=lambda post: post.body,
            url=lambda post: f"/forums/sujets/{post.topic_id}#message-{post.pk}",
            when=lambda post: post.created_at,
            collectivite=lambda post: None,
            context=lambda post: post.topic.forum.title,
            of_collectivite=lambda qs, pk: qs.filter(topic__in=_forum_readers(pk)),
            suggest_filter={"is_first": True},
        ),
        Kind(
            name="tender",
            label="Consultations",
            model=Tender,
            related=("buyer",),
            title=lambda tender: tender.title,
            text=lambda tender: tender.object,
            url=lambda tender: f"/marches/{tender.pk}",
            when=lambda tender: tender.published_at or tender.created_at,
            collectivite=lambda tender: tender.buyer,
            context=lambda tender: tender.reference,
            of_collectivite=lambda qs, pk: qs.filter(
                Q(buyer_id=pk)
                | Q(id__in=GroupMember.objects.filter(collectivite_id=pk).values("tender_id"))
            ),
            suggest_filter={},
        ),
        Kind(
            name="act",
            label="Actes",
            model=Act,
            related=("collectivite",),
            title=lambda act: act.object,
            text=lambda act: act.object,
            url=lambda act: f"/actes/{act.pk}",
            when=lambda act: act.decision_date,
            collectivite=lambda act: act.collectivite,
            context=lambda act: act.number,
            of_collectivite=lambda qs, pk: qs.filter(collectivite_id=pk),
            suggest_filter={},
            # Published online: the collectivité's public page lists it (its "search" rule).
            public_url=lambda act: f"/collectivites/{act.collectivite_id}#actes-publies",
            public_rule="view_published",
        ),
    )
}

KIND_NAMES = tuple(KINDS)


def day_of(kind: Kind, obj: Any) -> date | None:
    return _day(kind.when(obj))
