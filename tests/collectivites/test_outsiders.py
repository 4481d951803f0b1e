"""The collectivités' write services enforce who may call them: called directly by an outsider
(an account with no membership, no platform role, no company), each refuses and writes nothing
— no row, no group change, no audit event."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from collectivites import services
from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.models import (
    AuditEvent,
    Collectivite,
    Company,
    Invitation,
    Membership,
    User,
)
from collectivites.roles import PlatformRole

from ..factories import MembershipFactory, UserFactory, siren_for, siret_for

pytestmark = pytest.mark.django_db


def _state() -> dict:
    return {
        "collectivites": list(Collectivite.objects.values_list("pk", "name", "is_active")),
        "companies": Company.objects.count(),
        "users": User.objects.count(),
        "memberships": list(
            Membership.objects.values_list("pk", "role", "is_buyer", "is_act_officer")
        ),
        "groups": sorted(Group.objects.values_list("name", "user__pk")),
        "audit": AuditEvent.objects.count(),
        "invitations": list(Invitation.objects.values_list("pk", "accepted_at")),
    }


@pytest.fixture
def nobody(db):
    return UserFactory(username="personne")


@pytest.fixture
def member(rennes, referent):
    return MembershipFactory(collectivite=rennes, role="agent")


def _calls(rennes, member, referent):
    return {
        "collectivite_create": lambda actor: services.collectivite_create(
            actor=actor,
            name="Intrusville",
            kind="commune",
            siren=siren_for(999),
            departement_code="35",
            adhesion_date=date(2026, 1, 1),
        ),
        "collectivite_update": lambda actor: services.collectivite_update(
            actor=actor, collectivite=rennes, is_active=False
        ),
        "membership_create": lambda actor: services.membership_create(
            actor=actor, collectivite=rennes, user=actor, role="referent"
        ),
        "membership_update": lambda actor: services.membership_update(
            actor=actor, membership=member, role="referent", capabilities=["buyer"]
        ),
        "membership_delete": lambda actor: services.membership_delete(
            actor=actor, membership=member
        ),
        "membership_invite": lambda actor: services.membership_invite(
            actor=actor, collectivite=rennes, email="complice@exemple.bzh", role="referent"
        ),
        "company_create": lambda actor: services.company_create(
            actor=actor, name="Intrus SARL", siret=siret_for(999)
        ),
        "platform_role_grant": lambda actor: services.platform_role_grant(
            actor=actor, user=actor, role=PlatformRole.NETWORK_ANIMATOR
        ),
        "platform_role_revoke": lambda actor: services.platform_role_revoke(
            actor=actor, user=referent, role=PlatformRole.FORUM_MODERATOR
        ),
        "invitation_accept": lambda actor: services.invitation_accept(
            actor=actor, invitation=_pending_invitation(rennes, referent)
        ),
    }


def _pending_invitation(rennes, referent):
    return Invitation.objects.filter(collectivite=rennes, accepted_at__isnull=True).get()


SERVICES = [
    "collectivite_create",
    "collectivite_update",
    "membership_create",
    "membership_update",
    "membership_delete",
    "membership_invite",
    "company_create",
    "platform_role_grant",
    "platform_role_revoke",
    "invitation_accept",
]


@pytest.mark.parametrize("name", SERVICES)
def test_an_outsider_calling_a_write_service_is_refused_and_nothing_is_written(
    name, rennes, brest, member, referent, nobody
):
    # A pending invitation of a Brest agent to Rennes, for invitation_accept.
    elsewhere = MembershipFactory(collectivite=brest, role="agent").user
    services.membership_invite(actor=referent, collectivite=rennes, email=elsewhere.email)
    call = _calls(rennes, member, referent)[name]
    before = _state()
    with pytest.raises((PermissionDeniedError, NotFoundError)):
        call(nobody)
    assert _state() == before


def test_every_write_service_is_covered():
    """Services without an actor are the platform's own and listed here with their reason."""
    public = {
        name
        for name in dir(services)
        if callable(getattr(services, name))
        and getattr(getattr(services, name), "__module__", "") == services.__name__
        and not name.startswith("_")
    }
    without_actor = {
        "user_create",  # a building block of membership_invite, company_register and seeds
        "company_register",  # a company's self-registration: public by design, throttled
        "collectivite_groups_resync",  # a repair command (manage.py)
    }
    assert public - without_actor == set(SERVICES)
