"""Two restricted calls for tenders for ``seed_demo`` (tendb): one in its candidature phase,
one in its offer phase (candidatures selected, the admitted company invited to bid).

Made through the services, as the other demo tenders; the dates that must have passed are then
moved into the past with the publication, so every period starts before it ends.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from collectivites.models import Collectivite, Company, User

from .. import services
from ..models import Tender

CHECKLIST = [
    {"kind": "dc1", "label": "Lettre de candidature (DC1) ou DUME", "required": True},
    {"kind": "dc2", "label": "Déclaration du candidat (DC2)", "required": True},
    {"kind": "references", "label": "Références de moins de trois ans", "required": False},
]
ROWS = [
    # (reference, buyer, buyer username, title, value, cpv, phase)
    (
        "2026-MOE-003",
        "Brest",
        "acheteur.brest",
        "Maîtrise d'œuvre de la médiathèque des Capucins (extension)",
        Decimal("640000"),
        ["71000000-8"],
        "candidatures",
    ),
    (
        "2026-MOE-001",
        "Rennes",
        "agent.rennes",
        "Maîtrise d'œuvre du groupe scolaire de Beauregard",
        Decimal("820000"),
        ["71000000-8"],
        "offres",
    ),
]


def _pdf(name: str, text: str) -> ContentFile:
    return ContentFile(f"%PDF-1.4\n% {text}\n".encode(), name=name)


def seed() -> int:
    company = Company.objects.filter(name__icontains="Breizh Numérique").first()
    company_user = User.objects.filter(company=company).order_by("pk").first()
    created = 0
    for reference, buyer_name, username, title, value, cpv, phase in ROWS:
        buyer = Collectivite.objects.filter(name=buyer_name).first()
        actor = User.objects.filter(username=username).first()
        if buyer is None or actor is None or company_user is None:
            continue
        if Tender.objects.filter(buyer=buyer, reference=reference).exists():
            continue
        _seed_one(buyer, actor, company_user, reference, title, value, cpv, phase)
        created += 1
    return created


def _seed_one(buyer, actor, company_user, reference, title, value, cpv, phase) -> None:
    now = timezone.now()
    tender = services.tender_create(
        actor=actor,
        buyer=buyer,
        reference=reference,
        title=title,
        object=f"{title}. Appel d'offres restreint de démonstration d'e-Partage.",
        procedure="appel_offres_restreint",
        nature="services",
        estimated_value=value,
        cpv_codes=cpv,
        place_of_performance=buyer.name,
        candidature_deadline=now + timedelta(days=40),
    )
    services.candidature_requirements_set(actor=actor, tender=tender, items=CHECKLIST)
    services.tender_document_add(
        actor=actor,
        tender=tender,
        title="Règlement de la consultation",
        file=ContentFile(f"Règlement de la consultation\n{reference}\n".encode(), name="rc.txt"),
    )
    services.tender_publish(actor=actor, tender=tender)
    requirements = list(tender.candidature_requirements.values_list("pk", flat=True))
    services.candidature_submit(
        actor=company_user,
        tender=tender,
        files=[_pdf("dc1.pdf", "DC1"), _pdf("dc2.pdf", "DC2"), _pdf("references.pdf", "Réf.")],
        requirement_ids=requirements,
    )
    if phase == "candidatures":
        return
    past = timezone.now() - timedelta(minutes=5)
    Tender.objects.filter(pk=tender.pk).update(
        published_at=past - timedelta(days=40), candidature_deadline=past
    )
    tender.refresh_from_db()
    candidature = tender.candidatures.get(is_current=True)
    services.candidature_decide(
        actor=actor,
        tender=tender,
        candidature_id=candidature.pk,
        admitted=True,
        reason="Capacités et références en rapport avec l'opération.",
    )
    services.candidature_invite(
        actor=actor, tender=tender, response_deadline=timezone.now() + timedelta(days=35)
    )
