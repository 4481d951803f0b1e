"""Two decisions of the membership rules, through the API.

* A referent who adds a person already acting for another collectivité sends an invitation: the
  person accepts it themself, and the referent's answer never names their account.
* A referent changing their own capabilities (buyer, act officer) is written to the audit log
  and told to the collectivité's other referents by e-mail.
"""

import pytest
from django.core import mail

from collectivites.models import AuditEvent, Invitation, Membership

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def brest_agent(brest):
    user = UserFactory(username="yann.brest", email="yann@brest.bzh")
    MembershipFactory(collectivite=brest, user=user, role="agent")
    return user


def members_url(collectivite) -> str:
    return f"/api/v1/collectivites/{collectivite.pk}/memberships/"


def test_a_person_of_another_collectivite_is_invited_and_accepts(
    client_for, referent, rennes, brest_agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(referent).post(
            members_url(rennes),
            {"email": "YANN@brest.bzh", "role": "agent", "capabilities": ["buyer"]},
            format="json",
        )
    assert answer.status_code == 202, answer.json()
    body = answer.json()
    assert body["email"] == "YANN@brest.bzh"  # as typed
    assert brest_agent.username not in str(body)
    assert body["collectivite"]["id"] == rennes.pk and body["capabilities"] == ["buyer"]
    assert not Membership.objects.filter(user=brest_agent, collectivite=rennes).exists()
    event = AuditEvent.objects.get(action="membership.invited")
    assert brest_agent.username not in str(event.details)
    (sent,) = mail.outbox
    assert sent.to == ["yann@brest.bzh"] and "Rennes" in sent.subject

    # Asked twice: one invitation is pending already.
    again = client_for(referent).post(members_url(rennes), {"email": "yann@brest.bzh"})
    assert again.status_code == 409

    # The invited person sees it in their account, and nobody else may accept it.
    me = client_for(brest_agent).get("/api/v1/me/").json()
    (invitation,) = me["invitations"]
    assert invitation["collectivite"]["name"] == "Rennes"
    accept = f"/api/v1/me/invitations/{invitation['id']}/accept/"
    assert client_for(referent).post(accept).status_code == 404

    accepted = client_for(brest_agent).post(accept)
    assert accepted.status_code == 201, accepted.json()
    membership = Membership.objects.get(user=brest_agent, collectivite=rennes)
    assert membership.capabilities == ["buyer"] and membership.role == "agent"
    assert brest_agent.groups.filter(pk=rennes.group_id).exists()
    assert AuditEvent.objects.filter(
        action="membership.invitation_accepted", actor=brest_agent, collectivite=rennes
    ).exists()
    assert client_for(brest_agent).get("/api/v1/me/").json()["invitations"] == []
    assert client_for(brest_agent).post(accept).status_code == 409


def test_a_new_person_or_one_without_collectivite_is_added_directly(client_for, referent, rennes):
    loose = UserFactory(username="sans.collectivite", email="libre@exemple.bzh")
    answer = client_for(referent).post(members_url(rennes), {"email": "libre@exemple.bzh"})
    assert answer.status_code == 201
    assert Membership.objects.filter(user=loose, collectivite=rennes).exists()
    fresh = client_for(referent).post(members_url(rennes), {"email": "nouveau@exemple.bzh"})
    assert fresh.status_code == 201
    assert not Invitation.objects.exists()


def test_a_referent_changing_their_own_capabilities_is_audited_and_told(
    client_for, rennes, django_capture_on_commit_callbacks
):
    me = MembershipFactory(collectivite=rennes, role="referent")
    other = MembershipFactory(collectivite=rennes, role="referent")
    agent = MembershipFactory(collectivite=rennes, role="agent")
    for membership, address in ((me, "moi"), (other, "autre"), (agent, "agent")):
        membership.user.email = f"{address}@rennes.bzh"
        membership.user.save()
    url = f"{members_url(rennes)}{me.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(me.user).patch(url, {"capabilities": ["buyer"]}, format="json")
    assert answer.status_code == 200
    event = AuditEvent.objects.get(action="membership.own_updated")
    assert event.actor == me.user and event.collectivite == rennes
    assert event.details["after"]["capabilities"] == ["buyer"]
    (sent,) = mail.outbox
    assert sent.to == ["autre@rennes.bzh"]  # the other referents only: not the agent, not self
    assert "acheteur" in sent.body

    # Changing somebody else's capabilities is an ordinary update, told to nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(me.user).patch(
            f"{members_url(rennes)}{agent.pk}/", {"capabilities": ["buyer"]}, format="json"
        )
    assert AuditEvent.objects.filter(action="membership.updated").exists()
    assert mail.outbox == []
