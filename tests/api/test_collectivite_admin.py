"""Animators register and edit member bodies through the API; nobody else may."""

import pytest

from collectivites.models import AuditEvent, Collectivite

from ..factories import siren_for

NEW_BODY = {
    "name": "Plougastel-Daoulas",
    "kind": "commune",
    "siren": siren_for(29189),
    "departement_code": "29",
    "adhesion_date": "2008-03-01",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("animator", 201),
        ("superuser", 201),
        ("referent", 403),
        ("agent", 403),
        ("moderator", 403),
        ("company_user", 403),
    ],
)
def test_who_may_register_a_member_body(request, client_for, role, expected, rennes):
    response = client_for(request.getfixturevalue(role)).post("/api/v1/collectivites/", NEW_BODY)
    assert response.status_code == expected
    assert Collectivite.objects.filter(name="Plougastel-Daoulas").exists() is (expected == 201)
    if expected == 201:
        body = response.json()
        assert body["kind_label"] == "Commune" and body["is_active"] is True
        assert AuditEvent.objects.filter(
            action="collectivite.created", object_id=str(body["id"])
        ).exists()


@pytest.mark.django_db
def test_anonymous_must_authenticate_to_register(api):
    assert api.post("/api/v1/collectivites/", NEW_BODY).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siren", "123456789"),
        ("siren", "12345"),
        ("departement_code", "99"),
        ("kind", "empire"),
        ("adhesion_date", "hier"),
    ],
)
def test_invalid_bodies_are_refused_field_by_field(client_for, animator, field, value):
    response = client_for(animator).post("/api/v1/collectivites/", {**NEW_BODY, field: value})
    assert response.status_code == 400
    assert field in response.json()["extra"]["fields"]
    assert not Collectivite.objects.exists()


@pytest.mark.django_db
def test_a_siren_is_registered_once(client_for, animator, rennes):
    response = client_for(animator).post(
        "/api/v1/collectivites/", {**NEW_BODY, "siren": rennes.siren}
    )
    assert response.status_code == 400
    assert "siren" in response.json()["extra"]["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"), [("animator", 200), ("referent", 403), ("outsider", 403)]
)
def test_who_may_edit_or_deactivate_a_member_body(request, client_for, role, expected, rennes):
    response = client_for(request.getfixturevalue(role)).patch(
        f"/api/v1/collectivites/{rennes.pk}/", {"name": "Ville de Rennes", "is_active": False}
    )
    assert response.status_code == expected
    rennes.refresh_from_db()
    assert (rennes.name == "Ville de Rennes") is (expected == 200)
    if expected == 200:
        event = AuditEvent.objects.get(action="collectivite.updated")
        assert event.details["changes"]["name"] == ["Rennes", "Ville de Rennes"]


@pytest.mark.django_db
def test_renaming_keeps_the_directory_search_in_step(client_for, animator, api, rennes):
    client_for(animator).patch(f"/api/v1/collectivites/{rennes.pk}/", {"name": "Roazhon"})
    assert api.get("/api/v1/collectivites/?search=roazhon").json()["count"] == 1
