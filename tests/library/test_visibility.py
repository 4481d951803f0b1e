"""Who reads which library page, sub-page and document: the rule's check and its query filter
agree for every role, and the selectors answer 404 for what a role may not read."""

import pytest
from django.contrib.auth.models import AnonymousUser

from collectivites.errors import NotFoundError
from collectivites.permissions import user_can, visible_to
from library.models import LibraryPage
from library.selectors import document_get, document_list, page_children, page_get, page_list

from .conftest import PAGES, ROLES, VISIBLE, Document

pytestmark = pytest.mark.django_db


def _user(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_check_and_filter_agree_on_pages(request, library, role):
    user = _user(request, role)
    pages = library["pages"]
    filtered = set(visible_to(user, "view", LibraryPage.objects.all()).values_list("pk", flat=True))
    for name in PAGES:
        page = LibraryPage.objects.get(pk=pages[name].pk)
        expected = name in VISIBLE[role]
        assert user_can(user, "view", page) is expected, (role, name)
        assert (page.pk in filtered) is expected, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_check_and_filter_agree_on_documents(request, library, role):
    user = _user(request, role)
    docs = library["documents"]
    filtered = set(visible_to(user, "view", Document.objects.all()).values_list("pk", flat=True))
    for name, doc in docs.items():
        # A document is read through a live page linking it: drafts and unlinked ones are
        # the animators' (who read everything).
        expected = name in VISIBLE[role] and (name != "draft" or role in ("animator", "superuser"))
        if name == "unlinked":
            expected = role in ("animator", "superuser")
        assert user_can(user, "view", doc) is expected, (role, name)
        assert (doc.pk in filtered) is expected, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_selectors_list_and_get(request, library, role):
    user = _user(request, role)
    pages = library["pages"]
    listed = {page.pk for page in page_list(actor=user)}
    readable = {pages[name].pk for name in VISIBLE[role] if name != "draft"}
    assert listed == readable
    for name in PAGES:
        if name in VISIBLE[role] and name != "draft":
            assert page_get(actor=user, page_id=pages[name].pk).pk == pages[name].pk
        else:
            with pytest.raises(NotFoundError):
                page_get(actor=user, page_id=pages[name].pk)


def test_children_follow_the_parent(request, library, agent, outsider):
    restricted = library["pages"]["restricted"]
    child = library["pages"]["restricted_child"]
    assert [p.pk for p in page_children(actor=agent, page=restricted)] == [child.pk]
    assert list(page_children(actor=outsider, page=restricted)) == []


def test_a_restriction_added_later_covers_existing_sub_pages(library, outsider):
    from wagtail.models import PageViewRestriction

    members = library["pages"]["members"]
    PageViewRestriction.objects.filter(page=members).delete()
    assert page_get(actor=AnonymousUser(), page_id=members.pk)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    with pytest.raises(NotFoundError):
        page_get(actor=AnonymousUser(), page_id=members.pk)
    assert page_get(actor=outsider, page_id=members.pk)


def test_documents_of_a_page_and_one_document(library, agent, outsider):
    restricted = library["pages"]["restricted"]
    doc = library["documents"]["restricted"]
    assert [d.pk for d in document_list(actor=agent, page_id=restricted.pk)] == [doc.pk]
    with pytest.raises(NotFoundError):
        document_list(actor=outsider, page_id=restricted.pk)
    assert document_get(actor=agent, document_id=doc.pk) == doc
    with pytest.raises(NotFoundError):
        document_get(actor=outsider, document_id=doc.pk)


def test_an_inactive_collectivite_is_not_the_network(library, outsider, brest):
    brest.is_active = False
    brest.save()
    outsider = type(outsider).objects.get(pk=outsider.pk)
    with pytest.raises(NotFoundError):
        page_get(actor=outsider, page_id=library["pages"]["members"].pk)
