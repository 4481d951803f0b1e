"""The tender list's labels are the model's display values (api.serializers.ChoiceLabelField)."""

import pytest

from .conftest import published_tender

pytestmark = pytest.mark.django_db


def test_the_tender_list_shows_the_labels(api, buyer, rennes):
    tender = published_tender(buyer, rennes)
    row = api.get("/api/v1/tenders/").json()["results"][0]
    assert row["status_label"] == tender.get_status_display() == "Publiée"
    assert row["procedure_label"] == tender.get_procedure_display()
    assert row["nature_label"] == tender.get_nature_display()
    assert row["buyer"]["id"] == rennes.pk
