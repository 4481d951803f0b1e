"""Reads of the tender room, already filtered by the permission layer.

Reading tenders first closes those whose deadline passed (``tender_close_due``): the status a
reader sees never lags behind the clock, even if the cron command has not run.
"""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from collectivites.models import AuditEvent, Membership, User
from collectivites.permissions import AnyUser, is_animator, user_can, visible_to

from .models import (
    Bid,
    BidFile,
    DocumentVersion,
    Download,
    GroupMember,
    Notification,
    Question,
    SignatureStatus,
    Tender,
    TenderDocument,
)
from .services import bid_require_readable, tender_close_due

# What anybody may read in a tender's timeline; the buyer's side also sees drafts' edits and
# who asked questions.
PUBLIC_EVENTS = (
    "tender.published",
    "tender.updated",
    "tender.dce_added",
    "tender.dce_revised",
    "tender.answer_published",
    "tender.closed",
    "tender.opened",
    "tender.awarded",
    "tender.unsuccessful",
    "tender.cancelled",
)


def tender_list(*, user: AnyUser, mine: bool = False) -> QuerySet[Tender]:
    tender_close_due()
    tenders = visible_to(user, "view", Tender.objects.select_related("buyer"))
    if mine:
        tenders = tenders.filter(involving_q(user))
    return tenders


def involving_q(user: AnyUser) -> Q:
    """Tenders of the user's collectivités: as buyer (coordinator) or as group member."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    mine = Membership.objects.filter(user=user).values("collectivite_id")
    group = GroupMember.objects.filter(collectivite_id__in=mine).values("tender_id")
    return Q(buyer_id__in=mine) | Q(pk__in=group)


def involving_collectivite_q(collectivite_id: int) -> Q:
    group = GroupMember.objects.filter(collectivite_id=collectivite_id).values("tender_id")
    return Q(buyer_id=collectivite_id) | Q(pk__in=group)


def tender_detail_queryset(*, user: AnyUser) -> QuerySet[Tender]:
    return tender_list(user=user).prefetch_related(
        "lots",
        Prefetch(
            "memberships",
            queryset=GroupMember.objects.select_related("collectivite").prefetch_related(
                "needs__lot"
            ),
        ),
        Prefetch(
            "documents",
            queryset=TenderDocument.objects.select_related("current_version").order_by("id"),
        ),
    )


def tender_timeline(*, user: AnyUser, tender: Tender) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(
        object_type=Tender._meta.label_lower, object_id=str(tender.pk)
    ).order_by("at", "id")
    if is_animator(user) or user_can(user, "manage", tender):
        return events
    return events.filter(action__in=PUBLIC_EVENTS)


def document_list(*, tender: Tender) -> QuerySet[TenderDocument]:
    return tender.documents.select_related("current_version").order_by("id")


def document_versions(*, document: TenderDocument) -> QuerySet[DocumentVersion]:
    return document.versions.order_by("number")


def current_versions(*, tender: Tender) -> QuerySet[DocumentVersion]:
    current = tender.documents.filter(current_version__isnull=False).values("current_version_id")
    return (
        DocumentVersion.objects.filter(pk__in=current)
        .select_related("document")
        .order_by("document_id")
    )


def question_list(*, user: AnyUser, tender: Tender) -> QuerySet[Question]:
    """The buyer's side sees every question with its asker; others see answered ones (and their
    company's own), never who asked."""
    questions = Question.objects.filter(tender=tender).select_related("answer")
    if is_animator(user) or user_can(user, "manage", tender):
        return questions.select_related("company", "asked_by")
    public = Q(answer__isnull=False)
    if user.is_authenticated and user.company_id:
        public |= Q(company_id=user.company_id)
    return questions.filter(public)


def download_register(*, tender: Tender) -> QuerySet[Download]:
    return tender.downloads.select_related("user", "company", "version__document").order_by(
        "-at", "-id"
    )


def download_list_for_user(*, user: User) -> QuerySet[Download]:
    return (
        Download.objects.filter(user=user)
        .select_related("tender__buyer", "version__document")
        .order_by("-at", "-id")
    )


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


# --- Bids (plis) ------------------------------------------------------------------------------


def bid_count(*, tender: Tender) -> dict[str, int]:
    """What may be known of a tender's bids while they are sealed: how many, never who."""
    figures = Bid.objects.filter(tender=tender).aggregate(
        submissions=Count("id"),
        bids=Count("id", filter=Q(is_current=True)),
        companies=Count("company", distinct=True),
    )
    return {name: figures[name] or 0 for name in ("bids", "companies", "submissions")}


def bid_list(*, user: User, tender: Tender) -> QuerySet[Bid]:
    """A tender's bids with their files, for its buyers once opened (the seal is checked)."""
    bid_require_readable(user=user, tender=tender)
    return (
        Bid.objects.filter(tender=tender)
        .select_related("company", "lot", "submitted_by")
        .prefetch_related(Prefetch("files", queryset=BidFile.objects.order_by("id")))
        .order_by("submitted_at", "id")
    )


def bid_list_for_company(*, user: User) -> QuerySet[Bid]:
    """The bids of the user's company (any of its users), with their receipts."""
    if not user.is_authenticated or not user.company_id:
        return Bid.objects.none()
    return (
        Bid.objects.filter(company_id=user.company_id)
        .select_related("tender__buyer", "lot", "company")
        .prefetch_related(Prefetch("files", queryset=BidFile.objects.order_by("id")))
        .order_by("-submitted_at", "-id")
    )


def bid_figures(*, year: int) -> dict:
    """Electronic bids received in ``year`` (Paris time) and how many came without any signed
    file ("sans certificat"), in total and per month. A replaced submission is not a bid: only
    the one that counts (``is_current``) is."""
    tz = timezone.get_default_timezone()
    bids = Bid.objects.filter(
        is_current=True,
        submitted_at__gte=datetime(year, 1, 1, tzinfo=tz),
        submitted_at__lt=datetime(year + 1, 1, 1, tzinfo=tz),
    ).annotate(
        signed_files=Count("files", filter=~Q(files__signature_status=SignatureStatus.UNSIGNED)),
        month=TruncMonth("submitted_at", tzinfo=tz),
    )
    monthly = {
        month: {"electronic_bids": 0, "bids_without_certificate": 0} for month in range(1, 13)
    }
    for row in bids.values("month", "signed_files"):
        figures = monthly[row["month"].month]
        figures["electronic_bids"] += 1
        figures["bids_without_certificate"] += row["signed_files"] == 0
    return {
        "electronic_bids": sum(m["electronic_bids"] for m in monthly.values()),
        "bids_without_certificate": sum(m["bids_without_certificate"] for m in monthly.values()),
        "monthly": [{"month": month, **figures} for month, figures in monthly.items()],
    }
