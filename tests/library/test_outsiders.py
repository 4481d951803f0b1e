"""Someone with no membership and no role (and a company's account) asks every library
selector for what is not public: each refuses, with the 404 or 403 the API gives."""

import pytest

from collectivites.errors import NotFoundError, PermissionDeniedError
from library.selectors import (
    document_get,
    document_list,
    page_children,
    page_get,
    page_list,
    page_preview_get,
    review_due_list,
)

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["nobody", "company_user"])
def stranger(request, db):
    if request.param == "nobody":
        return UserFactory(username="personne")
    return request.getfixturevalue("company_user")


def test_every_selector_refuses_a_stranger(library, stranger):
    pages, docs = library["pages"], library["documents"]
    assert {p.pk for p in page_list(actor=stranger)} == {pages["public"].pk}
    for name in ("members", "restricted", "restricted_child", "draft"):
        with pytest.raises(NotFoundError):
            page_get(actor=stranger, page_id=pages[name].pk)
        with pytest.raises(NotFoundError):
            document_list(actor=stranger, page_id=pages[name].pk)
    for name in ("members", "restricted", "restricted_child", "draft", "unlinked"):
        with pytest.raises(NotFoundError):
            document_get(actor=stranger, document_id=docs[name].pk)
    public = page_get(actor=stranger, page_id=pages["public"].pk)
    assert list(page_children(actor=stranger, page=public)) == []
    with pytest.raises(PermissionDeniedError):
        review_due_list(actor=stranger)
    token = pages["restricted"].create_page_preview().token
    with pytest.raises(NotFoundError):
        page_preview_get(actor=stranger, token=token)


def test_an_inactive_animator_is_a_stranger(library, animator):
    animator.is_active = False
    animator.save()
    with pytest.raises(NotFoundError):
        page_get(actor=animator, page_id=library["pages"]["restricted"].pk)
