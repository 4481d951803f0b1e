"""The durable side of co-editing: the update log, snapshots and server-side edits.

Every accepted Yjs update gets the next sequence number of its draft and is stored before it is
broadcast (``append_update``), so whatever any client has seen can be rebuilt from the database:
the snapshot on the draft row plus the updates with a greater sequence number
(``load_document``). ``compact`` folds the log into the snapshot and refreshes the rendered
markdown that REST, search and exports read. Server-side edits (restoring a version) go through
the same log and reach connected clients through the channel layer like any other update.

pycrdt-store's squash was not used: version 0.1.5 loses updates (issue 3).
"""

import functools
from typing import NamedTuple

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection, transaction
from django.utils import timezone
from pycrdt import Doc, Text, get_update, merge_updates

from ..models import Draft, DraftUpdate
from ..rendering import render_markdown

TEXT_NAME = "content"
# (user id or None, Yjs update) in the order they were accepted
Updates = list[tuple[int | None, bytes]]


def group_name(draft_id: int) -> str:
    """The channel-layer group of every connection to this draft, on every worker."""
    return f"draft-{draft_id}"


def new_document() -> tuple[Doc, Text]:
    doc = Doc()
    text = doc.get(TEXT_NAME, type=Text)
    return doc, text


def load_document(draft_id: int) -> tuple[Doc, int]:
    """The draft's document as stored: snapshot plus newer updates, and the last seq applied.

    The snapshot and the log are two reads, not one snapshot of the database (autocommit, or
    PostgreSQL's READ COMMITTED): a compaction committing between them folds entries into a
    snapshot this read did not get and deletes them from the log, and the document came back
    without them (found looking for why the fuzzer's stored text once lacked the editors' last
    characters; docs/decisions/0033). Compaction always raises ``snapshot_seq``, so the log read
    is whole when it starts right after the snapshot read, or when ``snapshot_seq`` has not moved
    since; else read again.
    """
    snapshot, seq, updates = _stored_parts(draft_id)
    doc, _text = new_document()
    if snapshot:
        doc.apply_update(snapshot)
    for update_seq, data in updates:
        doc.apply_update(data)
        seq = update_seq
    return doc, seq


def _stored_parts(draft_id: int) -> tuple[bytes, int, list[tuple[int, bytes]]]:
    """The snapshot, its seq and the newer log entries, read consistently (``load_document``)."""
    while True:
        snapshot, seq = Draft.objects.values_list("snapshot", "snapshot_seq").get(pk=draft_id)
        updates = updates_after(draft_id, seq)
        if updates and updates[0][0] == seq + 1:
            break
        if Draft.objects.values_list("snapshot_seq", flat=True).get(pk=draft_id) == seq:
            break
    return bytes(snapshot or b""), seq, updates


def _encode_with_pending(doc: Doc, sources: list[bytes]) -> bytes:
    """The document as one update, with what it holds pending: what ``sources`` (the updates it
    was built from) say that it could not integrate yet.

    yrs keeps a deletion of an item it has not received, or an item whose neighbour it has not
    received, "pending", to apply once that arrives; ``get_update`` leaves them out. A snapshot
    made with it alone forgot them, while the room's document and every client applied them
    when the missing item came: the stored text kept characters that everyone had deleted
    (the fuzzer's "stored text longer than the editors'", docs/decisions/0033, session 23).
    Stock clients never send such an update (they delete what they have, which the server
    stored first), a mangled or hostile one can. Merging keeps the sources' structures the
    document lacks (the pending ones: all others are within its state vector) and their
    deletions, which the document's own encoding already holds for every integrated item.
    """
    sources = [source for source in sources if source]
    if not sources:
        return doc.get_update()
    pending = get_update(merge_updates(*sources), doc.get_state())
    return merge_updates(doc.get_update(), pending)


def updates_after(draft_id: int, seq: int) -> list[tuple[int, bytes]]:
    """Stored updates with a sequence number greater than ``seq``, in order."""
    rows = (
        DraftUpdate.objects.filter(draft_id=draft_id, seq__gt=seq)
        .order_by("seq")
        .values_list("seq", "data")
    )
    return [(update_seq, bytes(data)) for update_seq, data in rows]


