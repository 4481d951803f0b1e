"""Fixtures of the co-editing socket tests: their own space and draft, and ``worker_rooms``."""

import asyncio

import pytest

from spaces.coedit import log_writer, rooms
from spaces.services import draft_create, space_create
from tests.factories import CollectiviteFactory, MembershipFactory


@pytest.fixture
async def worker_rooms(channel_layer):
    """A fresh room registry: this test's "worker", on the test's own channel layer.

    Patched through a context of its own, so that a test undoing its ``monkeypatch`` does not
    put the process-wide registry back in the middle of the test.
    """
    registry = rooms.RoomRegistry()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rooms, "registry", registry)
        yield registry
        # A room unloads (enqueuing its compaction) just after its last connection leaves; wait
        # for that too, or its database connection outlives the test (and the test database).
        for _ in range(400):  # 20 s: 16 rooms unloading on a loaded 2-core CI machine took > 5 s
            if registry.idle():
                break
            await asyncio.sleep(0.05)
        assert not registry.rooms, "a connection was left open or a room was not unloaded"
        assert registry.idle(), "a room was still unloading or compacting"
        # The worker stops. Its last room closed the loop's log connection, but tests that
        # append through log_writer without a room leave it open, and the event loop outlives
        # the test: kept, it held the test database open at the end of the run.
        await log_writer.close()


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
