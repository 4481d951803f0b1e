"""Routes of the tender room, included by ``api/urls.py``: one router, ids as ``dbid``.

Three downloads end in a file name (``dce.zip``, ``receipt.json``, ``receipt.pdf``), which a
router cannot write (it adds a slash): they are ``path()`` patterns, with the same converter.
"""

from django.urls import path

from ..routing import api_router
from . import analysis, awards, bids, documents, me, opendata, questions, views

router = api_router()
router.register("tenders", views.TenderViewSet, basename="tender")
router.register(
    "tenders/<dbid:tender_pk>/documents", documents.DocumentViewSet, basename="tender-document"
)
router.register(
    "tenders/<dbid:tender_pk>/questions", questions.QuestionViewSet, basename="tender-question"
)
router.register("tenders/<dbid:tender_pk>/bids", bids.BidViewSet, basename="tender-bid")
router.register("me/downloads", me.MyDownloadViewSet, basename="my-download")
router.register("me/notifications", me.NotificationViewSet, basename="notification")
router.register("me/bids", bids.MyBidViewSet, basename="my-bid")
# After the choice (ADR 0017): analysis grid, awards' steps, the companies' side.
router.register(
    "tenders/<dbid:tender_pk>/analysis", analysis.AnalysisViewSet, basename="tender-analysis"
)
router.register(
    "tenders/<dbid:tender_pk>/awards", awards.AwardStepsViewSet, basename="tender-award"
)
router.register("me/awards", awards.MyAwardViewSet, basename="my-award")
router.register(
    "me/rejection-letters", awards.MyRejectionLetterViewSet, basename="my-rejection-letter"
)

files = {"content_negotiation_class": documents.FileNegotiation}

urlpatterns = [
    path("tenders/ocds/", opendata.OcdsPackageView.as_view(), name="tender-ocds-package"),
    path("tenders/decp/", opendata.DecpView.as_view(), name="tender-decp"),
    path("tenders/<dbid:tender_pk>/ocds/", opendata.OcdsTenderView.as_view(), name="tender-ocds"),
    path(
        "tenders/<dbid:tender_pk>/dce.zip",
        documents.DocumentViewSet.as_view({"get": "dce_zip"}, **files),
        name="tender-dce-zip",
    ),
    path(
        "me/bids/<dbid:pk>/receipt.json",
        bids.MyBidViewSet.as_view({"get": "receipt_json"}),
        name="my-bid-receipt-json",
    ),
    path(
        "me/bids/<dbid:pk>/receipt.pdf",
        bids.MyBidViewSet.as_view({"get": "receipt_pdf"}, **files),
        name="my-bid-receipt-pdf",
    ),
    *router.urls,
]
