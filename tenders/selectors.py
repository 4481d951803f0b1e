"""Reads of the tender room, already filtered by the permission layer.

Every read for a user takes ``actor`` and asks ``tenders.rules`` itself: a tender the actor may
not see is a 404 (``NotFoundError``), a part of it they may not read a 403 or 404 likewise. What
the API shows or hides for the UI (askers, actors, the buyer's tools) comes from ``tender_viewer``.

Reading tenders first closes those whose deadline passed (``tender_close_due``): the status a
reader sees never lags behind the clock, even if the cron command has not run.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from collectivites.errors import NotFoundError
from collectivites.models import AuditEvent, Membership
from collectivites.permissions import AnyUser, require, user_can, visible_to
from collectivites.search_ids import matching_ids
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
from .services import bid_require_readable, tender_close_due
from .services._common import MANAGERS_ONLY, REFUSALS, require_on

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


def tender_list(*, actor: AnyUser, mine: bool = False) -> QuerySet[Tender]:
    tender_close_due()
    tenders = visible_to(actor, "view", Tender.objects.select_related("buyer"))
    if mine:
        tenders = tenders.filter(involving_q(actor))
    return tenders


# A ``q`` narrows the list to at most this many matches (the best ones are not the point of a
# list sorted by date; a query matching more is too vague to read through anyway).
SEARCH_MATCHES_MAX = 1000


def tender_search_ids(*, actor: AnyUser, q: str) -> list[int]:
    """Tenders matching ``q`` through the platform's search (French stemming, accents folded:
    ``marche public`` finds "marchés publics"), among those the actor may find."""
    findable = visible_to(actor, "search", Tender.objects.all())
    # Ids only: the list filters its own visible tenders with them (tender_list).
    return matching_ids(q, findable, limit=SEARCH_MATCHES_MAX)


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


def tender_get(*, actor: AnyUser, pk: int, to: str = "view") -> Tender:
    """A tender the actor may see (a 404 otherwise, whether it exists or not), read ``to`` do
    something with it: with ``to="manage"`` a visible tender the actor may not manage is a 403,
    before the request's payload is even read."""
    tender = tender_list(actor=actor).filter(pk=pk).first()
    if tender is None:
        raise NotFoundError("Consultation introuvable.")
    if to != "view":
        require_on(actor, to, tender, REFUSALS.get(to, MANAGERS_ONLY))
    return tender


def tender_detail(*, actor: AnyUser, pk: int) -> Tender:
    """A tender with everything its page shows (lots, group, DCE, awards) in a fixed number of
    queries; a 404 if the actor may not see it."""
    tender = tender_detail_queryset(actor=actor).filter(pk=pk).first()
    if tender is None:
        raise NotFoundError("Consultation introuvable.")
    return tender


class TenderViewer:
    """What the actor's side of a tender is: the UI shows the buyer's tools, the actors of the
    timeline and who asked questions accordingly (the API leaves them out otherwise). Each
    answer is asked of the rules when first read."""

    def __init__(self, actor: AnyUser, tender: Tender) -> None:
        self.actor, self.tender = actor, tender

    @cached_property
    def can_manage(self) -> bool:
        return user_can(self.actor, "manage", self.tender)

    @cached_property
    def see_actors(self) -> bool:
        return user_can(self.actor, "see_actors", self.tender)

    @cached_property
    def see_askers(self) -> bool:
        return user_can(self.actor, "see_askers", self.tender)


def tender_viewer(*, actor: AnyUser, tender: Tender) -> TenderViewer:
    """How the actor stands towards a tender they may see (a 404 otherwise)."""
    require(actor, "view", tender)
    return TenderViewer(actor, tender)