class Changes(NamedTuple):
    """What a copy of the document at ``seq`` lacks: log entries, or the whole document."""

    updates: list[tuple[int, bytes]]
    whole: bytes | None  # the full state, when the entries were compacted away
    whole_seq: int  # the seq ``whole`` is at (0 when ``whole`` is None)


def changes_after(draft_id: int, seq: int) -> Changes:
    """Bring a copy of the document at ``seq`` up to date (a worker that missed broadcasts).

    The log is gapless, so entries starting at ``seq + 1`` are complete. If compaction removed
    some of them, the whole stored document is returned instead: applying a Yjs state to a
    document that already holds part of it is harmless.
    """
    updates = updates_after(draft_id, seq)
    if updates and updates[0][0] == seq + 1:
        return Changes(updates, None, 0)
    if not updates:
        snapshot_seq = Draft.objects.values_list("snapshot_seq", flat=True).get(pk=draft_id)
        if snapshot_seq <= seq:
            return Changes([], None, 0)
    doc, whole_seq = load_document(draft_id)
    return Changes([], doc.get_update(), whole_seq)


def document_text(doc: Doc) -> str:
    return str(doc.get(TEXT_NAME, type=Text))


def current_markdown(draft_id: int) -> str:
    """The live text of the draft, including updates not yet compacted."""
    doc, _seq = load_document(draft_id)
    return document_text(doc)


class DraftReadOnly(Exception):
    """The draft was published: its text is final, no update is stored any more."""


def append_update(*, draft_id: int, user_id: int | None, data: bytes) -> int:
    """Store an accepted update under the draft's next sequence number; return that number."""
    return append_updates(draft_id=draft_id, updates=[(user_id, data)])[0]


def append_updates(*, draft_id: int, updates: Updates) -> list[int]:
    """Store accepted updates (user id, data) in order, in one transaction; return their seqs.

    Incrementing ``last_seq`` locks the draft row until commit, so concurrent writers (on any
    worker) get distinct, gapless numbers. One commit for several updates is what keeps a busy
    room from queueing behind the disk: a room stores together what arrived while the previous
    commit was running (bench/coediting/README.md). An edit voids a completed approval: an
    approved draft goes back to review (the approvals themselves are tied to a content hash).
    A published draft takes none: ``DraftReadOnly``.

    Every accepted keystroke waits for this before anyone sees it, so on PostgreSQL it is one
    statement (one round trip, its own transaction unless inside one); on SQLite, the embedded
    default, ``append_on_sqlite``'s statements in a transaction. Both run the same tests (CI
    runs both).
    """
    if not updates:
        return []
    if connection.vendor == "postgresql":
        seqs = _append_in_one_statement(draft_id, updates)
    else:
        seqs = _append_in_a_sqlite_transaction(draft_id, updates)
    if not seqs:
        # Published since the writer connected (its socket learns it at its next access check):
        # the row lock taken by the UPDATE makes this exact even against a concurrent publish.
        Draft.objects.get(pk=draft_id)  # Draft.DoesNotExist if it was deleted instead
        raise DraftReadOnly(draft_id)
    return seqs


def _last_user(updates: Updates) -> int | None:
    return next((user for user, _data in reversed(updates) if user is not None), None)


# Table and column names come from the models, so a rename cannot silently miss this query.
_APPEND_SQL = """
WITH draft AS (
    UPDATE {draft} SET
        {last_seq} = {last_seq} + %(count)s,
        {updated_at} = %(now)s,
        {updated_by} = COALESCE(%(user)s, {updated_by}),
        {status} = CASE WHEN {status} = %(approved)s THEN %(review)s ELSE {status} END
    WHERE {draft_pk} = %(draft_id)s AND {status} <> %(published)s
    RETURNING {last_seq} AS last_seq
)
INSERT INTO {update} ({update_draft}, {seq}, {data}, {update_user}, {created_at})
SELECT %(draft_id)s, draft.last_seq - %(count)s + entry.position, entry.data, entry.user_id,
       %(now)s
FROM draft,
     unnest(%(data)s::bytea[], %(users)s::bigint[]) WITH ORDINALITY
         AS entry(data, user_id, position)
ORDER BY entry.position
RETURNING {seq}
"""


