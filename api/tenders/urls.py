"""Routes of the tender room, included by ``api/urls.py``."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from . import bids, documents, me, questions, views
from .base import ID

router = SimpleRouter(trailing_slash=True)
router.register("tenders", views.TenderViewSet, basename="tender")
router.register("me/downloads", me.MyDownloadViewSet, basename="my-download")
router.register("me/notifications", me.NotificationViewSet, basename="notification")
router.register("me/bids", bids.MyBidViewSet, basename="my-bid")

T = rf"^tenders/(?P<tender_pk>{ID})"
D = rf"{T}/documents/(?P<doc_id>{ID})"
files = {"content_negotiation_class": documents.FileNegotiation}
Documents = documents.DocumentViewSet

urlpatterns = [
    re_path(
        rf"{T}/documents/$",
        Documents.as_view({"get": "list", "post": "create"}),
        name="tender-document-list",
    ),
    re_path(rf"{D}/$", Documents.as_view({"delete": "destroy"}), name="tender-document-detail"),
    re_path(
        rf"{D}/versions/$",
        Documents.as_view({"get": "versions", "post": "revise"}),
        name="tender-document-versions",
    ),
    re_path(
        rf"{D}/download/$",
        Documents.as_view({"get": "download"}, **files),
        name="tender-document-download",
    ),
    re_path(
        rf"{T}/dce\.zip$", Documents.as_view({"get": "dce_zip"}, **files), name="tender-dce-zip"
    ),
    re_path(
        rf"{T}/questions/$",
        questions.QuestionViewSet.as_view({"get": "list", "post": "create"}),
        name="tender-question-list",
    ),
    re_path(
        rf"{T}/questions/(?P<question_id>{ID})/answer/$",
        questions.QuestionViewSet.as_view({"post": "answer"}),
        name="tender-question-answer",
    ),
    re_path(
        rf"{T}/bids/$",
        bids.BidViewSet.as_view({"get": "list", "post": "create"}),
        name="tender-bid-list",
    ),
    re_path(
        rf"{T}/bids/count/$", bids.BidViewSet.as_view({"get": "count"}), name="tender-bid-count"
    ),
    re_path(
        rf"{T}/bids/(?P<bid_id>{ID})/files/(?P<file_id>{ID})/download/$",
        bids.BidViewSet.as_view({"get": "download"}, **files),
        name="tender-bid-file-download",
    ),
    re_path(
        rf"^me/bids/(?P<pk>{ID})/receipt\.json$",
        bids.MyBidViewSet.as_view({"get": "receipt_json"}),
        name="my-bid-receipt-json",
    ),
    re_path(
        rf"^me/bids/(?P<pk>{ID})/receipt\.pdf$",
        bids.MyBidViewSet.as_view({"get": "receipt_pdf"}, **files),
        name="my-bid-receipt-pdf",
    ),
    *router.urls,
]
