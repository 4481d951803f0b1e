"""Documents of the library a user may read: those linked by a live page they may read."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from collectivites.errors import NotFoundError
from collectivites.permissions import AnyUser, visible_to

from .pages import page_get

Document = get_document_model()


def document_list(*, actor: AnyUser, page_id: int | None = None) -> QuerySet:
    """Readable documents, by title; with ``page_id``, those that page links (404 if unread)."""
    documents = visible_to(actor, "view", Document.objects.select_related("collection"))
    if page_id is not None:
        page = page_get(actor=actor, page_id=page_id)
        linked = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
            to_content_type=ContentType.objects.get_for_model(Document),
        ).values_list("to_object_id", flat=True)
        documents = documents.filter(pk__in=[int(pk) for pk in linked])
    return documents.order_by("title", "pk")


def document_get(*, actor: AnyUser, document_id: int):
    """One document the actor may download (404 otherwise, whether it exists or not)."""
    document = visible_to(actor, "view", Document.objects.filter(pk=document_id)).first()
    if document is None:
        raise NotFoundError("Document introuvable.")
    return document