@functools.cache
def append_sql() -> str:
    """The append as one PostgreSQL statement (parameters: ``append_params``)."""
    return _APPEND_SQL.format(**_column_names())


def _column_names() -> dict[str, str]:
    draft, update = Draft._meta, DraftUpdate._meta
    return {
        "draft": draft.db_table,
        "draft_pk": draft.pk.column,
        "last_seq": draft.get_field("last_seq").column,
        "updated_at": draft.get_field("updated_at").column,
        "updated_by": draft.get_field("updated_by").column,
        "status": draft.get_field("status").column,
        "update": update.db_table,
        "update_draft": update.get_field("draft").column,
        "seq": update.get_field("seq").column,
        "data": update.get_field("data").column,
        "update_user": update.get_field("user").column,
        "created_at": update.get_field("created_at").column,
    }


def append_params(draft_id: int, updates: Updates) -> dict:
    """``append_sql``'s parameters, plain values (statuses as their stored strings), so that
    Django's cursor and a bare psycopg one (``pg_log``) send the same."""
    return {
        "draft_id": draft_id,
        "count": len(updates),
        "now": timezone.now(),
        "user": _last_user(updates),
        "approved": Draft.Status.APPROVED.value,
        "review": Draft.Status.REVIEW.value,
        "published": Draft.Status.PUBLISHED.value,
        "data": [data for _user, data in updates],
        "users": [user for user, _data in updates],
    }


@functools.cache
def draft_exists_sql() -> str:
    """Whether the draft still exists (an append that stored nothing: published, or deleted)."""
    draft = Draft._meta
    return f"SELECT 1 FROM {draft.db_table} WHERE {draft.pk.column} = %s"  # noqa: S608


def _append_in_one_statement(draft_id: int, updates: Updates) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(append_sql(), append_params(draft_id, updates))
        return sorted(seq for (seq,) in cursor.fetchall())


@transaction.atomic
def _append_in_a_sqlite_transaction(draft_id: int, updates: Updates) -> list[int]:
    with connection.cursor() as cursor:
        return append_on_sqlite(cursor, draft_id, updates)


# Django's placeholders (``%s``), so that Django's cursor runs and logs them (its debug cursor
# formats each query with ``%``: qmarks there fail under DEBUG); the event loop's own sqlite3
# connection (``sqlite_log``) gets them as qmarks, which is what sqlite3 takes.
_SQLITE_BUMP = """
UPDATE {draft} SET
    {last_seq} = {last_seq} + %s,
    {updated_at} = %s,
    {updated_by} = COALESCE(%s, {updated_by}),
    {status} = CASE WHEN {status} = %s THEN %s ELSE {status} END
WHERE {draft_pk} = %s AND {status} <> %s
"""
_SQLITE_LAST_SEQ = "SELECT {last_seq} FROM {draft} WHERE {draft_pk} = %s"
_SQLITE_INSERT = (
    "INSERT INTO {update} ({update_draft}, {seq}, {data}, {update_user}, {created_at})"
    " VALUES (%s, %s, %s, %s, %s)"
)


@functools.cache
def _sqlite_statements(*, qmark: bool) -> tuple[str, str, str]:
    names = _column_names()
    statements = (sql.format(**names) for sql in (_SQLITE_BUMP, _SQLITE_LAST_SEQ, _SQLITE_INSERT))
    return tuple(sql.replace("%s", "?") if qmark else sql for sql in statements)


def append_on_sqlite(cursor, draft_id: int, updates: Updates, *, qmark: bool = False) -> list[int]:
    """The append on SQLite, inside the caller's write transaction: ``append_sql``'s rules in
    three statements (no RETURNING: Django supports SQLite versions without it). ``cursor`` is
    Django's cursor, or with ``qmark`` a sqlite3 connection or cursor. Returns no seqs if the
    draft is published or gone."""
    bump, last_seq, insert = _sqlite_statements(qmark=qmark)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    statuses = Draft.Status
    bumped = cursor.execute(
        bump,
        (
            len(updates),
            now,
            _last_user(updates),
            statuses.APPROVED.value,
            statuses.REVIEW.value,
            draft_id,
            statuses.PUBLISHED.value,
        ),
    )
    if bumped.rowcount == 0:
        return []
    (last,) = cursor.execute(last_seq, (draft_id,)).fetchone()
    seqs = list(range(last - len(updates) + 1, last + 1))
    cursor.executemany(
        insert,
        [(draft_id, seq, data, user, now) for seq, (user, data) in zip(seqs, updates, strict=True)],
    )
    return seqs


