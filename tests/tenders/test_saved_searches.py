"""Companies' saved searches: CRUD of their own (nobody else's), what each finds (CPV prefix,
lot codes included, département, keyword, buyer), and new consultations e-mailed once."""

import pytest
from django.core import mail

from tenders.models import SavedSearch, SavedSearchAlert
from tenders.tasks import alert_saved_searches

from ..factories import CompanyFactory, UserFactory
from .conftest import published_tender

pytestmark = pytest.mark.django_db
URL = "/api/v1/me/saved-searches/"


def _create(client, **fields):
    return client.post(URL, {"name": "Toitures", **fields}, format="json")


def test_a_company_saves_lists_edits_and_deletes_its_searches(client_for, company_user):
    client = client_for(company_user)
    created = _create(client, cpv_prefix="4526", departement="35", keyword="école")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert [item["id"] for item in client.get(URL).json()["results"]] == [pk]
    patched = client.patch(f"{URL}{pk}/", {"email_alerts": False}, format="json")
    assert patched.status_code == 200 and patched.json()["email_alerts"] is False
    assert patched.json()["cpv_prefix"] == "4526"
    assert client.delete(f"{URL}{pk}/").status_code == 204
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"cpv_prefix": "45A"}, "cpv_prefix"),
        ({"departement": "351"}, None),  # 3 digits: overseas departments are valid
        ({"departement": "3X"}, "departement"),
        ({}, "cpv_prefix"),  # no criterion at all
    ],
)
def test_invalid_searches_are_a_400_naming_the_field(client_for, company_user, fields, field):
    response = _create(client_for(company_user), **fields)
    if field is None:
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert field in response.json()["extra"]["fields"]
    assert not SavedSearch.objects.exists()


def test_a_search_is_its_owners_alone(client_for, company_user, buyer, superuser):
    pk = _create(client_for(company_user), keyword="toiture").json()["id"]
    other = UserFactory(username="concurrent", company=CompanyFactory())
    for intruder in (other, superuser):
        client = client_for(intruder)
        assert client.get(f"{URL}{pk}/").status_code == 404
        assert client.patch(f"{URL}{pk}/", {"name": "x"}, format="json").status_code == 404
        assert client.delete(f"{URL}{pk}/").status_code == 404
        assert client.get(URL).json()["results"] == []
    assert _create(client_for(buyer), keyword="x").status_code == 403  # not a company


def test_results_follow_cpv_lot_codes_departement_keyword_and_buyer(
    client_for, company_user, buyer, rennes
):
    roof = published_tender(
        buyer,
        rennes,
        reference="T-1",
        cpv_codes=["45000000-7"],
        lots=[{"number": 1, "title": "Charpente", "cpv_code": "45261000-4"}],
    )
    published_tender(buyer, rennes, reference="T-2", title="Nettoyage", cpv_codes=["90911200-8"])
    client = client_for(company_user)

    def found(**fields):
        pk = _create(client, **fields).json()["id"]
        return [item["id"] for item in client.get(f"{URL}{pk}/results/").json()["results"]]

    assert found(cpv_prefix="4526") == [roof.pk]  # through the lot's code
    assert found(keyword="ecole toiture") == [roof.pk]  # accents folded
    assert found(departement="29") == []
    assert len(found(departement="35", buyer=rennes.pk)) == 2


def test_new_consultations_are_emailed_once(
    client_for, company_user, buyer, rennes, django_capture_on_commit_callbacks
):
    company_user.email = "veille@armor.example"
    company_user.save()
    _create(client_for(company_user), cpv_prefix="4526")
    _create(client_for(company_user), name="Nettoyage", cpv_prefix="9091")
    tender = published_tender(buyer, rennes, reference="T-3", cpv_codes=["45261000-4"])
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_saved_searches.enqueue().return_value == 1
    (message,) = mail.outbox
    assert message.to == ["veille@armor.example"]
    assert tender.reference in message.body and "Toitures" in message.subject
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_saved_searches.enqueue().return_value == 0  # once
    assert len(mail.outbox) == 1
    assert SavedSearchAlert.objects.count() == 1
