"""Routes of the library: one router, ids as ``dbid`` (see ``api.routing``)."""

from django.urls import path

from ..routing import api_router
from . import documents, pages

router = api_router()
router.register("library/pages", pages.LibraryPageViewSet, basename="library-page")
router.register("library/documents", documents.LibraryDocumentViewSet, basename="library-document")
router.register("library/review-due", pages.ReviewDueViewSet, basename="library-review-due")

urlpatterns = [
    path("library/preview/", pages.PreviewView.as_view(), name="library-preview"),
    *router.urls,
]