def broadcast_update(*, draft_id: int, seq: int, data: bytes, origin: str | None = None) -> None:
    """Send a stored update to every connection of the draft, on every worker.

    ``origin`` is the channel name of the connection it came from, which must not get it back.
    """
    async_to_sync(get_channel_layer().group_send)(
        group_name(draft_id), update_message(seq=seq, data=data, origin=origin)
    )


def update_message(*, seq: int, data: bytes, origin: str | None) -> dict:
    """The channel-layer message of a stored update (``spaces.coedit.rooms`` receives it)."""
    return {"type": "draft.update", "seq": seq, "update": data, "origin": origin}


def replace_text(*, draft_id: int, user_id: int | None, markdown: str) -> int | None:
    """Make the draft's text ``markdown`` as an ordinary edit that every client receives live.

    Only the changed middle is replaced (common prefix and suffix kept), so concurrent edits
    elsewhere in the text and remote cursors survive. Returns the update's seq, or None when
    the text was already equal.
    """
    doc, _seq = load_document(draft_id)
    text = doc.get(TEXT_NAME, type=Text)
    current = str(text)
    if current == markdown:
        return None
    prefix = 0
    limit = min(len(current), len(markdown))
    while prefix < limit and current[prefix] == markdown[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and current[len(current) - 1 - suffix] == markdown[len(markdown) - 1 - suffix]
    ):
        suffix += 1
    # pycrdt's Text counts in UTF-8 bytes (yrs' default offsets), not in Python characters:
    # an index in characters lands elsewhere, or at the end, as soon as the text has an accent.
    start = len(current[:prefix].encode())
    removed = len(current[prefix : len(current) - suffix].encode())
    before = doc.get_state()
    with doc.transaction():
        if removed:
            del text[start : start + removed]
        text.insert(start, markdown[prefix : len(markdown) - suffix])
    data = doc.get_update(before)
    with transaction.atomic():
        seq = append_update(draft_id=draft_id, user_id=user_id, data=data)
        transaction.on_commit(
            lambda: broadcast_update(draft_id=draft_id, seq=seq, data=data), robust=True
        )
    return seq


def compact(draft_id: int) -> Draft:
    """Fold the update log into the snapshot and refresh the rendered markdown and HTML.

    The document is read, encoded and rendered before the transaction, which then only writes:
    a draft whose snapshot took seconds to load (yrs resolving conflicts, 4 s for 9 600 items
    after the fuzzer's bursts, docs/decisions/0033 session 23) held the draft row (PostgreSQL)
    or the database's write lock (SQLite) all that time, and every append of every room waited
    for it. Appends meanwhile are safe: only the entries folded are deleted. Of two compactions
    at once, the one that finds the snapshot moved since its read leaves it alone.
    """
    snapshot, base_seq, updates = _stored_parts(draft_id)
    if snapshot and not updates:
        return Draft.objects.get(pk=draft_id)
    doc, _text = new_document()
    if snapshot:
        doc.apply_update(snapshot)
    for _seq, data in updates:
        doc.apply_update(data)
    seq = updates[-1][0] if updates else base_seq
    encoded = _encode_with_pending(doc, [snapshot, *(data for _seq, data in updates)])
    markdown = document_text(doc)
    html = render_markdown(markdown)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft_id)
        if draft.snapshot_seq != base_seq:
            return draft  # another compaction's, newer than what this one read
        draft.snapshot, draft.snapshot_seq = encoded, seq
        draft.markdown, draft.html = markdown, html
        draft.save(update_fields=["snapshot", "snapshot_seq", "markdown", "html"])
        DraftUpdate.objects.filter(draft_id=draft_id, seq__lte=seq).delete()
    return draft
