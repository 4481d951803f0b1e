"""A library with a public page, a members-only page, a page restricted to Rennes (with a
sub-page), an unpublished draft, and documents linked from each; people in every role.

``VISIBLE`` says which of these each role reads; the visibility tests walk it.
"""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from library.models import FactSheetPage, GuidePage
from library.setup import library_setup
from library.themes import Theme

Document = get_document_model()

ROLES = ["anonymous", "company_user", "outsider", "agent", "referent", "animator", "superuser"]
PAGES = ["public", "members", "restricted", "restricted_child", "draft"]
VISIBLE = {
    "anonymous": {"public"},
    "company_user": {"public"},
    "outsider": {"public", "members"},  # a member of Brest: the network, not Rennes
    "agent": {"public", "members", "restricted", "restricted_child"},
    "referent": {"public", "members", "restricted", "restricted_child"},
    "animator": set(PAGES),
    "superuser": set(PAGES),
}


@pytest.fixture
def index(platform):
    return library_setup()


def document(title: str):
    return Document.objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 demo", name=f"{title}.pdf")
    )


def add_page(parent, title, *, model=GuidePage, publish=True, **fields):
    fields.setdefault("theme", Theme.COMMANDE_PUBLIQUE)
    page = parent.add_child(instance=model(title=title, live=publish, **fields))
    if publish:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page


def doc_block(doc):
    return {"type": "document", "value": {"document": doc.pk, "label": doc.title}}


@pytest.fixture
def library(index, rennes):
    docs = {name: document(f"doc-{name}") for name in PAGES}
    pages = {}
    pages["public"] = add_page(
        index, "Guide des MAPA", body=[doc_block(docs["public"])], summary="Procédure adaptée"
    )
    pages["members"] = add_page(
        index, "Fiche réseau", model=FactSheetPage, body=[doc_block(docs["members"])]
    )
    PageViewRestriction.objects.create(
        page=pages["members"], restriction_type=PageViewRestriction.LOGIN
    )
    pages["restricted"] = add_page(
        index, "Groupement voirie", body=[doc_block(docs["restricted"])], theme=Theme.FINANCES
    )
    restriction = PageViewRestriction.objects.create(
        page=pages["restricted"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([rennes.group])
    pages["restricted_child"] = add_page(
        pages["restricted"],
        "Lot enrobés",
        model=FactSheetPage,
        body=[doc_block(docs["restricted_child"])],
    )
    pages["draft"] = add_page(index, "Brouillon", publish=False, body=[doc_block(docs["draft"])])
    docs["unlinked"] = document("doc-unlinked")
    return {"pages": pages, "documents": docs}


@pytest.fixture
def as_role(request, client_for):
    from rest_framework.test import APIClient

    def make(role):
        if role == "anonymous":
            return APIClient(), None
        user = request.getfixturevalue(role)
        return client_for(user), user

    return make
