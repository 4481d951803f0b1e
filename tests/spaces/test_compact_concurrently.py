"""Drafts of one space compacted at the same time, as rooms unloading together ask for it.

Each compaction re-indexes its draft in its own transaction (tasks run at once in tests, and
``TASKS_BACKEND=immediate`` does the same in production). On PostgreSQL with the PostgreSQL
search backend the index is rows, and modelsearch's write used to update, besides its own row,
every entry whose ``title_norm`` was 1.0 — every entry, when titles are alike ("CCTP 1",
"CCTP 2": two lexemes each, the average). Two compactions then each held their own entry and
waited for the other's: a deadlock, an ERROR logged, a failed compaction and an index left
behind (``search.backends.postgres.OwnEntriesIndex``, docs/decisions/0037).
"""

import contextlib
import logging
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django_tasks import TaskResultStatus
from wagtail.search.models import IndexEntry

from spaces.services import draft_create
from spaces.tasks import compact_draft

from .test_drafts_api import append

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.SEARCH_BACKEND != "postgres",
        reason="index rows in the database: PostgreSQL with SEARCH_BACKEND=postgres",
    ),
]

# One distinct word per draft, none of them in another draft's text.
WORDS = ["asphalte", "bitume", "caniveau", "bordure", "trottoir", "chaussée", "glissière", "talus"]


def test_drafts_compacted_together_are_all_indexed_without_error(
    space, referent, client_for, caplog
):
    drafts = [
        draft_create(actor=referent, space=space, title=f"CCTP {index}", markdown="# CCTP\n")
        for index in range(len(WORDS))
    ]
    for draft, word in zip(drafts, WORDS, strict=True):
        append(draft.pk, referent.pk, f"\nRevêtement en {word}.")

    # An entry whose title has exactly the average number of lexemes keeps title_norm 1.0 (a
    # fresh entry's value). Every title here has two ("CCTP 3", the space pages'); whether the
    # root page's (one) is indexed too depends on what ran before. Pinned to the state where the
    # average is exactly two, as in tests/spaces/ws/test_coediting_many_rooms.py:
    IndexEntry.objects.update(title_norm=1.0)
    start, done = threading.Barrier(len(drafts)), threading.Barrier(len(drafts), timeout=30)
    results: dict[int, object] = {}

    def compact(draft_id: int) -> None:
        # Each compaction's transaction stays open until every other one has run: the overlap
        # that sixteen rooms unloading together get by chance, every time.
        try:
            start.wait()
            with transaction.atomic():
                results[draft_id] = compact_draft.enqueue(draft_id).status
                with contextlib.suppress(threading.BrokenBarrierError):
                    done.wait()
        finally:
            connection.close()

    threads = [threading.Thread(target=compact, args=(draft.pk,)) for draft in drafts]
    with caplog.at_level(logging.ERROR):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == []
    assert set(results.values()) == {TaskResultStatus.SUCCESSFUL}

    api = client_for(referent)
    for draft, word in zip(drafts, WORDS, strict=True):
        found = api.get("/api/v1/search/", {"q": word, "type": "draft"}).json()
        assert [(hit["type"], hit["id"]) for hit in found["results"]] == [("draft", draft.pk)], word
