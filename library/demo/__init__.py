"""The library step of ``seed_demo``: a base documentaire written for this network.

A MAPA guide, the 2026–2027 thresholds, fiches on transmitting acts to the prefecture and on
electronic bids and signatures, an FAQ, and one page restricted to the collectivités of the
road-works purchasing group. Pages are published as the demo animator (as if approved), owned
by her, with documents in the library's collection. A page that exists (by slug) is left alone,
so a second run changes nothing. The model clauses and the training module come from
``extra.seed_extra``.
"""

from collections import Counter
from collections.abc import Callable, Iterable

from collectivites.models import Collectivite, User

from ..models import LibraryIndexPage, LibraryPage
from ..rules import contributors_group
from ..setup import library_setup
from .content import PAGES, DemoFile, DemoPage
from .extra import EXTRA_SLUGS, seed_extra
from .files import library_collection, library_document

Progress = Callable[..., Iterable]


def seed(*, progress: Progress) -> dict[str, int]:
    """A second run reads a handful of rows and writes nothing (``seed_demo`` counts them)."""
    created: Counter[str] = Counter()
    wanted = {demo.slug for demo in PAGES} | set(EXTRA_SLUGS)
    if set(LibraryPage.objects.filter(slug__in=wanted).values_list("slug", flat=True)) == wanted:
        return {}  # everything is there: one query
    animator = User.objects.filter(username="animatrice").first()
    if animator is None:
        return {}  # the network step did not run
    index = LibraryIndexPage.objects.first()
    if index is None:
        index = _first_run(animator)
    existing = set(index.get_children().values_list("slug", flat=True))
    missing = [demo for demo in PAGES if demo.slug not in existing]
    if missing:
        collection = library_collection()
        for demo in progress(missing, desc="Base documentaire"):
            if _add(index, demo, animator, collection):
                created["pages"] += 1
    seed_extra(index=index, animator=animator, created=created)
    return dict(created)


def _first_run(animator: User) -> LibraryIndexPage:
    """The library's index, group and workflow (``library_setup``), an introduction, and
    Rennes' referent among the contributors (who propose pages that animators publish)."""
    index = library_setup()
    index.introduction = (
        "Guides, fiches pratiques, clauses types et formations rédigés par les animateurs "
        "du réseau pour les agents des collectivités adhérentes."
    )
    index.save_revision(user=animator).publish()
    referent = User.objects.filter(username="referent.rennes").first()
    if referent is not None:
        referent.groups.add(contributors_group())
    return index


def _add(parent, demo: DemoPage, animator: User, collection) -> bool:
    from wagtail.models import PageViewRestriction

    existing = parent.get_children().filter(slug=demo.slug).first()
    if existing is None:
        body = [
            {
                "type": "document",
                "value": {"document": library_document(collection, block).pk, "label": ""},
            }
            if isinstance(block, DemoFile)
            else block
            for block in demo.body
        ]
        page = parent.add_child(
            instance=demo.model(
                title=demo.title,
                slug=demo.slug,
                summary=demo.summary,
                theme=demo.theme,
                body=body,
                owner=animator,
                live=False,
            )
        )
        page.tags.add(*demo.tags)
        page.save_revision(user=animator).publish(user=animator)
        if demo.restricted_to:
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            groups = Collectivite.objects.filter(name__in=demo.restricted_to)
            restriction.groups.set([c.group for c in groups])
        created = True
    else:
        page, created = existing.specific, False
    for child in demo.children:
        _add(page, child, animator, collection)
    return created