def tender_detail_queryset(*, actor: AnyUser) -> QuerySet[Tender]:
    return tender_list(actor=actor).prefetch_related(
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


def tender_timeline(*, actor: AnyUser, tender: Tender) -> QuerySet[AuditEvent]:
    require(actor, "view", tender)
    events = AuditEvent.objects.filter(
        object_type=Tender._meta.label_lower, object_id=str(tender.pk)
    ).order_by("at", "id")
    if user_can(actor, "see_actors", tender):
        return events
    # What the buyer did while the tender was a draft (pieces added then removed, say) stays
    # on the buyer's side: the public history starts with the publication.
    return events.filter(action__in=PUBLIC_EVENTS).filter(
        Q(action="tender.published")
        | Q(at__gte=tender.published_at if tender.published_at else timezone.now())
    )


def document_list(*, actor: AnyUser, tender: Tender) -> QuerySet[TenderDocument]:
    require(actor, "view", tender)
    return tender.documents.select_related("current_version__source_draft_version").order_by("id")


def document_get(*, actor: AnyUser, tender: Tender, pk: int) -> TenderDocument:
    require(actor, "view", tender)
    document = (
        TenderDocument.objects.select_related("current_version")
        .filter(tender=tender, pk=pk)
        .first()
    )
    if document is None:
        raise NotFoundError("Pièce introuvable.")
    return document


def document_versions(*, actor: AnyUser, tender: Tender, pk: int) -> QuerySet[DocumentVersion]:
    document = document_get(actor=actor, tender=tender, pk=pk)
    return document.versions.select_related("source_draft_version").order_by("number")


def question_list(*, actor: AnyUser, tender: Tender) -> QuerySet[Question]:
    """The buyer's side sees every question with its asker; animators every question without
    it; others see answered ones (and their company's own), never who asked."""
    require(actor, "view", tender)
    questions = Question.objects.filter(tender=tender).select_related("answer")
    if user_can(actor, "see_askers", tender):
        return questions.select_related("company", "asked_by")
    if user_can(actor, "see_actors", tender) or user_can(actor, "manage", tender):
        return questions  # every question, without its asker (see the rule see_askers)
    public = Q(answer__isnull=False)
    if actor.is_authenticated and actor.company_id:
        public |= Q(company_id=actor.company_id)
    return questions.filter(public)


def question_get(*, actor: AnyUser, tender: Tender, pk: int) -> Question:
    """A question of the tender as its buyer sees it (to answer it)."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    question = (
        Question.objects.select_related("asked_by", "company", "tender__buyer")
        .filter(tender=tender, pk=pk)
        .first()
    )
    if question is None:
        raise NotFoundError("Question introuvable.")
    return question


def download_register(*, actor: AnyUser, tender: Tender) -> QuerySet[Download]:
    """The registre des retraits: who took the DCE, for the buyer's side."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    return tender.downloads.select_related("user", "company", "version__document").order_by(
        "-at", "-id"
    )


def download_list_for_user(*, actor: AnyUser) -> QuerySet[Download]:
    if not actor.is_authenticated:
        return Download.objects.none()
    return (
        Download.objects.filter(user=actor)
        .select_related("tender__buyer", "version__document")
        .order_by("-at", "-id")
    )


def notification_list(*, actor: AnyUser) -> QuerySet[Notification]:
    if not actor.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=actor).order_by("-created_at", "-id")


# --- Bids (plis) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BidCount:
    bids: int
    companies: int
    submissions: int
    sealed: bool
    response_deadline: datetime | None


def bid_count(*, actor: AnyUser, tender: Tender) -> BidCount:
    """What may be known of a tender's bids while they are sealed: how many, never who."""
    require_on(actor, "count_bids", tender, REFUSALS["count_bids"])
    figures = Bid.objects.filter(tender=tender).aggregate(
        submissions=Count("id"),
        bids=Count("id", filter=Q(is_current=True)),
        companies=Count("company", distinct=True),
    )
    deadline = tender.response_deadline
    return BidCount(
        **{name: figures[name] or 0 for name in ("bids", "companies", "submissions")},
        sealed=deadline is None or timezone.now() < deadline,
        response_deadline=deadline,
    )


