"""The buyer gives the contract data with the award: stored, public, and every rule a clear 400.

An invalid award writes nothing: no award, no titulaire, no status change, no audit event.
"""

from decimal import Decimal

import pytest

from collectivites.models import AuditEvent
from tenders.models import Award, AwardedCompany

from ..factories import CompanyFactory
from .awarding import CONTRACT
from .conftest import expire, published_tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client_for, buyer, published):
    expire(published)
    assert client_for(buyer).post(f"/api/v1/tenders/{published.pk}/open/").status_code == 200
    return published


def _award(client, tender, **changes):
    award = {"amount": "142000.00", **CONTRACT, **changes}
    award = {key: value for key, value in award.items() if value is not OMIT}
    return client.post(f"/api/v1/tenders/{tender.pk}/award/", {"awards": [award]}, format="json")


OMIT = object()


def _nothing_written(tender) -> None:
    tender.refresh_from_db()
    assert tender.status == "opened"
    assert not Award.objects.exists()
    assert not AwardedCompany.objects.exists()
    assert not AuditEvent.objects.filter(action="tender.awarded").exists()


def test_contract_data_are_stored_and_public(client_for, api, buyer, opened, company_user):
    response = _award(
        client_for(buyer),
        opened,
        companies=[{"siret": company_user.company.siret}],
        price_types=["Définitif révisable", "Définitif ferme"],
        advance_rate="0.3",
    )
    assert response.status_code == 200, response.json()
    award = opened.awards.get()
    assert award.duration_months == 6
    assert award.price_form == "Forfaitaire"
    assert award.price_types == ["Définitif ferme", "Définitif révisable"]  # the format's order
    assert award.ccag == "Travaux"
    assert award.techniques == ["Sans objet"]
    assert award.execution_terms == ["Tranches"]
    assert award.innovative is False
    assert award.subcontracting_declared is True
    assert award.advance_granted is True
    assert award.advance_rate == Decimal("0.3")
    assert award.social_considerations == ["Clause sociale"]
    assert award.environmental_considerations == ["Pas de considération environnementale"]
    assert award.grouping_type == "Pas de groupement"

    public = api.get(f"/api/v1/tenders/{opened.pk}/").json()["awards"][0]
    assert public == {
        "lot_number": None,
        "amount": "142000.00",
        "notification_date": None,  # notified later, its own step (ADR 0017)
        "companies": [{"siret": company_user.company.siret, "name": company_user.company.name}],
        **CONTRACT,
        "price_types": ["Définitif ferme", "Définitif révisable"],
        "advance_rate": "0.3000",
    }


def test_without_advance_no_rate_is_stored(client_for, buyer, opened, company_user):
    response = _award(
        client_for(buyer),
        opened,
        companies=[{"siret": company_user.company.siret}],
        advance_granted=False,
        advance_rate="0",  # how the format says "no rate"; stored as none
    )
    assert response.status_code == 200, response.json()
    award = opened.awards.get()
    assert (award.advance_granted, award.advance_rate) == (False, None)
    assert response.json()["awards"][0]["advance_rate"] is None


