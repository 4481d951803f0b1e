"""The update log: numbering, rebuilding the document, server edits and compaction."""

import pytest
from pycrdt import Doc, Text

from spaces.coedit import store
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
