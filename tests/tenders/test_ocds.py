"""OCDS 1.1 release packages, validated against the official schemas (read locally)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenders.opendata.identifiers import party_id

from .conftest import make_tender, published_tender
from .opendata_data import awarded_group_tender
from .standards import errors, ocds_package_validator

pytestmark = pytest.mark.django_db


def test_tender_package_is_valid_and_complete(api, buyer, rennes, company_user, settings):
    settings.OCDS_OCID_PREFIX = "ocds-a1b2c3-epartage"
    settings.PUBLIC_URL = "https://e-partage.example.fr"
    validator = ocds_package_validator()
    tender, member, other = awarded_group_tender(buyer, rennes, company_user)

    response = api.get(f"/api/v1/tenders/{tender.pk}/ocds/")
    assert response.status_code == 200
    package = response.json()
    assert errors(validator, package) == []
    assert package["version"] == "1.1"
    assert any("ocds_lots_extension" in url for url in package["extensions"])
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-a1b2c3-epartage-{tender.pk}"
    assert release["id"].startswith(release["ocid"] + "-")
    assert release["initiationType"] == "tender"
    # The DCE was revised after publication; both lots' contracts are notified.
    assert release["tag"] == ["tenderUpdate", "award", "contract"]
    assert [award["status"] for award in release["awards"]] == ["active", "active"]
    assert [
        (c["awardID"], c["status"], c["period"]["startDate"][:10]) for c in release["contracts"]
    ] == [
        (release["awards"][0]["id"], "active", "2026-05-04"),
        (release["awards"][1]["id"], "active", "2026-05-06"),
    ]

    roles = {party["id"]: party["roles"] for party in release["parties"]}
    assert roles[party_id(rennes.siren)] == ["buyer", "procuringEntity"]
    assert roles[party_id(member.siren)] == ["buyer"]
    assert roles[party_id(company_user.company.siret[:9])] == ["supplier"]
    assert roles[party_id(other.siret[:9])] == ["supplier"]
    body = release["tender"]
    assert body["procuringEntity"] == {"id": party_id(rennes.siren), "name": rennes.name}
    assert body["status"] == "complete"
    assert body["procurementMethod"] == "open"
    assert body["procurementMethodDetails"] == "Appel d'offres ouvert"
    assert body["mainProcurementCategory"] == "goods"
    assert body["value"] == {"amount": 2400000.0, "currency": "EUR"}
    assert {"scheme": "CPV", "id": "09310000"} in [item["classification"] for item in body["items"]]
    assert [lot["id"] for lot in body["lots"]] == ["1", "2"]
    assert body["numberOfTenderers"] == 2
    assert body["tenderPeriod"]["endDate"] and body["enquiryPeriod"]["endDate"]
    (document,) = body["documents"]
    assert document["url"].startswith(f"https://e-partage.example.fr/api/v1/tenders/{tender.pk}/")
    assert document["format"] == "application/pdf" and "dateModified" in document
    lot_awards = {award["relatedLots"][0]: award for award in release["awards"]}
    assert lot_awards["1"]["value"] == {"amount": 1890000.5, "currency": "EUR"}
    assert len(lot_awards["2"]["suppliers"]) == 2


def test_published_tender_release(api, buyer, rennes):
    tender = published_tender(buyer, rennes)
    package = api.get(f"/api/v1/tenders/{tender.pk}/ocds/").json()
    assert errors(ocds_package_validator(), package) == []
    (release,) = package["releases"]
    assert release["tag"] == ["tender"]
    assert release["tender"]["status"] == "active"
    assert "numberOfTenderers" not in release["tender"]  # bids are sealed until opened
    assert "awards" not in release


def test_drafts_have_no_release(api, client_for, buyer, rennes):
    draft = make_tender(buyer, rennes)
    assert api.get(f"/api/v1/tenders/{draft.pk}/ocds/").status_code == 404
    assert client_for(buyer).get(f"/api/v1/tenders/{draft.pk}/ocds/").status_code == 404


def test_all_tenders_in_pages_with_constant_queries(api, buyer, rennes, company_user):
    validator = ocds_package_validator()
    awarded_group_tender(buyer, rennes, company_user)
    published_tender(buyer, rennes, reference="2026-002")
    make_tender(buyer, rennes, reference="2026-003")  # a draft: not published

    with CaptureQueriesContext(connection) as few:
        package = api.get("/api/v1/tenders/ocds/").json()
    assert errors(validator, package) == []
    assert len(package["releases"]) == 2 and "links" not in package

    for index in range(4, 9):
        published_tender(buyer, rennes, reference=f"2026-00{index}")
    with CaptureQueriesContext(connection) as more:
        package = api.get("/api/v1/tenders/ocds/").json()
    assert len(package["releases"]) == 7
    assert len(more) == len(few) <= 10, [q["sql"] for q in more.captured_queries]

    first = api.get("/api/v1/tenders/ocds/", {"page_size": 3}).json()
    assert len(first["releases"]) == 3 and errors(validator, first) == []
    second = api.get(first["links"]["next"]).json()
    third = api.get(second["links"]["next"]).json()
    assert "links" not in third
    pages = [first, second, third]
    ids = [int(r["ocid"].rsplit("-", 1)[1]) for page in pages for r in page["releases"]]
    assert ids == sorted(ids) and len(ids) == 7


@pytest.mark.parametrize("query", ["page_size=0", "page_size=501", "after=x", "page_size=-1"])
def test_bad_paging_is_a_400(api, query):
    response = api.get(f"/api/v1/tenders/ocds/?{query}")
    assert response.status_code == 400
    assert "message" in response.json()
