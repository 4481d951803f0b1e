"""Access taken back (or given) while a socket is open applies to that socket, not only to the
next connection: the spaces services tell open sockets at once, and every socket asks again
every ``COEDIT_ACCESS_RECHECK_SECONDS`` for changes made elsewhere."""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collectivites.models import Membership
from collectivites.services import membership_delete
from spaces import consumers
from spaces.coedit import access, protocol
from spaces.consumers import READ_ONLY_REASON
from spaces.models import Draft
from spaces.services import draft_approve, draft_update, space_member_remove, space_member_set

from .coediting import joined, new_drafts
from .test_coediting_sync import count_updates

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]

DENIED = protocol.permission_denied_message(READ_ONLY_REASON)


async def _handled(client) -> None:
    """Query-awareness is answered after every frame sent before it was handled."""
    await client.send(protocol.var_uint(protocol.MESSAGE_QUERY_AWARENESS))
    await client.receive_awareness()


async def _denied_and_not_stored(client, draft, stored: int) -> None:
    await client.edit(" refusé")
    assert await client.receive() == DENIED
    assert await count_updates(draft.pk) == stored


async def test_a_collectivite_taken_out_of_the_space_is_disconnected_at_once(
    draft, space, referent, animator, reader, brest
):
    editor = await joined(draft.pk, referent)
    await editor.sync()
    brest_agent = await joined(draft.pk, reader)
    await brest_agent.sync(editor=False)
    await sync_to_async(space_member_remove)(actor=animator, space=space, collectivite=brest)
    await brest_agent.closed_with(protocol.CLOSE_NOT_FOUND)
    # The others stay, and still edit.
    await editor.edit(" suite")
    await _handled(editor)
    assert await count_updates(draft.pk) == 1
    await editor.disconnect()
    await brest_agent.disconnect()


async def test_an_editor_collectivite_made_reader_can_no_longer_write(
    draft, space, referent, animator, brest, rennes
):
    # Brest edits too, so that Rennes may become a reader (a space keeps an editor).
    await sync_to_async(space_member_set)(
        actor=animator, space=space, collectivite=brest, role="editor"
    )
    editor = await joined(draft.pk, referent)
    await editor.sync()
    await editor.edit(" avant")
    await _handled(editor)
    assert await count_updates(draft.pk) == 1
    await sync_to_async(space_member_set)(
        actor=animator, space=space, collectivite=rennes, role="reader"
    )
    assert await editor.receive() == DENIED  # told at once
    await _denied_and_not_stored(editor, draft, stored=1)
    await editor.disconnect()


async def test_a_reader_collectivite_made_editor_writes_without_reconnecting(
    draft, space, referent, animator, reader, brest
):
    brest_agent = await joined(draft.pk, reader)
    await brest_agent.sync(editor=False)
    await _denied_and_not_stored(brest_agent, draft, stored=0)
    await sync_to_async(space_member_set)(
        actor=animator, space=space, collectivite=brest, role="editor"
    )
    # The server asks for what it lacks: the client answers with its state, its earlier
    # (refused) edit included, which is now stored.
    server_step1 = await brest_agent.receive_message()
    assert (server_step1.type, server_step1.sub_type) == (0, protocol.SYNC_STEP1)
    await brest_agent.send(
        protocol.sync_message(protocol.SYNC_STEP2, brest_agent.doc.get_update(server_step1.payload))
    )
    await brest_agent.edit(" accepté")
    await _handled(brest_agent)
    assert await count_updates(draft.pk) == 2
    newcomer = await joined(draft.pk, referent)
    await newcomer.sync()
    assert newcomer.content == "# CCTP\n refusé accepté"
    for client in (brest_agent, newcomer):
        await client.disconnect()


@sync_to_async
def _publish(draft, referent) -> None:
    draft = Draft.objects.get(pk=draft.pk)
    draft_approve(actor=referent, draft=draft)
    draft_update(actor=referent, draft=Draft.objects.get(pk=draft.pk), status="published")


async def test_publishing_makes_every_open_editor_read_only(draft, referent, agent):
    first = await joined(draft.pk, referent)
    await first.sync()
    second = await joined(draft.pk, agent)
    await second.sync()
    await _publish(draft, referent)
    for client in (first, second):
        assert await client.receive() == DENIED
    await _denied_and_not_stored(second, draft, stored=0)
    await first.nothing()
    for client in (first, second):
        await client.disconnect()