def bid_list(*, actor: AnyUser, tender: Tender) -> QuerySet[Bid]:
    """A tender's bids with their files, for its buyers once opened (the seal is checked)."""
    bid_require_readable(actor=actor, tender=tender)
    # R.2151-6: the last bid of each company; a replaced one once opened explicitly.
    return (
        Bid.objects.filter(tender=tender, is_backup=False)  # backup copies: services.backups
        .filter(Q(is_current=True) | Q(earlier_opening__isnull=False))
        .select_related("company", "lot", "submitted_by")
        .prefetch_related(Prefetch("files", queryset=BidFile.objects.order_by("id")))
        .order_by("submitted_at", "id")
    )


def bid_list_for_company(*, actor: AnyUser) -> QuerySet[Bid]:
    """The bids of the actor's company (any of its users), with their receipts."""
    if not actor.is_authenticated or not actor.company_id:
        return Bid.objects.none()
    return (
        Bid.objects.filter(company_id=actor.company_id)
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


def tender_deadline_report(*, actor: AnyUser, tender: Tender) -> dict:
    """The legal minimum deadlines of the tender's procedure, from now (or its publication)."""
    from .services.procedures import deadline_report

    require_on(actor, "view", tender, MANAGERS_ONLY)
    return deadline_report(tender, moment=tender.published_at or timezone.now())


# --- Candidatures (two-phase procedures) -------------------------------------------------------


def candidature_requirements(*, actor: AnyUser, tender: Tender) -> QuerySet:
    """The checklist of a tender the actor may see."""
    from .models import CandidatureRequirement

    require_on(actor, "view", tender, MANAGERS_ONLY)
    return CandidatureRequirement.objects.filter(tender=tender).order_by("position", "id")


def candidature_list(*, actor: AnyUser, tender: Tender) -> QuerySet:
    """The current candidatures with their files, for the buyer after the candidature deadline."""
    from .models import Candidature, CandidatureFile
    from .services.candidatures import candidature_require_readable

    candidature_require_readable(actor=actor, tender=tender)
    return (
        Candidature.objects.filter(tender=tender, is_current=True)
        .select_related("company")
        .prefetch_related(Prefetch("files", queryset=CandidatureFile.objects.order_by("id")))
        .order_by("submitted_at", "id")
    )


def candidature_list_for_company(*, actor: AnyUser, tender: Tender) -> QuerySet:
    """The actor's company's candidatures to a tender (its decisions included)."""
    from .models import Candidature, CandidatureFile

    if not actor.is_authenticated or not actor.company_id:
        return Candidature.objects.none()
    return (
        Candidature.objects.filter(tender=tender, company_id=actor.company_id)
        .select_related("company")
        .prefetch_related(Prefetch("files", queryset=CandidatureFile.objects.order_by("id")))
        .order_by("-submitted_at", "-id")
    )


# --- Secure messaging (R.2144-2, R.2152-2) ----------------------------------------------------


def clarification_list(*, actor: AnyUser, tender: Tender) -> QuerySet:
    """The requests of a tender, for its buyers (the rule ``read_bids``)."""
    from .models import ClarificationRequest

    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    return (
        ClarificationRequest.objects.filter(tender=tender)
        .select_related("company", "tender__buyer")
        .prefetch_related("answer_files")
        .order_by("-sent_at", "-id")
    )


def clarification_list_for_company(*, actor: AnyUser) -> QuerySet:
    """The requests addressed to the actor's company."""
    from .models import ClarificationRequest

    if not actor.is_authenticated or not actor.company_id:
        return ClarificationRequest.objects.none()
    return (
        ClarificationRequest.objects.filter(company_id=actor.company_id)
        .select_related("company", "tender__buyer")
        .prefetch_related("answer_files")
        .order_by("-sent_at", "-id")
    )
