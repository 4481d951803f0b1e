"""Membership invariants of spaces."""

import pytest

from spaces.models import SpaceMember

pytestmark = pytest.mark.django_db


def test_a_space_cannot_be_created_without_an_editor_by_listing_a_collectivite_twice(
    client_for, animator, rennes
):
    response = client_for(animator).post(
        "/api/v1/spaces/",
        {
            "title": "Sans rédactrice",
            "members": [
                {"collectivite": rennes.pk, "role": "editor"},
                {"collectivite": rennes.pk, "role": "reader"},
            ],
        },
        format="json",
    )
    editors = SpaceMember.objects.filter(
        space__title="Sans rédactrice", role=SpaceMember.Role.EDITOR
    )
    # Either refused (400), or the space keeps an editor collectivité.
    assert response.status_code == 400 or editors.exists(), response.json()
