"""Sans publicité ni mise en concurrence: free below the R.2122-8 ceiling, above it only on a
ground of R.2122-1 to R.2122-11, justified. Refused with a 400 naming the rule, nothing written."""

from datetime import date
from decimal import Decimal

import pytest

from collectivites.errors import ApplicationError
from tenders import exemptions
from tenders.models import Tender

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


def _post(client, rennes, value, nature="services", **fields):
    payload = {
        "buyer": rennes.pk,
        "reference": f"SP-{value}-{nature}-{fields.get('exemption_ground', '')}",
        "title": "Achat sans publicité",
        "procedure": "sans_publicite",
        "nature": nature,
        "estimated_value": str(value),
        **fields,
    }
    return client.post("/api/v1/tenders/", payload, format="json")


@pytest.mark.parametrize(
    ("nature", "ceiling"),
    [
        ("services", Decimal("60000")),
        ("fournitures", Decimal("60000")),
        ("travaux", Decimal("100000")),
    ],
)
def test_below_the_ceiling_allowed_at_it_a_ground_is_required(
    client_for, buyer, rennes, nature, ceiling
):
    client = client_for(buyer)
    below = _post(client, rennes, ceiling - CENT, nature)
    assert below.status_code == 201, below.json()
    at = _post(client, rennes, ceiling, nature)
    assert at.status_code == 400
    body = at.json()
    assert "R.2122-8" in body["message"] and body["extra"]["rule"] == "R.2122-8"
    assert "exemption_ground" in body["extra"]["fields"]
    assert Tender.objects.count() == 1


def test_above_the_ceiling_a_ground_needs_a_justification(client_for, buyer, rennes):
    client = client_for(buyer)
    bare = _post(client, rennes, 150000, exemption_ground="R2122-1")
    assert bare.status_code == 400
    assert "exemption_justification" in bare.json()["extra"]["fields"]
    assert not Tender.objects.exists()
    justified = _post(
        client,
        rennes,
        150000,
        exemption_ground="R2122-1",
        exemption_justification="Effondrement du pont de la Vilaine : travaux de sécurisation.",
    )
    assert justified.status_code == 201, justified.json()
    tender = Tender.objects.get()
    assert tender.exemption_ground == "R2122-1"
    assert justified.json()["exemption_ground"] == "R2122-1"


def test_an_unknown_ground_is_refused(client_for, buyer, rennes):
    response = _post(
        client_for(buyer), rennes, 150000, exemption_ground="R2122-99", exemption_justification="x"
    )
    assert response.status_code == 400
    assert "exemption_ground" in response.json()["extra"]["fields"]
    assert not Tender.objects.exists()


def test_a_ground_with_its_own_ceiling_stops_there(client_for, buyer, rennes):
    client = client_for(buyer)
    books = {"exemption_ground": "R2122-9", "exemption_justification": "Fonds de la médiathèque."}
    assert _post(client, rennes, Decimal("89999.99"), "fournitures", **books).status_code == 201
    refused = _post(client, rennes, Decimal("90000"), "fournitures", **books)
    assert refused.status_code == 400
    assert "90" in refused.json()["message"]


def test_before_april_2026_the_supplies_ceiling_was_40000():
    tender = Tender(procedure="sans_publicite", nature="fournitures", estimated_value=Decimal("0"))
    tender.estimated_value = Decimal("39999.99")
    exemptions.check_without_publicity(tender, on=date(2026, 3, 31))
    tender.estimated_value = Decimal("40000")
    with pytest.raises(ApplicationError):
        exemptions.check_without_publicity(tender, on=date(2026, 3, 31))
    exemptions.check_without_publicity(tender, on=date(2026, 4, 1))  # 60 000 from 1 April


def test_every_ground_has_its_article_and_label():
    codes = [ground.code for ground in exemptions.GROUNDS]
    assert len(codes) == len(set(codes))
    assert all(
        ground.article.startswith("R.2122-") and ground.label for ground in exemptions.GROUNDS
    )
    assert "R2122-8" not in codes  # the value itself is not a ground above the ceiling


def test_another_procedure_keeps_no_ground(client_for, buyer, rennes):
    response = _post(
        client_for(buyer),
        rennes,
        50000,
        procedure="mapa",
        exemption_ground="R2122-1",
        exemption_justification="x",
    )
    assert response.status_code == 201
    assert Tender.objects.get().exemption_ground == ""
