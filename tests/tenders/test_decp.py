"""DECP v2.0.3: one marché per award, validated against the format's schema, values checked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collectivites.identifiers import validate_siret

from .conftest import published_tender
from .opendata_data import awarded_group_tender
from .standards import decp_validator, errors

pytestmark = pytest.mark.django_db


def test_awarded_lots_are_published_as_marches(api, buyer, rennes, company_user):
    validator = decp_validator()
    _tender, _member, other = awarded_group_tender(buyer, rennes, company_user)
    published_tender(buyer, rennes, reference="2026-009")  # not awarded: not published

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/tenders/decp/")
    assert response.status_code == 200
    data = response.json()
    assert errors(validator, data) == []
    assert len(queries) <= 3
    lot1, lot2 = data["marches"]["marche"]
    assert lot1["id"] == "2026-GC-01-L1" and lot2["id"] == "2026-GC-01-L2"
    siret = lot1["acheteur"]["id"]
    validate_siret(siret)
    assert siret.startswith(rennes.siren)
    assert lot1["objet"] == "Fourniture d'électricité — Lot 1 : Bâtiments"
    assert lot1["codeCPV"] == "09310000-5"
    assert lot2["codeCPV"] == "09310000-5"  # lot 2 has no code of its own: the tender's
    assert lot1["procedure"] == "Appel d'offres ouvert"
    assert lot1["nature"] == "Marché"
    assert lot1["montant"] == 1890000.5
    assert lot1["dateNotification"] == "2026-05-04"
    assert lot1["offresRecues"] == 2  # two bids on lot 1
    assert lot2["offresRecues"] == 1
    assert lot1["lieuExecution"] == {
        "code": rennes.departement_code,
        "typeCode": "Code département",
    }
    assert lot1["titulaires"] == [
        {"titulaire": {"typeIdentifiant": "SIRET", "id": company_user.company.siret}}
    ]
    assert [t["titulaire"]["id"] for t in lot2["titulaires"]] == [
        other.siret,
        company_user.company.siret,
    ]
    assert lot2["typeGroupementOperateurs"] == "Conjoint"
    assert lot1["ccag"] == "Fournitures courantes et services"


def test_year_filter_and_validation(api, buyer, rennes, company_user):
    awarded_group_tender(buyer, rennes, company_user)
    assert len(api.get("/api/v1/tenders/decp/?year=2026").json()["marches"]["marche"]) == 2
    assert api.get("/api/v1/tenders/decp/?year=2025").json()["marches"]["marche"] == []
    for bad in ("20x6", "1850", "99999", "3000"):
        assert api.get(f"/api/v1/tenders/decp/?year={bad}").status_code == 400
