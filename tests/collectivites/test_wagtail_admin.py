"""Animators manage member bodies and read the audit log in the Wagtail admin."""

import pytest
from django.test import Client

from collectivites.models import AuditEvent, Collectivite

from ..factories import siren_for


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_animators_list_and_search_member_bodies(animator, rennes, brest):
    client = admin_client(animator)
    listing = client.get("/admin/collectivites/")
    assert listing.status_code == 200
    assert "Rennes" in listing.content.decode() and "Brest" in listing.content.decode()
    found = client.get("/admin/collectivites/?q=brest").content.decode()
    assert "Brest" in found and "Rennes" not in found


@pytest.mark.django_db
def test_registering_a_body_in_the_admin_goes_through_the_service(animator):
    response = admin_client(animator).post(
        "/admin/collectivites/new/",
        {
            "name": "Plougastel-Daoulas",
            "kind": "commune",
            "siren": siren_for(29189),
            "departement_code": "29",
            "adhesion_date": "2008-03-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    body = Collectivite.objects.get(name="Plougastel-Daoulas")
    assert body.group.name == f"collectivite:{body.siren}"
    assert body.search_name == "plougastel daoulas"
    assert AuditEvent.objects.filter(action="collectivite.created", actor=animator).exists()


@pytest.mark.django_db
def test_editing_in_the_admin_is_audited_with_what_changed(animator, rennes):
    response = admin_client(animator).post(
        f"/admin/collectivites/edit/{rennes.pk}/",
        {
            "name": "Ville de Rennes",
            "kind": "commune",
            "siren": rennes.siren,
            "departement_code": "35",
            "adhesion_date": "2007-01-15",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="collectivite.updated")
    assert event.details["changes"] == {"name": ["Rennes", "Ville de Rennes"]}


@pytest.mark.django_db
def test_an_invalid_siren_is_shown_on_the_form(animator):
    response = admin_client(animator).post(
        "/admin/collectivites/new/",
        {
            "name": "X",
            "kind": "commune",
            "siren": "123456789",
            "departement_code": "29",
            "adhesion_date": "2008-03-01",
        },
    )
    assert response.status_code == 200
    assert "SIREN" in response.content.decode()
    assert not Collectivite.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_nobody_deletes_a_member_body_in_the_admin(animator, rennes):
    client = admin_client(animator)
    assert client.get(f"/admin/collectivites/delete/{rennes.pk}/").status_code in (302, 403)
    assert Collectivite.objects.filter(pk=rennes.pk).exists()


@pytest.mark.django_db
def test_animators_read_the_audit_log_but_cannot_change_it(animator, rennes, referent):
    client = admin_client(animator)
    listing = client.get("/admin/journal/")
    assert listing.status_code == 200
    assert "membership.created" in listing.content.decode()
    event = AuditEvent.objects.filter(action="membership.created").first()
    assert client.get(f"/admin/journal/inspect/{event.pk}/").status_code == 200
    assert client.get(f"/admin/journal/edit/{event.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/journal/delete/{event.pk}/").status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["referent", "agent", "moderator"])
def test_other_roles_get_neither_view(request, role, platform, rennes):
    client = admin_client(request.getfixturevalue(role))
    for path in ["/admin/collectivites/", "/admin/journal/", "/admin/collectivites/new/"]:
        assert client.get(path).status_code in (302, 403), path
