"""The update log: numbering, rebuilding the document, server edits and compaction."""

import threading

import pytest
from django import db
from pycrdt import Doc, Text

from spaces.coedit import protocol, store
from spaces.models import Draft, DraftUpdate
from spaces.services import draft_create, space_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(animator, rennes, brest, referent):
    space = space_create(
        actor=animator, title="CCTP voirie", members=[(rennes, "editor"), (brest, "reader")]
    )
    return draft_create(actor=referent, space=space, title="CCTP", markdown="# CCTP\n")


def _edit(draft_id: int, append: str) -> bytes:
    doc, _seq = store.load_document(draft_id)
    text = doc.get("content", type=Text)
    before = doc.get_state()
    text += append
    return doc.get_update(before)


def test_updates_are_numbered_without_gaps_and_rebuild_the_text(draft, referent):
    seqs = [
        store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, s))
        for s in ("a", "b", "c")
    ]
    assert seqs == [1, 2, 3]
    assert store.current_markdown(draft.pk) == "# CCTP\nabc"


def test_compaction_keeps_the_text_and_empties_the_log(draft, referent):
    for s in ("x", "y"):
        store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, s))
    compacted = store.compact(draft.pk)
    assert compacted.markdown == "# CCTP\nxy"
    assert "<h1" in compacted.html
    assert not DraftUpdate.objects.filter(draft=draft).exists()
    assert store.current_markdown(draft.pk) == "# CCTP\nxy"
    store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, "z"))
    assert store.current_markdown(draft.pk) == "# CCTP\nxyz"


@pytest.mark.parametrize("appended_after", ["", "e"])
def test_a_compaction_between_the_snapshot_and_the_log_reads_loses_nothing(
    draft, referent, monkeypatch, appended_after
):
    """A task worker's compaction may commit between load_document's two reads: the entries it
    folded away from the log are in a snapshot the first read did not get."""
    for s in ("a", "b"):
        store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, s))
    store.compact(draft.pk)
    for s in ("c", "d"):
        store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, s))
    updates_after = store.updates_after
    interleaved = []

    def compaction_first(draft_id, seq):
        if not interleaved:
            interleaved.append(seq)
            store.compact(draft_id)  # folds c and d, deletes them from the log
            if appended_after:  # and the log goes on after the compaction
                data = _edit(draft_id, appended_after)
                store.append_update(draft_id=draft_id, user_id=referent.pk, data=data)
        return updates_after(draft_id, seq)

    monkeypatch.setattr(store, "updates_after", compaction_first)
    doc, seq = store.load_document(draft.pk)
    assert interleaved == [2]  # the first read was of the snapshot at seq 2
    assert store.document_text(doc) == "# CCTP\nabcd" + appended_after
    assert seq == 4 + len(appended_after)


def test_replace_text_keeps_concurrent_edits(draft, referent):
    # A client edits from the state before the server's replacement.
    stale = Doc()
    stale.apply_update(store.load_document(draft.pk)[0].get_update())
    before = stale.get_state()
    stale.get("content", type=Text).insert(0, "Intro ")
    concurrent = stale.get_update(before)

    assert store.replace_text(draft_id=draft.pk, user_id=referent.pk, markdown="# CCTP v2\n")
    store.append_update(draft_id=draft.pk, user_id=referent.pk, data=concurrent)
    assert store.current_markdown(draft.pk) == "Intro # CCTP v2\n"
    assert store.replace_text(draft_id=draft.pk, user_id=None, markdown="Intro # CCTP v2\n") is None


def test_an_edit_sends_an_approved_draft_back_to_review(draft, referent):
    Draft.objects.filter(pk=draft.pk).update(status=Draft.Status.APPROVED)
    store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, "!"))
    draft.refresh_from_db()
    assert draft.status == Draft.Status.REVIEW