def test_lots_and_a_groupement(client_for, buyer, rennes, company_user):
    tender = published_tender(
        buyer,
        rennes,
        reference="L",
        lots=[{"number": 1, "title": "A"}, {"number": 2, "title": "B"}],
    )
    expire(tender)
    client = client_for(buyer)
    client.post(f"/api/v1/tenders/{tender.pk}/open/")
    other = CompanyFactory()
    one = [{"siret": company_user.company.siret}]
    two = [*one, {"siret": other.siret}]
    awards = [
        {"lot_number": 1, "amount": "10.00", "companies": one, **CONTRACT},
        {"lot_number": 2, "amount": "20.00", "companies": two, **CONTRACT},
    ]
    url = f"/api/v1/tenders/{tender.pk}/award/"
    # Two titulaires form a groupement: "Pas de groupement" is refused, on lot 2 only.
    response = client.post(url, {"awards": awards}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Lot 2 : ")
    assert list(body["extra"]["fields"]["awards"]) == ["1"]  # the second award, by position
    assert list(body["extra"]["fields"]["awards"]["1"]) == ["grouping_type"]
    assert not Award.objects.exists()  # lot 1 was fine, but nothing is written

    awards[1]["grouping_type"] = "Conjoint"
    response = client.post(url, {"awards": awards}, format="json")
    assert response.status_code == 200, response.json()
    assert [a["grouping_type"] for a in response.json()["awards"]] == [
        "Pas de groupement",
        "Conjoint",
    ]


INVALID = [
    # (field, value given (OMIT: absent), label of the case)
    ("duration_months", OMIT, "missing"),
    ("duration_months", 0, "zero"),
    ("duration_months", 1201, "over a century"),
    ("duration_months", "douze", "not a number"),
    ("duration_months", 2**40, "huge"),
    ("price_form", OMIT, "missing"),
    ("price_form", "Global", "unknown"),
    ("price_types", [], "empty"),
    ("price_types", ["Ferme"], "unknown"),
    ("price_types", ["Provisoire", "Provisoire"], "twice"),
    ("price_types", "Provisoire", "not a list"),
    ("ccag", OMIT, "missing"),
    ("ccag", "CCAG-PI", "unknown"),
    ("techniques", [], "empty"),
    ("techniques", ["Sans objet", "Accord-cadre"], "none and one"),
    ("execution_terms", ["Bons de commande", "Sans objet"], "none and one"),
    ("execution_terms", OMIT, "missing"),
    ("innovative", OMIT, "missing"),
    ("innovative", "peut-être", "not a boolean"),
    ("subcontracting_declared", None, "null"),
    ("advance_granted", OMIT, "missing"),
    ("advance_rate", OMIT, "advance without rate"),
    ("advance_rate", "0", "advance at 0"),
    ("advance_rate", "1.5", "over 100 %"),
    ("advance_rate", "-0.1", "negative"),
    ("advance_rate", "0.12345", "too precise"),
    ("social_considerations", ["Pas de considération sociale", "Clause sociale"], "none+one"),
    ("social_considerations", [], "empty"),
    ("environmental_considerations", ["Clause sociale"], "other list's value"),
    (
        "environmental_considerations",
        ["Critère environnemental", "Pas de considération environnementale"],
        "one and none",
    ),
    ("grouping_type", OMIT, "missing"),
    ("grouping_type", "Conjoint", "one titulaire in a groupement"),
    ("grouping_type", "Solidaire", "one titulaire in a groupement"),
]


@pytest.mark.parametrize(
    ("field", "value"),
    [(field, value) for field, value, _ in INVALID],
    ids=[f"{field}-{label}" for field, _, label in INVALID],
)
def test_each_invalid_contract_field_is_a_400_naming_it(
    client_for, buyer, opened, company_user, field, value
):
    response = _award(
        client_for(buyer),
        opened,
        companies=[{"siret": company_user.company.siret}],
        **{field: value},
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["message"]
    errors = body["extra"]["fields"]["awards"]["0"]  # as DRF keys the items of a list
    assert list(errors) == [field], errors
    assert errors[field]
    _nothing_written(opened)


def test_a_rate_without_advance_is_refused(client_for, buyer, opened, company_user):
    response = _award(
        client_for(buyer),
        opened,
        companies=[{"siret": company_user.company.siret}],
        advance_granted=False,
        advance_rate="0.05",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Pas de taux sans avance."
    assert response.json()["extra"]["fields"]["awards"] == {
        "0": {"advance_rate": ["Pas de taux sans avance."]}
    }
    _nothing_written(opened)


def test_several_titulaires_need_a_groupement_type(client_for, buyer, opened, company_user):
    companies = [{"siret": company_user.company.siret}, {"siret": CompanyFactory().siret}]
    response = _award(client_for(buyer), opened, companies=companies)
    assert response.status_code == 400
    assert "conjoint ou solidaire" in response.json()["message"]
    assert list(response.json()["extra"]["fields"]["awards"]["0"]) == ["grouping_type"]
    _nothing_written(opened)


def test_several_errors_are_reported_together(client_for, buyer, opened, company_user):
    response = _award(
        client_for(buyer),
        opened,
        companies=[{"siret": company_user.company.siret}],
        techniques=["Sans objet", "Concours"],
        grouping_type="Conjoint",
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]["awards"]["0"]) == {"techniques", "grouping_type"}
    _nothing_written(opened)


def test_only_the_tenders_buyer_awards(
    client_for, api, opened, agent, brest_buyer, company_user, animator
):
    companies = [{"siret": company_user.company.siret}]
    assert _award(api, opened, companies=companies).status_code in (401, 403)
    for user in (agent, brest_buyer, company_user, animator):
        assert _award(client_for(user), opened, companies=companies).status_code == 403, user
    # Refused before the payload is read: an invalid one gets the same answer.
    assert _award(client_for(company_user), opened, companies=[], ccag="?").status_code == 403
    _nothing_written(opened)


def test_a_company_or_a_lot_given_twice_is_a_400(client_for, buyer, rennes, company_user):
    tender = published_tender(
        buyer,
        rennes,
        reference="D",
        lots=[{"number": 1, "title": "A"}, {"number": 2, "title": "B"}],
    )
    expire(tender)
    client = client_for(buyer)
    client.post(f"/api/v1/tenders/{tender.pk}/open/")
    url = f"/api/v1/tenders/{tender.pk}/award/"
    one = [{"siret": company_user.company.siret}]
    twice = {"lot_number": 1, "amount": "1.00", "companies": one * 2, **CONTRACT}
    response = client.post(url, {"awards": [twice]}, format="json")
    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]["awards"]["0"]["companies"]) == ["1"]
    award = {"lot_number": 1, "amount": "1.00", "companies": one, **CONTRACT}
    response = client.post(url, {"awards": [award, award]}, format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["awards"] == {"1": {"lot_number": ["En double."]}}
    assert not Award.objects.exists()


def test_lots_are_awarded_one_by_one(client_for, buyer, rennes, company_user):
    """Awarding lot 1 must leave lot 2 awardable (it was refused once the tender was
    ``awarded``); an awarded lot is not awarded again, and a tender without lots only once."""
    tender = published_tender(
        buyer,
        rennes,
        reference="LOTS-UN-PAR-UN",
        lots=[{"number": 1, "title": "Couverture"}, {"number": 2, "title": "Zinguerie"}],
    )
    expire(tender)
    client = client_for(buyer)
    client.post(f"/api/v1/tenders/{tender.pk}/open/")
    url = f"/api/v1/tenders/{tender.pk}/award/"
    one = [{"siret": company_user.company.siret}]

    def award(lot):
        body = {"awards": [{"lot_number": lot, "amount": "10.00", "companies": one, **CONTRACT}]}
        return client.post(url, body, format="json")

    assert award(1).status_code == 200
    tender.refresh_from_db()
    assert tender.status == "awarded"
    again = award(1)
    assert again.status_code == 400
    assert again.json()["extra"]["fields"]["awards"]["0"] == {"lot_number": ["Déjà attribué."]}
    second = award(2)
    assert second.status_code == 200, second.json()
    assert [a["lot_number"] for a in second.json()["awards"]] == [1, 2]
    assert award(2).status_code == 409  # every lot is awarded
    assert AuditEvent.objects.filter(action="tender.awarded").count() == 2


def test_a_tender_without_lots_is_awarded_once(client_for, buyer, opened, company_user):
    companies = [{"siret": company_user.company.siret}]
    assert _award(client_for(buyer), opened, companies=companies).status_code == 200
    assert _award(client_for(buyer), opened, companies=companies).status_code == 409
    assert Award.objects.count() == 1
