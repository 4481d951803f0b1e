"""Fixtures of the co-editing socket tests: their own space and draft, and ``worker_rooms``."""

import asyncio

import pytest
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer

from spaces.coedit import rooms
from spaces.services import draft_create, space_create
from tests.factories import CollectiviteFactory, MembershipFactory


@pytest.fixture
async def worker_rooms(monkeypatch):
    """A fresh room registry (this test's "worker"); every room must be gone at the end."""
    registry = rooms.RoomRegistry()
    monkeypatch.setattr(rooms, "registry", registry)
    layer = get_channel_layer()
    if isinstance(layer, RedisChannelLayer):
        # flush() closes the connection pools of every event loop that used the layer; the
        # browser tests' in-process server used it from its own loop, and closing that pool
        # from this one fails ("attached to a different loop"). Forget the other loops' pools
        # (a loop that uses the layer again opens a new one), flush only this loop's.
        loop = asyncio.get_running_loop()
        for other in [key for key in layer._layers if key is not loop]:
            del layer._layers[other]
    await layer.flush()
    yield registry
    assert not registry.rooms, "a connection was left open or a room was not unloaded"


@pytest.fixture
def space(animator, rennes, brest):
    """Rennes edits, Brest reads."""
    return space_create(
        actor=animator, title="CCTP voirie", members=[(rennes, "editor"), (brest, "reader")]
    )


@pytest.fixture
def draft(space, referent):
    return draft_create(actor=referent, space=space, title="CCTP", markdown="# CCTP\n")


@pytest.fixture
def reader(brest):
    return MembershipFactory(collectivite=brest, role="agent").user


@pytest.fixture
def stranger(db):
    """An agent of a collectivité that is not a member of the space."""
    quimper = CollectiviteFactory(name="Quimper", kind="commune", departement_code="29")
    return MembershipFactory(collectivite=quimper, role="referent").user
