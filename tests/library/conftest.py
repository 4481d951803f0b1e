"""A library with pages of every kind."""

import pytest

from library.tree import library_index


@pytest.fixture
def index(platform):
    return library_index()
