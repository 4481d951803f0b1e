"""Referents manage their collectivité's members; others are refused, outsiders see nothing."""

import pytest
from django.core import mail

from collectivites.models import AuditEvent, Membership

from ..factories import MembershipFactory, UserFactory

MANAGERS = ["referent", "animator", "superuser"]
MEMBERS_ONLY = ["agent"]
NO_ACCESS = ["outsider", "moderator", "company_user"]


def url(collectivite, membership=None):
    base = f"/api/v1/collectivites/{collectivite.pk}/memberships/"
    return f"{base}{membership.pk}/" if membership else base


@pytest.mark.django_db
@pytest.mark.parametrize("role", MANAGERS + MEMBERS_ONLY + NO_ACCESS)
def test_who_sees_the_member_list(request, client_for, role, rennes, agent, referent):
    response = client_for(request.getfixturevalue(role)).get(url(rennes))
    if role in NO_ACCESS:
        assert response.status_code == 404
        assert response.json() == {
            "message": "Ressource introuvable.",
            "code": "not_found",
            "extra": {},
        }
    else:
        assert response.status_code == 200
        assert {m["user"]["username"] for m in response.json()["results"]} == {
            agent.username,
            referent.username,
        }


@pytest.mark.django_db
def test_anonymous_must_authenticate(api, rennes):
    assert api.get(url(rennes)).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("role", MANAGERS + MEMBERS_ONLY + NO_ACCESS)
def test_who_may_invite(request, client_for, role, rennes, agent, referent):
    response = client_for(request.getfixturevalue(role)).post(
        url(rennes),
        {
            "email": "nolwenn.le-bras@exemple.bzh",
            "first_name": "Nolwenn",
            "role": "agent",
            "capabilities": ["buyer"],
        },
    )
    expected = 201 if role in MANAGERS else 403 if role in MEMBERS_ONLY else 404
    assert response.status_code == expected, response.json()
    created = Membership.objects.filter(user__email="nolwenn.le-bras@exemple.bzh").exists()
    assert created is (expected == 201)


@pytest.mark.django_db
def test_inviting_a_new_person_creates_an_account_and_mails_an_activation_link(
    client_for, referent, rennes, django_capture_on_commit_callbacks, client, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(referent).post(
            url(rennes),
            {
                "email": "Yann.Kerbrat@exemple.bzh",
                "first_name": "Yann",
                "capabilities": ["act_officer"],
            },
        )
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["username"] == "yann.kerbrat@exemple.bzh"
    assert body["role"] == "agent" and body["capabilities"] == ["act_officer"]
    new_user = Membership.objects.get(pk=body["id"]).user
    assert not new_user.has_usable_password()
    assert new_user.groups.filter(pk=rennes.group_id).exists()

    (message,) = mail.outbox
    assert message.to == ["Yann.Kerbrat@exemple.bzh"]
    assert "Rennes" in message.subject
    link = next(line for line in message.body.splitlines() if "/compte/activer/" in line)
    assert link.startswith(f"{settings.PUBLIC_URL}/compte/activer/")
    path = link[link.index("/compte/activer/") :]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    chosen = "Kenavo-2008-Breizh"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": chosen, "new_password2": chosen}
    )
    assert done.status_code == 302
    token = client_for(None).post(
        "/api/v1/auth/token/", {"username": "yann.kerbrat@exemple.bzh", "password": chosen}
    )
    assert token.status_code == 200


@pytest.mark.django_db
def test_inviting_an_existing_person_adds_a_membership_without_mail(client_for, referent, rennes):
    """An account that acts for no collectivité yet; one that does is invited and accepts
    (test_invitations.py)."""
    person = UserFactory(username="sans.collectivite", email="libre@exemple.bzh")
    response = client_for(referent).post(url(rennes), {"email": person.email.upper()})
    assert response.status_code == 201
    assert response.json()["user"]["username"] == person.username
    assert not mail.outbox
    assert person.groups.filter(pk=rennes.group_id).exists()


@pytest.mark.django_db
def test_inviting_a_member_twice_is_a_conflict(client_for, referent, agent, rennes):
    response = client_for(referent).post(url(rennes), {"email": agent.email})
    assert response.status_code == 409
    assert agent.username in response.json()["message"]