def test_replace_text_with_accents_and_symbols(draft, referent):
    """pycrdt counts UTF-8 bytes: French text (é, —, emoji) must still be replaced exactly."""
    texts = [
        "# Cahier des clauses — Objet\n\nLe présent marché 😀 porte sur l'entretien.\n",
        "# Cahier des clauses — Objet\n\nLe marché porte sur l'entretien élargi.\n",
        "Préambule\n# Cahier des clauses — Objet\n\nLe marché porte sur l'entretien élargi.\n",
        "# CCTP\n",
    ]
    for text in texts:
        store.replace_text(draft_id=draft.pk, user_id=referent.pk, markdown=text)
        assert store.current_markdown(draft.pk) == text


def test_several_updates_are_stored_in_one_go_with_consecutive_numbers(draft, referent, agent):
    first = store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, "a"))
    batch = [(referent.pk, _edit(draft.pk, "b")), (agent.pk, _edit(draft.pk, "c"))]
    assert store.append_updates(draft_id=draft.pk, updates=batch) == [first + 1, first + 2]
    assert list(DraftUpdate.objects.filter(draft=draft).values_list("seq", "user_id")) == [
        (1, referent.pk),
        (2, referent.pk),
        (3, agent.pk),
    ]
    draft.refresh_from_db()
    assert (draft.last_seq, draft.updated_by_id) == (3, agent.pk)


def test_each_update_of_a_batch_is_stored_under_its_own_number(draft, referent, agent):
    batch = [(referent.pk, b"premier"), (None, b"deuxieme"), (agent.pk, b"troisieme")]
    seqs = store.append_updates(draft_id=draft.pk, updates=batch)
    stored = DraftUpdate.objects.filter(draft=draft).order_by("seq")
    assert [(u.seq, bytes(u.data), u.user_id) for u in stored] == [
        (seq, data, user) for seq, (user, data) in zip(seqs, batch, strict=True)
    ]


def test_a_server_edit_keeps_the_last_editor(draft, referent):
    store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, "a"))
    store.append_update(draft_id=draft.pk, user_id=None, data=_edit(draft.pk, "b"))
    draft.refresh_from_db()
    assert (draft.last_seq, draft.updated_by_id) == (2, referent.pk)


def test_a_published_draft_takes_no_update(draft, referent):
    Draft.objects.filter(pk=draft.pk).update(status=Draft.Status.PUBLISHED)
    with pytest.raises(store.DraftReadOnly):
        store.append_updates(draft_id=draft.pk, updates=[(referent.pk, _edit(draft.pk, "!"))])
    assert not DraftUpdate.objects.filter(draft=draft).exists()
    draft.refresh_from_db()
    assert (draft.last_seq, draft.status) == (0, Draft.Status.PUBLISHED)


def test_an_update_to_a_deleted_draft_is_refused(draft, referent):
    data = _edit(draft.pk, "!")
    Draft.objects.filter(pk=draft.pk).delete()
    with pytest.raises(Draft.DoesNotExist):
        store.append_updates(draft_id=draft.pk, updates=[(referent.pk, data)])


