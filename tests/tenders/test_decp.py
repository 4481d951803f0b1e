"""DECP v2.0.3: one marché per award, validated against the format's schema, values checked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collectivites.identifiers import validate_siret
from tenders.models import (
    Award,
    Ccag,
    EnvironmentalConsideration,
    ExecutionTerm,
    GroupingType,
    PriceForm,
    PriceType,
    SocialConsideration,
    Technique,
)
from tenders.models.contract import CONTRACT_FIELDS

from .conftest import published_tender
from .opendata_data import awarded_group_tender
from .standards import decp_schema, decp_validator, errors

CONTRACT_KEYS = [
    "dureeMois",
    "formePrix",
    "typesPrix",
    "ccag",
    "techniques",
    "modalitesExecution",
    "marcheInnovant",
    "sousTraitanceDeclaree",
    "attributionAvance",
    "tauxAvance",
    "considerationsSociales",
    "considerationsEnvironnementales",
    "typeGroupementOperateurs",
]

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
    assert len(queries) <= 4  # the awards, their titulaires, the count of those left out
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
    # The contract data are the ones recorded with each award, nothing else.
    assert {key: lot1[key] for key in CONTRACT_KEYS} == {
        "dureeMois": 36,
        "formePrix": "Unitaire",
        "typesPrix": {"typePrix": ["Définitif actualisable", "Définitif révisable"]},
        "ccag": "Fournitures courantes et services",
        "techniques": {"technique": ["Accord-cadre"]},
        "modalitesExecution": {"modaliteExecution": ["Bons de commande"]},
        "marcheInnovant": False,
        "sousTraitanceDeclaree": True,
        "attributionAvance": True,
        "tauxAvance": 0.05,
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": ["Critère environnemental"]
        },
        "typeGroupementOperateurs": "Pas de groupement",
    }
    assert {key: lot2.get(key) for key in CONTRACT_KEYS} == {
        "dureeMois": 48,
        "formePrix": "Mixte",
        "typesPrix": {"typePrix": ["Définitif ferme"]},
        "ccag": "Fournitures courantes et services",
        "techniques": {"technique": ["Sans objet"]},
        "modalitesExecution": {"modaliteExecution": ["Tranches"]},
        "marcheInnovant": True,
        "sousTraitanceDeclaree": False,
        "attributionAvance": False,
        "tauxAvance": None,  # optional in the format: no advance, no rate
        "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": ["Pas de considération environnementale"]
        },
        "typeGroupementOperateurs": "Solidaire",
    }
    assert "tauxAvance" not in lot2
    assert response["X-Awards-Without-Contract-Data"] == "0"


def test_awards_without_contract_data_are_left_out_and_counted(api, buyer, rennes, company_user):
    """Awards recorded before the contract data were asked for: nothing is invented for them."""
    validator = decp_validator()
    tender, _member, _other = awarded_group_tender(buyer, rennes, company_user)
    legacy = tender.awards.get(lot__number=2)
    Award.objects.filter(pk=legacy.pk).update(
        advance_rate=None, **dict.fromkeys(CONTRACT_FIELDS, None)
    )

    response = api.get("/api/v1/tenders/decp/")
    data = response.json()
    assert errors(validator, data) == []
    assert [marche["id"] for marche in data["marches"]["marche"]] == ["2026-GC-01-L1"]
    assert response["X-Awards-Without-Contract-Data"] == "1"
    assert api.get("/api/v1/tenders/decp/?year=2025")["X-Awards-Without-Contract-Data"] == "0"
    # The award itself stays public, its contract data shown as unknown.
    awards = api.get(f"/api/v1/tenders/{tender.pk}/").json()["awards"]
    assert awards[1]["lot_number"] == 2
    assert awards[1]["amount"] == "350000.00"
    assert {key: awards[1][key] for key in [*CONTRACT_FIELDS, "advance_rate"]} == dict.fromkeys(
        [*CONTRACT_FIELDS, "advance_rate"]
    )


def test_contract_lists_are_the_schema_lists():
    """The stored values are published as they are: they must be the format's own labels."""
    marche = decp_schema()["definitions"]["marche"]
    lists, properties = marche["definitions"], marche["properties"]
    assert PriceForm.values == properties["formePrix"]["enum"]
    assert Ccag.values == properties["ccag"]["enum"]
    assert GroupingType.values == properties["typeGroupementOperateurs"]["enum"]
    assert PriceType.values == lists["typePrixArray"]["items"]["enum"]
    assert Technique.values == lists["techniqueArray"]["items"]["enum"]
    assert ExecutionTerm.values == lists["modaliteExecutionArray"]["items"]["enum"]
    assert SocialConsideration.values == lists["considerationSocialeArray"]["items"]["enum"]
    assert (
        EnvironmentalConsideration.values
        == lists["considerationEnvironnementaleArray"]["items"]["enum"]
    )


def test_year_filter_and_validation(api, buyer, rennes, company_user):
    awarded_group_tender(buyer, rennes, company_user)
    assert len(api.get("/api/v1/tenders/decp/?year=2026").json()["marches"]["marche"]) == 2
    assert api.get("/api/v1/tenders/decp/?year=2025").json()["marches"]["marche"] == []
    for bad in ("20x6", "1850", "99999", "3000"):
        assert api.get(f"/api/v1/tenders/decp/?year={bad}").status_code == 400
