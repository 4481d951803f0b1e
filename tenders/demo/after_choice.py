"""Demo consultations after the choice of the winner (ADR 0017): one in its standstill, one
notified with its rejection letters sent, one notified and then modified by an avenant.

Made through the services like the rest of the demo (bids sealed and receipted, scores, letters,
certificates, notification, audit trail); time that must have passed is moved in the database
(the deadline, the letters' sending), as the clock would have done. Idempotent by reference.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collectivites.models import Collectivite, User

from .. import services
from ..models import RejectionLetter, Tender
from .clock import close_as_if_past

# (reference, buyer, buyer's username, title, value, CPV, stage)
SCENARIOS = [
    (
        "2026-S-040",
        "Rennes",
        "agent.rennes",
        "Entretien des espaces verts des écoles",
        Decimal("480000"),
        ["77310000-6"],
        "standstill",
    ),
    (
        "2026-S-018",
        "Brest Métropole",
        "acheteur.brest",
        "Nettoyage des équipements sportifs",
        Decimal("390000"),
        ["90919300-5"],
        "notified",
    ),
    (
        "2026-S-012",
        "Rennes",
        "agent.rennes",
        "Infogérance du parc informatique des écoles",
        Decimal("650000"),
        ["72514000-1"],
        "amended",
    ),
]
BIDDERS = ["entreprise.informatique", "entreprise.nettoyage", "entreprise.btp"]
CRITERIA = [
    {"name": "Prix", "weight": 50},
    {"name": "Valeur technique", "weight": 40},
    {"name": "Performance environnementale", "weight": 10},
]
SCORES = [("8.5", "9", "7"), ("9", "6.5", "6"), ("6", "7", "8")]
CONTRACT = {
    "duration_months": 36,
    "price_form": "Mixte",
    "price_types": ["Définitif révisable"],
    "ccag": "Fournitures courantes et services",
    "techniques": ["Accord-cadre"],
    "execution_terms": ["Bons de commande"],
    "innovative": False,
    "subcontracting_declared": False,
    "advance_granted": False,
    "advance_rate": None,
    "social_considerations": ["Clause sociale"],
    "environmental_considerations": ["Critère environnemental"],
    "grouping_type": "Pas de groupement",
}


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% " + text.encode(), content_type="application/pdf")


def _run(buyer: Collectivite, actor: User, row: tuple, companies: list[User]) -> None:
    reference, _, _, title, value, cpv, stage = row
    now = timezone.now()
    tender = services.tender_create(
        actor=actor,
        buyer=buyer,
        reference=reference,
        title=title,
        procedure="appel_offres_ouvert",
        nature="services",
        estimated_value=value,
        cpv_codes=cpv,
        place_of_performance=buyer.name,
        question_deadline=now + timedelta(days=20),
        response_deadline=now + timedelta(days=36),
    )
    services.criteria_set(actor=actor, tender=tender, criteria=CRITERIA)
    services.tender_document_add(
        actor=actor, tender=tender, title="Règlement de la consultation", file=_pdf("rc.pdf", title)
    )
    services.tender_publish(actor=actor, tender=tender)
    for user in companies:
        services.bid_submit(
            actor=user, tender=tender, files=[_pdf("offre.pdf", f"Offre de {user.company.name}")]
        )
    close_as_if_past(tender, question_days_before=16)
    services.tender_open(actor=actor, tender=tender)
    criteria = list(tender.criteria.order_by("position"))
    for bid, marks in zip(tender.bids.filter(is_current=True).order_by("id"), SCORES, strict=False):
        services.offer_scores_set(
            actor=actor,
            tender=tender,
            bid_id=bid.pk,
            scores=[
                {"criterion": c.pk, "score": mark, "comment": ""}
                for c, mark in zip(criteria, marks, strict=True)
            ],
        )
    winner = companies[0].company
    award = services.tender_award(
        actor=actor,
        tender=tender,
        awards=[
            {
                "amount": value * Decimal("0.92"),
                "companies": [{"siret": winner.siret, "name": winner.name}],
                **CONTRACT,
            }
        ],
    )[0]
    services.rejection_letters_send(
        actor=actor,
        award=award,
        reasons="Offre moins bien classée au regard des critères pondérés.",
        winner_reasons="Meilleure note globale : valeur technique et prix.",
    )
    if stage == "standstill":
        return
    for letter in RejectionLetter.objects.filter(award=award):
        RejectionLetter.objects.filter(pk=letter.pk).update(
            sent_at=letter.sent_at - timedelta(days=12)
        )
    services.certificates_request(actor=actor, award=award)
    for certificate in award.certificates.all():
        services.certificate_upload(
            actor=companies[0],
            award=award,
            certificate_id=certificate.pk,
            file=_pdf(f"{certificate.kind}.pdf", certificate.get_kind_display()),
        )
        services.certificate_review(
            actor=actor, award=award, certificate_id=certificate.pk, accept=True
        )
    services.award_notify(actor=actor, award=award)
    services.award_acknowledge(actor=companies[0], award=award)
    if stage == "amended":
        award.refresh_from_db()
        services.contract_modification_add(
            actor=actor,
            award=award,
            object="Extension du périmètre aux accueils périscolaires.",
            amount=award.amount * Decimal("1.08"),
            duration_months=None,
            signed_on=timezone.localdate(),
            notified_on=timezone.localdate(),
        )


def seed() -> int:
    """Create the scenarios not there yet; return how many were created."""
    references = [row[0] for row in SCENARIOS]
    existing = set(
        Tender.objects.filter(reference__in=references).values_list("buyer__name", "reference")
    )
    bodies = {c.name: c for c in Collectivite.objects.filter(name__in={r[1] for r in SCENARIOS})}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[*BIDDERS, "agent.rennes", "acheteur.brest"])
    }
    companies = [users[name] for name in BIDDERS if name in users and users[name].company_id]
    created = 0
    for row in SCENARIOS:
        reference, buyer_name, username = row[:3]
        buyer, actor = bodies.get(buyer_name), users.get(username)
        if buyer is None or actor is None or len(companies) < 2:
            continue
        if (buyer_name, reference) in existing:
            continue
        _run(buyer, actor, row, companies)
        created += 1
    return created