def test_an_append_runs_through_djangos_cursor_and_is_logged_under_debug(draft, referent):
    """DEBUG (``make run``) logs every query through Django's debug cursor, which formats it
    with ``%``: an append written with sqlite3's placeholders failed there (seed_demo)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:  # the debug cursor, as under DEBUG
        store.append_updates(draft_id=draft.pk, updates=[(referent.pk, _edit(draft.pk, "a"))])
    assert any("spaces_draftupdate" in query["sql"] for query in queries.captured_queries)
    assert store.current_markdown(draft.pk) == "# CCTP\na"


def test_on_postgresql_a_batch_is_one_statement(draft, referent, django_assert_num_queries):
    """Every keystroke waits for this store before anyone sees it (bench/README.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the portable path (SQLite) goes through the ORM in a transaction")
    batch = [(referent.pk, _edit(draft.pk, "a")), (referent.pk, _edit(draft.pk, "b"))]
    with django_assert_num_queries(1):
        store.append_updates(draft_id=draft.pk, updates=batch)


def _deletion_of(client_id: int, clock: int, length: int) -> bytes:
    """An update with no structures and a delete set of one range (Yjs update v1)."""
    var = protocol.var_uint
    return var(0) + var(1) + var(client_id) + var(1) + var(clock) + var(length)


@pytest.mark.parametrize(
    ("waiting", "expected"),
    [("a deletion", "# CCTP\nabc"), ("an insertion", "# CCTP\nabcXY!Z")],
)
def test_what_waits_for_a_missing_item_survives_a_compaction(draft, referent, waiting, expected):
    """yrs holds back ("pending") a deletion of an item it has not received yet, or an item
    whose neighbour it has not received; the room and every client apply it once the item
    comes. A compaction in between wrote a snapshot without it (``Doc.get_update`` leaves
    pending parts out): the stored text kept characters that everyone had deleted."""
    writer = Doc()
    writer.apply_update(store.load_document(draft.pk)[0].get_update())
    text = writer.get(store.TEXT_NAME, type=Text)
    before = writer.get_state()
    text += "abc"  # the writer's clocks 0-2
    first = writer.get_update(before)
    before = writer.get_state()
    text += "XYZ"  # clocks 3-5
    late = writer.get_update(before)  # not at the server yet
    if waiting == "a deletion":
        early = _deletion_of(writer.client_id, 3, 3)
    else:
        other = Doc()
        other.apply_update(writer.get_update())
        before = other.get_state()
        other.get(store.TEXT_NAME, type=Text).insert(len("# CCTP\nabcXY"), "!")
        early = other.get_update(before)  # between Y and Z: waits for them
    everyone = store.load_document(draft.pk)[0]  # the room, a client: every update in order
    for data in (first, early, late):
        everyone.apply_update(data)
    assert store.document_text(everyone) == expected

    everyone = store.load_document(draft.pk)[0]
    for data in (first, early):
        store.append_update(draft_id=draft.pk, user_id=referent.pk, data=data)
        everyone.apply_update(data)
    store.compact(draft.pk)
    # Another edit and another compaction while it still waits: carried from snapshot to snapshot.
    edit = _edit(draft.pk, ".")
    for data in (edit, late):
        store.append_update(draft_id=draft.pk, user_id=referent.pk, data=data)
        everyone.apply_update(data)
        store.compact(draft.pk)

    assert store.current_markdown(draft.pk) == store.document_text(everyone)
    assert store.document_text(everyone).replace(".", "") == expected


@pytest.mark.django_db(transaction=True)
def test_an_update_is_stored_while_a_compaction_reads_the_document(draft, referent, monkeypatch):
    """A compaction reads and builds the document before its transaction. It used to do so
    holding the draft row (PostgreSQL) or the write lock (SQLite): a draft that took seconds
    to load (docs/decisions/0033, session 23) held up every room's appends as long."""
    store.append_update(draft_id=draft.pk, user_id=referent.pk, data=_edit(draft.pk, "a"))
    late = _edit(draft.pk, "b")
    stored = threading.Event()
    new_document = store.new_document

    def append_meanwhile():
        try:
            store.append_update(draft_id=draft.pk, user_id=referent.pk, data=late)
            stored.set()
        finally:
            db.connection.close()

    def building_the_document():
        appender = threading.Thread(target=append_meanwhile)
        appender.start()
        stored.wait(timeout=10)  # a bound on a wait for a lock, not a measure of speed
        building_the_document.stored_meanwhile = stored.is_set()
        monkeypatch.setattr(store, "new_document", new_document)
        return new_document()

    monkeypatch.setattr(store, "new_document", building_the_document)
    compacted = store.compact(draft.pk)
    stored.wait(timeout=30)

    assert building_the_document.stored_meanwhile
    assert compacted.markdown == "# CCTP\na"  # what it read
    assert store.current_markdown(draft.pk) == "# CCTP\nab"  # the later update kept in the log
