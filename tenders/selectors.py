"""Reads of the tender room, already filtered by the permission layer.

Reading tenders first closes those whose deadline passed (``tender_close_due``): the status a
reader sees never lags behind the clock, even if the cron command has not run.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from collectivites.models import AuditEvent, Membership, User
from collectivites.permissions import AnyUser, is_animator, user_can, visible_to
from spaces.models import Draft

from .models import (
    Award,
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
from .rules import can_see_askers
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
            queryset=TenderDocument.objects.select_related(
                "current_version__source_draft_version"
            ).order_by("id"),
        ),
        Prefetch(
            "awards", queryset=Award.objects.select_related("lot").prefetch_related("companies")
        ),
    )


def tender_timeline(*, user: AnyUser, tender: Tender) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(
        object_type=Tender._meta.label_lower, object_id=str(tender.pk)
    ).order_by("at", "id")
    if is_animator(user) or user_can(user, "manage", tender):
        return events
    # What the buyer did while the tender was a draft (pieces added then removed, say) stays
    # on the buyer's side: the public history starts with the publication.
    return events.filter(action__in=PUBLIC_EVENTS).filter(
        Q(action="tender.published")
        | Q(at__gte=tender.published_at if tender.published_at else timezone.now())
    )


def document_list(*, tender: Tender) -> QuerySet[TenderDocument]:
    return tender.documents.select_related("current_version__source_draft_version").order_by("id")


def document_versions(*, document: TenderDocument) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("source_draft_version").order_by("number")


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
    if can_see_askers(user, tender):
        return questions.select_related("company", "asked_by")
    if is_animator(user) or user_can(user, "manage", tender):
        return questions  # every question, without its asker (see rules.can_see_askers)
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
    """Electronic bids received in ``year`` (Europe/Paris), for the network statistics.

    Only current bids count: a submission replaced before the deadline is the same answer. A bid
    is "with certificate" when any of its files carries an electronic signature, whatever the
    check found (valid, invalid, or a certificate the platform does not recognise): the company
    used a certificate. Returns ``electronic_bids``, ``without_certificate`` and ``months``
    (``"YYYY-MM"`` -> bids), in one aggregate query.
    """
    signed = BidFile.objects.filter(bid=OuterRef("pk")).exclude(
        signature_status=SignatureStatus.UNSIGNED
    )
    rows = list(
        Bid.objects.filter(is_current=True, submitted_at__year=year)
        .annotate(signed=Exists(signed), month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"), unsigned=Count("pk", filter=Q(signed=False)))
        .order_by("month")
    )
    months = {f"{row['month']:%Y-%m}": row["n"] for row in rows}
    return {
        "electronic_bids": sum(months.values()),
        "without_certificate": sum(row["unsigned"] for row in rows),
        "months": months,
    }


# --- Drafts that prepare a consultation (the link is the tender room's: ``TenderDraft``) -----


def draft_tender(*, actor: AnyUser, draft: Draft) -> Tender | None:
    """The consultation this draft prepares, if there is one and the actor may see it."""
    return visible_to(actor, "view", Tender.objects.filter(draft_links__draft=draft)).first()


def tender_drafts(*, actor: AnyUser, tender: Tender) -> QuerySet[Draft]:
    """The drafts that prepare this consultation, among those the actor may read."""
    drafts = Draft.objects.filter(tender_link__tender=tender).select_related("space")
    return visible_to(actor, "view", drafts).order_by("title", "pk")
