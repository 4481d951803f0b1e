"""Helpers of the tests after the choice: a formalised tender with three bidders, opened and
awarded to the first; time moved by moving the recorded facts back, as days passing would."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tenders import services
from tenders.models import Bid, RejectionLetter, Tender

from ..factories import CompanyFactory, UserFactory
from .awarding import contract
from .conftest import expire, published_tender


def opened_with_bids(buyer, rennes, *, procedure="appel_offres_ouvert", bidders=3, **overrides):
    """A tender opened after its deadline, with ``bidders`` companies' current bids; returns the
    tender and the company users, in the order they bid."""
    tender = published_tender(
        buyer,
        rennes,
        reference=overrides.pop("reference", "2026-AO-01"),
        procedure=procedure,
        estimated_value=overrides.pop("estimated_value", Decimal("6000000")),
        **overrides,
    )
    users = []
    for index in range(bidders):
        company = CompanyFactory(name=f"Soumissionnaire {index + 1}")
        user = UserFactory(username=f"soumissionnaire{index + 1}", company=company)
        Bid.objects.create(
            tender=tender, company=company, submitted_by=user, submitted_at=timezone.now()
        )
        users.append(user)
    expire(tender)
    services.tender_close_due()
    tender.refresh_from_db()
    services.tender_open(actor=buyer, tender=tender)
    return tender, users


def award_to(buyer, tender: Tender, user, amount="142000.00"):
    services.tender_award(
        actor=buyer,
        tender=tender,
        awards=[
            {
                "amount": Decimal(amount),
                "companies": [{"siret": user.company.siret}],
                **contract(),
            }
        ],
    )
    return tender.awards.get()


def letters_sent_days_ago(award, days: int) -> None:
    """The rejection letters as if they had been sent ``days`` days ago (same hour)."""
    for letter in RejectionLetter.objects.filter(award=award):
        RejectionLetter.objects.filter(pk=letter.pk).update(
            sent_at=letter.sent_at - timedelta(days=days)
        )


def certificates_in(buyer, award, client_for) -> None:
    """Ask the titulaire's certificates, deposit them as the titulaire, accept them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from collectivites.models import User

    from .pdfsign import plain_pdf

    services.certificates_request(actor=buyer, award=award)
    titulaire = award.companies.get().company
    user = User.objects.filter(company=titulaire).first()
    for row in award.certificates.all():
        upload = SimpleUploadedFile(f"{row.kind}.pdf", plain_pdf(b"attestation"), "application/pdf")
        services.certificate_upload(actor=user, award=award, certificate_id=row.pk, file=upload)
        services.certificate_review(actor=buyer, award=award, certificate_id=row.pk, accept=True)


REASONS = {
    "reasons": "Offre classée 2e : prix plus élevé, mémoire technique moins détaillé.",
    "winner_reasons": "Meilleur rapport qualité-prix : prix le plus bas et méthodologie claire.",
}
