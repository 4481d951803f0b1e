"""CPV codes: the official list's format (8 digits, a division of the list, a dash and the check
digit; a division code's digit is the list's), and lot-level codes searchable."""

import pytest
from django.core.exceptions import ValidationError

from tenders.validators import CPV_DIVISIONS, validate_cpv_code

pytestmark = pytest.mark.django_db

KNOWN_VALID = [
    "03000000-1",
    "45000000-7",
    "71000000-8",
    "15000000-8",
    "90000000-7",
    "45261000-4",
    "09310000-5",
    "77310000-6",
    "45233140-2",
    "30192000-1",
    "66510000-8",
    "72224000-1",
    "45262000",  # no check digit: accepted (older data), the list's format otherwise
]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_valid_codes_pass(code):
    validate_cpv_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "03000000-2",  # a division's check digit must be the list's (1)
        "45000000-1",
        "01000000-0",  # no division 01
        "99000000-0",
        "4526100-4",  # 7 digits
        "45261000-",
        "45261000-42",
        "4526100A-4",
        "",
    ],
)
def test_invalid_codes_are_refused(code):
    with pytest.raises(ValidationError):
        validate_cpv_code(code)


def test_the_divisions_are_the_45_of_the_list():
    assert len(CPV_DIVISIONS) == 45


def test_an_invalid_code_is_a_400_naming_the_field(client_for, buyer, rennes):
    response = client_for(buyer).post(
        "/api/v1/tenders/",
        {
            "buyer": rennes.pk,
            "reference": "CPV-1",
            "title": "Test",
            "procedure": "mapa",
            "nature": "services",
            "estimated_value": "1000",
            "cpv_codes": ["03000000-2"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "cpv_codes" in response.json()["extra"]["fields"]


def test_a_lot_cpv_code_is_searchable(client_for, api, buyer, rennes):
    from .conftest import published_tender

    tender = published_tender(
        buyer,
        rennes,
        cpv_codes=["45000000-7"],
        lots=[{"number": 1, "title": "Charpente", "cpv_code": "45261000-4"}],
    )
    found = api.get("/api/v1/tenders/", {"cpv": "452610"}).json()
    assert [item["id"] for item in found["results"]] == [tender.pk]
