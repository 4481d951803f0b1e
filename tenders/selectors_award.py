"""Reads after the choice of the winner: the award's steps for the buyer, the titulaire's and
the rejected bidders' own views. Kept apart from ``selectors.py`` (the consultation and its
bids) so each stays readable; every read takes ``actor`` and asks ``tenders.rules``.
"""

from django.db.models import Prefetch, QuerySet

from collectivites.errors import NotFoundError
from collectivites.permissions import AnyUser, user_can, visible_to

from .models import (
    Award,
    AwardedCompany,
    Certificate,
    ContractModification,
    Criterion,
    RejectionLetter,
    Tender,
)
from .services._common import MANAGERS_ONLY, require_on


def _awards() -> QuerySet[Award]:
    return (
        Award.objects.select_related("tender__buyer", "lot", "notification")
        .prefetch_related(
            Prefetch("companies", queryset=AwardedCompany.objects.order_by("id")),
            Prefetch(
                "rejection_letters",
                queryset=RejectionLetter.objects.select_related("company").order_by("id"),
            ),
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("company").order_by("company", "kind"),
            ),
            Prefetch("modifications", queryset=ContractModification.objects.order_by("number")),
        )
        .order_by("lot__number", "id")
    )


def award_steps(*, actor: AnyUser, tender: Tender) -> QuerySet[Award]:
    """The tender's awards with every step after the choice, for its buyers."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    return _awards().filter(tender=tender)


def award_get(*, actor: AnyUser, tender: Tender, pk: int) -> Award:
    """An award of a tender the actor may see (its services decide who acts on it)."""
    require_on(actor, "view", tender, "")
    award = _awards().filter(tender=tender, pk=pk).first()
    if award is None:
        raise NotFoundError("Attribution introuvable.")
    return award


def awards_as_titulaire(*, actor: AnyUser) -> QuerySet[Award]:
    """The awards won by the actor's company: certificates to give, notification to receive."""
    return visible_to(actor, "act_as_titulaire", _awards())


def rejection_letters_received(*, actor: AnyUser) -> QuerySet[RejectionLetter]:
    """The rejection letters addressed to the actor's company (only letters sent through the
    platform: a letter recorded as posted was not delivered here)."""
    if not actor.is_authenticated or actor.company_id is None:
        return RejectionLetter.objects.none()
    return (
        RejectionLetter.objects.filter(company_id=actor.company_id, electronic=True)
        .select_related("award__tender__buyer", "award__lot", "company")
        .order_by("-sent_at", "-id")
    )


def rejection_letter_get(*, actor: AnyUser, tender: Tender, award: Award, pk: int):
    """One letter, for the tender's buyers or the company it is addressed to."""
    letter = award.rejection_letters.filter(pk=pk).select_related("company").first()
    if letter is None:
        raise NotFoundError("Lettre introuvable.")
    if user_can(actor, "manage", tender):
        return letter
    if actor.is_authenticated and actor.company_id == letter.company_id and letter.electronic:
        return letter
    raise NotFoundError("Lettre introuvable.")


def certificate_get(*, actor: AnyUser, tender: Tender, award: Award, pk: int) -> Certificate:
    """One certificate, for the tender's buyers or the titulaire that deposited it."""
    row = award.certificates.filter(pk=pk).select_related("company").first()
    if row is None or not row.file:
        raise NotFoundError("Attestation introuvable.")
    if user_can(actor, "manage", tender):
        return row
    if actor.is_authenticated and actor.company_id == row.company_id:
        return row
    raise NotFoundError("Attestation introuvable.")


def criteria_list(*, actor: AnyUser, tender: Tender) -> QuerySet[Criterion]:
    """The award criteria: public with the consultation (they are part of its rules)."""
    require_on(actor, "view", tender, "")
    return tender.criteria.select_related("lot").order_by("lot__number", "position", "id")
