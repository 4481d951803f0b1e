"""The tender room's step of ``seed_demo``: a handful of Breton consultations, one per status.

Made through the services (audit trail and timelines included), keyed by buyer and reference so
a second run creates nothing. Deadlines that must have passed are moved into the past once the
tender is published, as time would have done; the statistics of the founding year are another
step's job.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from collectivites.models import Collectivite, Company, User

from .. import services
from ..models import Tender
from . import after_choice, founding_year, two_phase
from .clock import close_as_if_past

Progress = Callable[..., Iterable]

CONSULTATIONS = [
    # (reference, buyer, buyer username, title, procedure, nature, value, cpv, status)
    (
        "2026-T-014",
        "Rennes",
        "agent.rennes",
        "Rénovation de la toiture de l'école Jean-Zay",
        "mapa",
        "travaux",
        Decimal("185000"),
        ["45261000-4"],
        "published",
    ),
    (
        "2026-F-009",
        "Brest",
        "acheteur.brest",
        "Fourniture de mobilier scolaire",
        "mapa",
        "fournitures",
        Decimal("95000"),
        ["39160000-1"],
        "draft",
    ),
    (
        "2026-S-031",
        "Brest Métropole",
        "acheteur.brest",
        "Nettoyage des locaux administratifs",
        "appel_offres_ouvert",
        "services",
        Decimal("420000"),
        ["90919200-4"],
        "closed",
    ),
    (
        "2026-S-007",
        "CHU de Rennes",
        "acheteur.chu-rennes",
        "Maintenance des équipements d'imagerie",
        "appel_offres_ouvert",
        "services",
        Decimal("780000"),
        ["50421000-2"],
        "opened",
    ),
    (
        "2026-S-002",
        "Rennes",
        "agent.rennes",
        "Assistance à maîtrise d'ouvrage numérique",
        "mapa",
        "services",
        Decimal("72000"),
        ["72224000-1"],
        "awarded",
    ),
    (
        "2026-T-021",
        "Brest",
        "acheteur.brest",
        "Aménagement de la voirie rue de Siam",
        "mapa",
        "travaux",
        Decimal("310000"),
        ["45233140-2"],
        "unsuccessful",
    ),
    (
        "2026-F-015",
        "CHU de Rennes",
        "acheteur.chu-rennes",
        "Fourniture de consommables de bureau",
        "mapa",
        "fournitures",
        Decimal("38000"),
        ["30192000-1"],
        "cancelled",
    ),
]
# The contract data of the awarded consultation (2026-S-002, digital project assistance):
# a 2-year services contract with a fixed part and orders, intellectual services' CCAG.
AWARD_CONTRACT = {
    "duration_months": 24,
    "price_form": "Mixte",
    "price_types": ["Définitif révisable"],
    "ccag": "Prestations intellectuelles",
    "techniques": ["Sans objet"],
    "execution_terms": ["Bons de commande"],
    "innovative": False,
    "subcontracting_declared": True,
    "advance_granted": True,
    "advance_rate": Decimal("0.10"),
    "social_considerations": ["Pas de considération sociale"],
    "environmental_considerations": ["Critère environnemental"],
    "grouping_type": "Pas de groupement",
}
GROUP_REFERENCE = "2026-GC-001"
GROUP_MEMBERS = ["Rennes Métropole", "CHU de Rennes"]


def _file(name: str, text: str) -> ContentFile:
    return ContentFile(text.encode(), name=name)


def _create(
    buyer: Collectivite, actor: User, row: tuple, *, lots=None, group_members=None
) -> Tender:
    reference, _, _, title, procedure, nature, value, cpv, _ = row
    now = timezone.now()
    tender = services.tender_create(
        actor=actor,
        buyer=buyer,
        reference=reference,
        title=title,
        object=f"{title}. Consultation de démonstration d'e-Partage.",
        procedure=procedure,
        nature=nature,
        estimated_value=value,
        cpv_codes=cpv,
        place_of_performance=buyer.name,
        # Lawful for every procedure of the list (R.2161-2 ff.: 30 days at least, counted
        # whole, to the next working day).
        question_deadline=now + timedelta(days=30),
        response_deadline=now + timedelta(days=45),
        lots=lots,
        group_members=group_members,
    )
    for name, kind in (
        ("reglement-consultation.txt", "Règlement de la consultation"),
        ("cahier-des-charges.txt", "Cahier des clauses techniques particulières"),
    ):
        services.tender_document_add(
            actor=actor,
            tender=tender,
            title=kind,
            file=_file(name, f"{kind}\n{reference} — {title}\n{buyer.name}\n"),
        )
    return tender


def _advance(tender: Tender, actor: User, target: str, company: Company | None) -> None:
    if target == "draft":
        return
    if target == "cancelled":
        services.tender_publish(actor=actor, tender=tender)
        services.tender_cancel(actor=actor, tender=tender, reason="Besoin reporté à 2027.")
        return
    services.tender_publish(actor=actor, tender=tender)
    if target == "published":
        return
    close_as_if_past(tender, question_days_before=7)
    if target == "closed":
        return
    if target == "unsuccessful":
        services.tender_declare_unsuccessful(
            actor=actor, tender=tender, reason="Aucune offre reçue."
        )
        return
    services.tender_open(actor=actor, tender=tender)
    if target == "awarded" and company is not None:
        services.tender_award(
            actor=actor,
            tender=tender,
            awards=[
                {
                    "amount": tender.estimated_value * Decimal("0.94"),
                    "companies": [{"siret": company.siret, "name": company.name}],
                    **AWARD_CONTRACT,
                }
            ],
        )


def seed(*, progress: Progress) -> dict[str, int]:
    created: Counter[str] = Counter()
    bodies = {c.name: c for c in Collectivite.objects.filter(name__in=_names())}
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    company = Company.objects.filter(name__icontains="Breizh Numérique").first()
    references = {row[0] for row in CONSULTATIONS} | {GROUP_REFERENCE}
    existing = set(
        Tender.objects.filter(reference__in=references).values_list("buyer_id", "reference")
    )
    for row in progress(CONSULTATIONS, desc="Consultations"):
        reference, buyer_name, username, *_, status = row
        buyer, actor = bodies.get(buyer_name), users.get(username)
        if buyer is None or actor is None:
            continue
        if (buyer.pk, reference) in existing:
            continue
        tender = _create(buyer, actor, row)
        _advance(tender, actor, status, company)
        created["consultations"] += 1
    if (bodies["Rennes"].pk if "Rennes" in bodies else None, GROUP_REFERENCE) not in existing:
        created["groupements"] += _seed_group(bodies, users)
    created["procedures restreintes"] += two_phase.seed()
    created["après attribution"] += after_choice.seed()  # standstill, notified, avenant
    # The founding article's year (2007), in bulk: see founding_year.py.
    created.update(founding_year.seed(progress=progress))
    return dict(created)


def _seed_group(bodies: dict[str, Collectivite], users: dict[str, User]) -> int:
    """A groupement de commandes coordinated by Rennes, with each member's needs per lot."""
    rennes, actor = bodies.get("Rennes"), users.get("agent.rennes")
    members = [bodies[name] for name in GROUP_MEMBERS if name in bodies]
    if rennes is None or actor is None:
        return 0
    row = (
        GROUP_REFERENCE,
        "Rennes",
        "agent.rennes",
        "Groupement de commandes : fourniture d'électricité",
        "appel_offres_ouvert",
        "fournitures",
        Decimal("2400000"),
        ["09310000-5"],
        "published",
    )
    lots = [
        {"number": 1, "title": "Bâtiments (tarif jaune et vert)", "cpv_code": "09310000-5"},
        {"number": 2, "title": "Éclairage public", "cpv_code": "09310000-5"},
    ]
    group = [
        {
            "collectivite": member,
            "needs": [
                {"lot_number": 1, "quantity": f"{4 + index * 3} GWh/an"},
                {"lot_number": 2, "quantity": f"{1 + index} GWh/an"},
            ],
        }
        for index, member in enumerate(members)
    ]
    tender = _create(rennes, actor, row, lots=lots, group_members=group)
    _advance(tender, actor, "published", None)
    return 1


def _names() -> set[str]:
    return {row[1] for row in CONSULTATIONS} | {"Rennes", *GROUP_MEMBERS}


def _usernames() -> set[str]:
    return {row[2] for row in CONSULTATIONS}
