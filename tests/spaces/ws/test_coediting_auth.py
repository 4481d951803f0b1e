"""Who may open a draft's co-editing socket: session or single-use ticket, readers and editors."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from spaces.coedit import protocol
from spaces.coedit.tickets import ticket_issue
from spaces.models import DraftTicket

from .coediting import connect, joined

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]


async def _refused(draft_id, code, **kwargs):
    connected, client = await connect(draft_id, **kwargs)
    # Accepted then closed at once, so that the client sees why.
    assert connected
    await client.closed_with(code)
    await client.disconnect()


async def test_an_editor_connects_with_the_session_cookie_and_syncs(draft, referent):
    client = await joined(draft.pk, referent)
    await client.sync()
    assert client.content == "# CCTP\n"
    await client.disconnect()


@pytest.mark.parametrize("slash", ["", "/"])
async def test_the_path_takes_a_trailing_slash_and_a_query_string(draft, referent, slash):
    client = await joined(draft.pk, referent, slash=slash, query="foo=bar")
    await client.sync()
    assert client.content == "# CCTP\n"
    await client.disconnect()


async def test_a_reader_connects_and_receives_the_text(draft, reader):
    client = await joined(draft.pk, reader)
    await client.sync(editor=False)
    assert client.content == "# CCTP\n"
    await client.nothing()  # no sync step 1 from the server: a reader has nothing to give
    await client.disconnect()


async def test_anonymous_is_refused(draft):
    await _refused(draft.pk, protocol.CLOSE_UNAUTHENTICATED)


async def test_a_user_without_access_is_refused_as_if_the_draft_did_not_exist(draft, stranger):
    await _refused(draft.pk, protocol.CLOSE_NOT_FOUND, user=stranger)


async def test_a_missing_draft_is_refused(draft, referent):
    await _refused(draft.pk + 1000, protocol.CLOSE_NOT_FOUND, user=referent)


async def test_an_inactive_users_session_is_refused(draft, referent):
    cookie_user = referent
    await sync_to_async(type(referent).objects.filter(pk=referent.pk).update)(is_active=False)
    await _refused(draft.pk, protocol.CLOSE_UNAUTHENTICATED, user=cookie_user)


async def test_a_ticket_opens_the_socket_once(draft, reader):
    ticket = await sync_to_async(ticket_issue)(user=reader, draft=draft)
    client = await joined(draft.pk, None, query=f"ticket={ticket}")
    await client.sync(editor=False)
    assert client.content == "# CCTP\n"
    await client.disconnect()

    await _refused(draft.pk, protocol.CLOSE_UNAUTHENTICATED, query=f"ticket={ticket}")


async def test_a_ticket_carries_the_users_rights(draft, referent):
    ticket = await sync_to_async(ticket_issue)(user=referent, draft=draft)
    client = await joined(draft.pk, None, query=f"ticket={ticket}")
    await client.sync(editor=True)  # an editor: the server asks for what it lacks
    await client.disconnect()


async def test_an_expired_ticket_is_refused(draft, referent):
    ticket = await sync_to_async(ticket_issue)(user=referent, draft=draft)
    await sync_to_async(DraftTicket.objects.update)(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    await _refused(draft.pk, protocol.CLOSE_UNAUTHENTICATED, query=f"ticket={ticket}")


async def test_a_ticket_for_another_draft_is_refused(draft, referent, space):
    from spaces.services import draft_create

    other = await sync_to_async(draft_create)(actor=referent, space=space, title="RC")
    ticket = await sync_to_async(ticket_issue)(user=referent, draft=other)
    await _refused(draft.pk, protocol.CLOSE_UNAUTHENTICATED, query=f"ticket={ticket}")


async def test_a_bad_ticket_is_refused_even_with_a_valid_session(draft, referent):
    await _refused(
        draft.pk, protocol.CLOSE_UNAUTHENTICATED, user=referent, query="ticket=not-a-ticket"
    )
