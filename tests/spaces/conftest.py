"""A space shared by Rennes and Quimper (editors) and Vannes (reader), and people in every role.

``ROLES`` names who may be asked anything: ``as_role(name)`` gives an API client acting as that
person (``anonymous`` has no credentials).
"""

import pytest
from rest_framework.test import APIClient

from spaces.services import draft_create, space_create

from ..factories import CollectiviteFactory, MembershipFactory

ROLES = [
    "anonymous",
    "outsider",
    "reader_agent",
    "editor_agent",
    "referent",
    "animator",
    "superuser",
]
EDITORS = ["editor_agent", "referent", "superuser"]
READERS_ONLY = ["reader_agent", "animator"]  # see, but may not write the text
NO_ACCESS = ["outsider"]

CCTP = """# CCTP — Entretien de la voirie

## Article 1 — Objet

Le présent marché porte sur l'entretien des voies communales[^1].

| Lot | Désignation |
|-----|-------------|
| 1 | Enrobés |

[^1]: Voir le règlement de voirie.
"""


@pytest.fixture
def quimper(db):
    return CollectiviteFactory(name="Quimper", kind="commune", departement_code="29")


@pytest.fixture
def vannes(db):
    return CollectiviteFactory(name="Vannes", kind="commune", departement_code="56")


@pytest.fixture
def editor_agent(agent):
    return agent


@pytest.fixture
def quimper_agent(quimper):
    return MembershipFactory(collectivite=quimper, role="agent").user


@pytest.fixture
def reader_agent(vannes):
    return MembershipFactory(collectivite=vannes, role="agent").user


@pytest.fixture
def space(animator, rennes, quimper, vannes):
    return space_create(
        actor=animator,
        title="Voirie mutualisée",
        description="CCTP communs d'entretien de voirie",
        members=[(rennes, "editor"), (quimper, "editor"), (vannes, "reader")],
    )


@pytest.fixture
def draft(space, agent):
    return draft_create(actor=agent, space=space, title="CCTP voirie 2027", markdown=CCTP)


@pytest.fixture
def as_role(request, client_for, space):
    """An API client for a role of ``ROLES``; the space (and its members) exist first."""

    def make(role: str) -> APIClient:
        if role == "anonymous":
            return APIClient()
        return client_for(request.getfixturevalue(role))

    return make
