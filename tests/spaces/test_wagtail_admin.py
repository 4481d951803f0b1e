"""Animators see the spaces in Wagtail's page tree; spaces are created through the API only."""

import pytest
from django.test import Client

from spaces.services import space_index

pytestmark = pytest.mark.django_db


def test_animators_see_spaces_in_the_page_tree_and_cannot_add_one_there(animator, space):
    client = Client()
    client.force_login(animator)
    index = space_index()
    listing = client.get(f"/admin/pages/{index.pk}/")
    assert listing.status_code == 200
    assert "Voirie mutualisée" in listing.content.decode()
    edit = client.get(f"/admin/pages/{space.pk}/edit/")
    assert edit.status_code == 200 and "CCTP communs d" in edit.content.decode()
    add = client.get(f"/admin/pages/add/spaces/spacepage/{index.pk}/")
    assert add.status_code in (302, 403, 404)
