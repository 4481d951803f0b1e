"""Routes of the tender room, included by ``api/urls.py``: one router, ids as ``dbid``.

Three downloads end in a file name (``dce.zip``, ``receipt.json``, ``receipt.pdf``), which a
router cannot write (it adds a slash): they are ``path()`` patterns, with the same converter.
"""

from django.urls import path

from ..routing import api_router
from . import (
    analysis,
    awards,
    backups,
    bids,
    candidatures,
    deadlines,
    documents,
    me,
    messaging,
    notices,
    opendata,
    opening,
    questions,
    reference,
    searches,
    views,
)

router = api_router()
router.register("tenders", views.TenderViewSet, basename="tender")
router.register(
    "tenders/<dbid:tender_pk>/documents", documents.DocumentViewSet, basename="tender-document"
)
router.register(
    "tenders/<dbid:tender_pk>/questions", questions.QuestionViewSet, basename="tender-question"
)
router.register("tenders/<dbid:tender_pk>/bids", bids.BidViewSet, basename="tender-bid")
router.register(
    "tenders/<dbid:tender_pk>/candidatures",
    candidatures.CandidatureViewSet,
    basename="tender-candidature",
)
router.register(
    "tenders/<dbid:tender_pk>/clarifications",
    messaging.ClarificationViewSet,
    basename="tender-clarification",
)
router.register("me/clarifications", messaging.MyClarificationViewSet, basename="my-clarification")
router.register("me/downloads", me.MyDownloadViewSet, basename="my-download")
router.register("me/notifications", me.NotificationViewSet, basename="notification")
router.register("me/bids", bids.MyBidViewSet, basename="my-bid")
router.register("me/saved-searches", searches.SavedSearchViewSet, basename="my-saved-search")
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
    path("tenders/receipt-key/", reference.ReceiptKeyView.as_view(), name="tender-receipt-key"),
    path(
        "tenders/exemption-grounds/",
        reference.ExemptionGroundsView.as_view(),
        name="tender-exemption-grounds",
    ),
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
    path(
        "tenders/<dbid:tender_pk>/register/",
        opening.OpeningViewSet.as_view({"get": "register"}),
        name="tender-register",
    ),
    path(
        "tenders/<dbid:tender_pk>/opening-pv.pdf",
        opening.OpeningViewSet.as_view({"get": "pv"}, **files),
        name="tender-opening-pv",
    ),
    path(
        "tenders/<dbid:tender_pk>/deadline-warnings/",
        deadlines.DeadlineViewSet.as_view({"get": "warnings"}),
        name="tender-deadline-warnings",
    ),
    path(
        "tenders/<dbid:tender_pk>/postpone/",
        deadlines.DeadlineViewSet.as_view({"post": "postpone"}),
        name="tender-postpone",
    ),
    path(
        "tenders/<dbid:tender_pk>/notices/",
        notices.NoticeViewSet.as_view({"get": "overview", "post": "create"}),
        name="tender-notices",
    ),
    path(
        "tenders/<dbid:tender_pk>/notices/<str:kind>.html",
        notices.NoticeViewSet.as_view({"get": "html"}, **files),
        name="tender-notice-html",
    ),
    path(
        "tenders/<dbid:tender_pk>/notices/<str:kind>.pdf",
        notices.NoticeViewSet.as_view({"get": "pdf"}, **files),
        name="tender-notice-pdf",
    ),
    path(
        "tenders/<dbid:tender_pk>/backups/",
        backups.BackupViewSet.as_view({"get": "list"}),
        name="tender-backups",
    ),
    path(
        "tenders/<dbid:tender_pk>/backups/<dbid:backup_id>/open/",
        backups.BackupViewSet.as_view({"post": "open"}),
        name="tender-backup-open",
    ),
    *router.urls,
]
