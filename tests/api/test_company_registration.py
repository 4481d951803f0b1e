"""Companies sign themselves up with a valid SIRET."""

import pytest

from collectivites.models import Company

from ..factories import siret_for

URL = "/api/v1/companies/register/"


def registration(**overrides):
    return {
        "company_name": "Menuiserie du Trégor",
        "siret": siret_for(424242),
        "username": "menuiserie.tregor",
        "email": "contact@menuiserie-tregor.example",
        "password": "Copeaux-de-chene-2008",
        "first_name": "Erwan",
        **overrides,
    }


@pytest.mark.django_db
def test_a_company_registers_and_can_log_in(api):
    response = api.post(URL, registration())
    assert response.status_code == 201
    body = response.json()
    assert body["company"]["name"] == "Menuiserie du Trégor"
    assert body["memberships"] == []
    token = api.post(
        "/api/v1/auth/token/",
        {"username": "menuiserie.tregor", "password": "Copeaux-de-chene-2008"},
    )
    assert token.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"siret": "12345678901234"}, "siret"),
        ({"siret": "1234"}, "siret"),
        ({"password": "123"}, "password"),
        ({"email": "nope"}, "email"),
        ({"username": "with space"}, "username"),
    ],
)
def test_invalid_registrations_are_field_errors_and_create_nothing(api, overrides, field):
    response = api.post(URL, registration(**overrides))
    assert response.status_code == 400
    assert field in response.json()["extra"]["fields"]
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_a_siret_registers_once(api):
    assert api.post(URL, registration()).status_code == 201
    again = api.post(URL, registration(username="autre", email="autre@example.org"))
    assert again.status_code == 409
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_a_taken_username_is_a_conflict(api, agent):
    response = api.post(URL, registration(username=agent.username))
    assert response.status_code == 409
    assert not Company.objects.exists()
