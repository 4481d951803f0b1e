"""Fixtures of the co-editing socket tests: their own space and draft, and ``worker_rooms``."""

import asyncio

import pytest
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers, get_channel_layer

from spaces.coedit import rooms
from spaces.services import draft_create, space_create
from tests.factories import CollectiviteFactory, MembershipFactory


@pytest.fixture
async def worker_rooms(monkeypatch):
    """A fresh room registry (this test's "worker") and a channel layer of its own.

    The browser tests' in-process server keeps using the shared layer from its own event loop;
    channels_redis refuses two loops receiving on one layer instance, and its flush closes every
    loop's pools. This test's layer instance is replaced back when it ends.
    """
    registry = rooms.RoomRegistry()
    monkeypatch.setattr(rooms, "registry", registry)
    monkeypatch.setitem(
        channel_layers.backends,
        DEFAULT_CHANNEL_LAYER,
        channel_layers.make_backend(DEFAULT_CHANNEL_LAYER),
    )
    layer = get_channel_layer()
    await layer.flush()
    yield registry
    for _ in range(100):  # a room unloads (compacting first) just after its last connection
        if not registry.rooms:
            break
        await asyncio.sleep(0.05)
    assert not registry.rooms, "a connection was left open or a room was not unloaded"
    await layer.flush()  # also closes this test's connections, on this test's loop


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
