"""The whole-DCE ZIP's file name: a reference with non-Latin-1 letters (Œ, ę, …) must still give
a usable Content-Disposition (RFC 6266 ``filename*``), not a MIME-encoded header."""

import pytest

from .conftest import published_tender

pytestmark = pytest.mark.django_db


def test_zip_name_with_non_latin1_reference(api, buyer, rennes):
    tender = published_tender(buyer, rennes, reference="ŒUVRE-2026")
    response = api.get(f"/api/v1/tenders/{tender.pk}/dce.zip")
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert not header.startswith("=?utf-8?"), header
