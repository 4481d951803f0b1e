"""A purchasing group's tender taken to its award, with bids and a revised DCE: open data input."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tenders import services
from tenders.models import Award, AwardNotification, Bid

from ..factories import CollectiviteFactory, CompanyFactory
from .awarding import contract
from .conftest import expire, pdf, published_tender


def awarded_group_tender(buyer, rennes, company_user):
    member = CollectiviteFactory(name="Rennes Métropole", kind="epci")
    tender = published_tender(
        buyer,
        rennes,
        reference="2026-GC-01",
        title="Fourniture d'électricité",
        object="Électricité des bâtiments et de l'éclairage public.",
        procedure="appel_offres_ouvert",
        nature="fournitures",
        estimated_value=Decimal("2400000"),
        cpv_codes=["09310000-5"],
        lots=[
            {"number": 1, "title": "Bâtiments", "cpv_code": "09310000-5"},
            {"number": 2, "title": "Éclairage public", "estimated_value": Decimal("400000")},
        ],
        group_members=[{"collectivite": member, "needs": [{"lot_number": 1, "quantity": "4 GWh"}]}],
    )
    document = tender.documents.get()
    services.tender_document_revise(
        actor=buyer, tender=tender, document=document, file=pdf("rc-v2.pdf"), change_note="Date"
    )
    other = CompanyFactory(name="Énergies de l'Ouest")
    for company, lot in ((company_user.company, 1), (other, 2), (other, 1)):
        Bid.objects.create(
            tender=tender,
            lot=tender.lots.get(number=lot),
            company=company,
            submitted_by=company_user,
            submitted_at=timezone.now(),
        )
    expire(tender)
    services.tender_close_due()
    tender.refresh_from_db()
    services.tender_open(actor=buyer, tender=tender)
    services.tender_award(
        actor=buyer,
        tender=tender,
        awards=[
            {
                "lot_number": 1,
                "amount": Decimal("1890000.50"),
                "companies": [{"siret": company_user.company.siret}],
                **contract(
                    duration_months=36,
                    price_form="Unitaire",
                    price_types=["Définitif révisable", "Définitif actualisable"],
                    ccag="Fournitures courantes et services",
                    techniques=["Accord-cadre"],
                    execution_terms=["Bons de commande"],
                    environmental_considerations=["Critère environnemental"],
                ),
            },
            {
                "lot_number": 2,
                "amount": Decimal("350000"),
                "companies": [{"siret": other.siret}, {"siret": company_user.company.siret}],
                **contract(
                    duration_months=48,
                    price_form="Mixte",
                    price_types=["Définitif ferme"],
                    ccag="Fournitures courantes et services",
                    innovative=True,
                    subcontracting_declared=False,
                    advance_granted=False,
                    advance_rate=None,
                    social_considerations=["Pas de considération sociale"],
                    grouping_type="Solidaire",
                ),
            },
        ],
    )
    # Notified as the notification step records it (tests/tenders/test_award_notification.py
    # takes that path end to end): the day the titulaire received the contract.
    for lot, day in ((1, datetime.date(2026, 5, 4)), (2, datetime.date(2026, 5, 6))):
        award = tender.awards.get(lot__number=lot)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        AwardNotification.objects.create(
            award=award, signed_on=day, sent_at=moment, received_at=moment, completed_at=moment
        )
        Award.objects.filter(pk=award.pk).update(notification_date=day)
    tender.refresh_from_db()
    return tender, member, other