async def test_a_published_draft_takes_no_update_even_before_its_sockets_are_told(
    draft, referent, monkeypatch
):
    """The store refuses it under the draft row's lock, whatever a socket still believes."""
    monkeypatch.setattr(access, "access_changed", lambda draft_ids: None)
    editor = await joined(draft.pk, referent)
    await editor.sync()
    await _publish(draft, referent)
    await editor.nothing()  # not told
    await _denied_and_not_stored(editor, draft, stored=0)
    await _denied_and_not_stored(editor, draft, stored=0)  # now read-only on the socket too
    status = await sync_to_async(lambda: Draft.objects.get(pk=draft.pk).status)()
    assert status == Draft.Status.PUBLISHED
    await editor.disconnect()


async def test_an_agent_leaving_the_collectivite_is_disconnected_at_the_next_check(
    draft, referent, agent, settings
):
    """Memberships change outside spaces: the regular check catches it."""
    settings.COEDIT_ACCESS_RECHECK_SECONDS = 0.2
    leaving = await joined(draft.pk, agent)
    await leaving.sync()
    staying = await joined(draft.pk, referent)
    await staying.sync()
    membership = await sync_to_async(Membership.objects.get)(user=agent)
    await sync_to_async(membership_delete)(actor=referent, membership=membership)
    await leaving.closed_with(protocol.CLOSE_NOT_FOUND)
    await staying.edit(" reste")
    await _handled(staying)
    assert await count_updates(draft.pk) == 1
    await leaving.disconnect()
    await staying.disconnect()


async def test_a_deactivated_account_is_disconnected_at_the_next_check(draft, referent, settings):
    settings.COEDIT_ACCESS_RECHECK_SECONDS = 0.2
    client = await joined(draft.pk, referent)
    await client.sync()
    referent.is_active = False
    await sync_to_async(referent.save)(update_fields=["is_active"])
    await client.closed_with(protocol.CLOSE_UNAUTHENTICATED)
    await client.disconnect()


def test_asking_again_does_not_read_the_document(draft, referent):
    """Every open socket asks again every ``COEDIT_ACCESS_RECHECK_SECONDS``: the answer needs the
    draft's status and space, not its snapshot, markdown and html (hundreds of kB for a long
    draft, read for each socket at each check)."""
    Draft.objects.filter(pk=draft.pk).update(
        snapshot=b"\x01" * 100_000, markdown="# CCTP\n" * 10_000, html="<h1>CCTP</h1>" * 10_000
    )
    with CaptureQueriesContext(connection) as queries:
        answer = access.access_now(referent.pk, draft.pk)

    assert answer.can_edit
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for column in access.DOCUMENT_FIELDS:
        assert f'"spaces_draft"."{column}"' not in read


async def test_rooms_loaded_together_ask_at_spread_moments_within_the_period(
    space, referent, settings, monkeypatch
):
    """Rooms opened at the same moment must not all ask at the same moments: at 200 drafts ×
    5 editors, every socket's check at once held each worker for seconds (bench, session 24).
    Each room asks first at a random point of the second half of the period, so still within
    one period of its connections' own check."""
    period = settings.COEDIT_ACCESS_RECHECK_SECONDS = 2.0
    drafts = await new_drafts(space, referent, 12)
    joined_at: dict[int, float] = {}
    first_asked: dict[int, float] = {}
    ask = consumers.access_now

    def recording(user_id: int, draft_id: int):
        first_asked.setdefault(draft_id, time.monotonic())
        return ask(user_id, draft_id)

    async def join(draft_id: int):
        client = await joined(draft_id, referent)
        joined_at[draft_id] = time.monotonic()
        return client

    monkeypatch.setattr(consumers, "access_now", recording)
    clients = await asyncio.gather(*(join(d.pk) for d in drafts))
    try:
        await asyncio.gather(*(client.sync() for client in clients))
        await asyncio.sleep(period + 0.5)
    finally:
        await asyncio.gather(*(client.disconnect() for client in clients))

    assert sorted(first_asked) == sorted(d.pk for d in drafts)  # every room, within a period
    delays = sorted(first_asked[d] - joined_at[d] for d in first_asked)
    assert period / 2 - 0.3 < delays[0] and delays[-1] < period + 0.3, delays
    # On a fixed schedule every delay is one period; spread, 12 random points of its half.
    assert delays[-1] - delays[0] > period / 5, delays
