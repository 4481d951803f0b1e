"""Spaces are Wagtail pages, and Wagtail serves live pages under /pages/ to anyone."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_anonymous_cannot_reach_a_space_page_through_wagtail(space):
    client = Client(raise_request_exception=False)
    response = client.get(space.url or f"/pages{space.url_path}")
    # A space is private to its collectivités: no title/description leak, and no 500 either.
    assert response.status_code == 404, (space.url, response.status_code)


def test_anonymous_cannot_reach_the_space_index_through_wagtail(space):
    client = Client(raise_request_exception=False)
    response = client.get("/pages/espaces/")
    assert response.status_code == 404, response.status_code
