"""The demo's documents, in the library's Wagtail collection."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

Document = get_document_model()
COLLECTION_NAME = "Base documentaire"


def library_collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def library_document(collection: Collection, demo_file):
    existing = Document.objects.filter(title=demo_file.title, collection=collection).first()
    if existing is not None:
        return existing
    return Document.objects.create(
        title=demo_file.title,
        collection=collection,
        file=ContentFile(demo_file.content.encode("utf-8"), name=demo_file.filename),
    )