@pytest.mark.django_db
def test_invalid_invitations_are_field_errors(client_for, referent, rennes):
    response = client_for(referent).post(
        url(rennes), {"email": "pas-un-email", "role": "maire", "capabilities": ["god"]}
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"email", "role", "capabilities"}


@pytest.mark.django_db
def test_a_company_account_cannot_become_a_member(client_for, referent, rennes, company_user):
    response = client_for(referent).post(url(rennes), {"email": company_user.email})
    assert response.status_code == 400
    assert "entreprise" in response.json()["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", MANAGERS + MEMBERS_ONLY + NO_ACCESS)
def test_who_may_change_roles_and_capabilities(request, client_for, role, rennes, agent, referent):
    membership = agent.memberships.get()
    response = client_for(request.getfixturevalue(role)).patch(
        url(rennes, membership), {"role": "referent", "capabilities": ["buyer", "act_officer"]}
    )
    expected = 200 if role in MANAGERS else 403 if role in MEMBERS_ONLY else 404
    assert response.status_code == expected
    membership.refresh_from_db()
    assert (membership.role == "referent") is (expected == 200)
    if expected == 200:
        assert response.json()["capabilities"] == ["buyer", "act_officer"]
        event = AuditEvent.objects.get(action="membership.updated")
        assert event.details["before"] == {"role": "agent", "capabilities": []}


@pytest.mark.django_db
@pytest.mark.parametrize("role", MANAGERS + MEMBERS_ONLY + NO_ACCESS)
def test_who_may_remove_a_member(request, client_for, role, rennes, agent, referent):
    membership = agent.memberships.get()
    response = client_for(request.getfixturevalue(role)).delete(url(rennes, membership))
    expected = 204 if role in MANAGERS else 403 if role in MEMBERS_ONLY else 404
    assert response.status_code == expected
    assert Membership.objects.filter(pk=membership.pk).exists() is (expected != 204)
    assert agent.groups.filter(pk=rennes.group_id).exists() is (expected != 204)


@pytest.mark.django_db
def test_the_last_referent_can_be_neither_removed_nor_demoted(
    client_for, referent, rennes, animator
):
    membership = referent.memberships.get()
    as_animator = client_for(animator)
    assert as_animator.delete(url(rennes, membership)).status_code == 409
    demoted = as_animator.patch(url(rennes, membership), {"role": "agent"})
    assert demoted.status_code == 409
    assert "au moins un référent" in demoted.json()["message"]
    membership.refresh_from_db()
    assert membership.role == "referent"

    MembershipFactory(collectivite=rennes, role="referent")
    assert as_animator.patch(url(rennes, membership), {"role": "agent"}).status_code == 200


@pytest.mark.django_db
def test_a_membership_of_another_collectivite_is_not_reachable_through_mine(
    client_for, referent, rennes, outsider, brest
):
    foreign = outsider.memberships.get(collectivite=brest)
    assert client_for(referent).delete(url(rennes, foreign)).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


@pytest.mark.django_db
def test_the_member_list_costs_the_same_number_of_queries_for_2_or_40(
    referent, rennes, django_assert_num_queries
):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()  # a token: the user is loaded afresh on every request, as in production
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=referent).key}")
    client.get(url(rennes))  # warm per-process caches (content types)
    # token+user, roles, the collectivité's visibility (guardian's permissions in the same
    # query), count, page
    with django_assert_num_queries(5):
        assert client.get(url(rennes)).json()["count"] == 1
    for _ in range(39):
        MembershipFactory(collectivite=rennes, user=UserFactory())
    with django_assert_num_queries(5):
        assert client.get(url(rennes) + "?page_size=100").json()["count"] == 40


@pytest.mark.django_db
def test_every_membership_change_is_in_the_audit_log(client_for, referent, rennes):
    client = client_for(referent)
    created = client.post(url(rennes), {"email": "gwen@exemple.bzh"}).json()
    membership = Membership.objects.get(pk=created["id"])
    client.patch(url(rennes, membership), {"capabilities": ["buyer"]})
    client.delete(url(rennes, membership))
    events = AuditEvent.objects.filter(collectivite=rennes, actor=referent).order_by("id")
    assert [e.action for e in events] == [
        "membership.created",
        "membership.updated",
        "membership.deleted",
    ]
    assert all(e.details["user"] == "gwen@exemple.bzh" for e in events)
