"""Who may read library pages and the documents they link, and who may propose or publish.

Visibility is Wagtail's own view restrictions, read with the platform's meaning:

* no restriction: public (anonymous visitors and companies included);
* "login" (*Utilisateurs connectés* in Wagtail's privacy dialog): members of the network, that is
  people with a membership in an active collectivité — a company's account is logged in but is
  not a member;
* "groups": the members of the chosen collectivités (a collectivité's auth group is the group
  Wagtail lists);
* "password": not used by the platform; nobody but animators reads such a page.

A restriction covers its page and every page under it, and a document is readable by whoever
can read one live page linking it (Wagtail's reference index of live content). Animators read
everything. The filters are single SQL queries (an ``EXISTS`` over the restrictions of the
page's ancestors), never a loop over restrictions per page; the checks evaluate the same
rules on one object and tests assert they agree.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Length, Substr
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from collectivites.models import Membership
from collectivites.permissions import AnyUser, register_rule, remembered
from collectivites.permissions import is_animator as _is_animator

from .kinds import KIND_MODELS
from .models import LibraryIndexPage, LibraryPage

Document = get_document_model()
CONTRIBUTORS_GROUP_NAME = "Contributeurs de la base documentaire"


def is_animator(user: AnyUser) -> bool:
    """An active animator: a deactivated account passes no rule."""
    return user.is_authenticated and user.is_active and _is_animator(user)


def is_network_member(user: AnyUser) -> bool:
    """A person acting for at least one active collectivité (read once per user object)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return remembered(
        user,
        "library.member",
        lambda: Membership.objects.filter(user=user, collectivite__is_active=True).exists(),
    )


def _passes(user: AnyUser, restriction: PageViewRestriction) -> bool:
    kind = restriction.restriction_type
    if kind == PageViewRestriction.NONE:
        return True
    if kind == PageViewRestriction.LOGIN:
        return is_network_member(user)
    if kind == PageViewRestriction.GROUPS:
        return is_network_member(user) and restriction.groups.filter(user=user).exists()
    return False  # password


def _failing_restrictions(user: AnyUser) -> QuerySet[PageViewRestriction]:
    """The restrictions this user does not pass, as a query (the same rules as ``_passes``)."""
    restrictions = PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.NONE)
    if not is_network_member(user):
        return restrictions
    in_chosen_group = Exists(
        PageViewRestriction.groups.through.objects.filter(
            pageviewrestriction=OuterRef("pk"), group__user=user
        )
    )
    return restrictions.filter(
        Q(restriction_type=PageViewRestriction.PASSWORD)
        | (Q(restriction_type=PageViewRestriction.GROUPS) & ~in_chosen_group)
    )


def _restricted_above(user: AnyUser) -> Exists:
    """EXISTS: a restriction the user fails sits on this page or one of its ancestors.

    A Wagtail path is its ancestors' paths followed by 4 more characters per level, so "the
    restricted page is an ancestor-or-self" is "its path is a prefix of this page's path".
    """
    return Exists(
        _failing_restrictions(user)
        .annotate(_path_length=Length("page__path"))
        .filter(page__path=Substr(OuterRef("path"), 1, F("_path_length")))
    )


# --- Pages ------------------------------------------------------------------------------------


def _view_page(user: AnyUser, page: Page) -> bool:
    if is_animator(user):
        return True
    if not page.live:
        return False
    return all(_passes(user, r) for r in page.get_view_restrictions())


def _filter_view_pages(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if is_animator(user):
        return queryset
    return queryset.filter(live=True).exclude(_restricted_above(user))


def _filter_search_pages(user: AnyUser, queryset: QuerySet) -> QuerySet:
    """The "view" filter in terms a search backend can apply (``live`` and ``path`` are filter
    fields of every page): the paths of the restrictions the user fails are read first (one
    query; a handful of rows, one per restricted subtree), then every page under one of them is
    excluded by path prefix."""
    if is_animator(user):
        return queryset
    queryset = queryset.filter(live=True)
    failing = _failing_restrictions(user).values_list("page__path", flat=True).distinct()
    for path in failing:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def _is_contributor(user: AnyUser) -> bool:
    """A member whom animators put in the contributors' group (referents, by the network's
    practice): the same group that gives them Wagtail's add/edit rights on the library, so
    what the admin lets them write and what this rule lets them preview cannot differ."""
    return is_network_member(user) and user.groups.filter(name=CONTRIBUTORS_GROUP_NAME).exists()


def _propose(user: AnyUser, _page: Page | None) -> bool:
    return is_animator(user) or _is_contributor(user)


def _filter_propose(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if _propose(user, None) else queryset.none()


def _curate(user: AnyUser, _page: Page | None) -> bool:
    """Publish, review, see drafts and the "due for review" list: animators."""
    return is_animator(user)


def _filter_curate(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if is_animator(user) else queryset.none()


# The base and every kind: the rules are asked of a page as its kind (``page.specific``).
for _model in (LibraryPage, *KIND_MODELS.values()):
    register_rule(_model, "view", check=_view_page, filter=_filter_view_pages)
    register_rule(_model, "search", check=_view_page, filter=_filter_search_pages)
    register_rule(_model, "propose", check=_propose, filter=_filter_propose)
    register_rule(_model, "curate", check=_curate, filter=_filter_curate)


# --- Documents --------------------------------------------------------------------------------


def _view_document(user: AnyUser, document) -> bool:
    if is_animator(user):
        return True
    page_ids = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(Document),
        to_object_id=str(document.pk),
    ).values_list("object_id", flat=True)
    pages = LibraryPage.objects.filter(pk__in=[int(pk) for pk in page_ids], live=True)
    return any(_view_page(user, page) for page in pages)


def _filter_view_documents(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if is_animator(user):
        return queryset
    visible_pages = _filter_view_pages(user, LibraryPage.objects.all()).annotate(
        _pk_text=Cast("pk", CharField())
    )
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(Document),
        to_object_id=Cast(OuterRef("pk"), CharField()),
        object_id__in=visible_pages.values("_pk_text"),
    )
    return queryset.filter(Exists(references))


register_rule(Document, "view", check=_view_document, filter=_filter_view_documents)


def contributors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=CONTRIBUTORS_GROUP_NAME)
    return group


register_rule(LibraryIndexPage, "curate", check=_curate, filter=_filter_curate)
from . import rules_training  # noqa: E402, F401  (training progress rules, ADR 0018)
