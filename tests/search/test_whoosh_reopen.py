"""Reopening the kept searcher after a write: unchanged segments keep their readers, nothing
deleted or merged away comes back (search/backends/whoosh/searchers.py, ``reopen``)."""

import pytest
from whoosh import fields as wf
from whoosh import index as whoosh_index
from whoosh import query as wq

from search.backends.whoosh.searchers import reopen


def make_index(path):
    schema = wf.Schema(key=wf.ID(stored=True, unique=True), body=wf.TEXT())
    ix = whoosh_index.create_in(str(path), schema)
    for batch in range(3):
        writer = ix.writer()
        for n in range(10):
            writer.add_document(key=f"{batch}-{n}", body="marché public")
        writer.commit(merge=False)
    return ix


def leaves(searcher):
    return {r.segment().segment_id(): r for r, _ in searcher.reader().leaf_readers()}


def keys(searcher):
    return sorted(hit["key"] for hit in searcher.search(wq.Term("body", "public"), limit=None))


def test_an_added_segment_is_opened_and_the_others_are_kept(tmp_path):
    ix = make_index(tmp_path)
    before = ix.searcher()
    old = leaves(before)
    writer = ix.writer()
    writer.add_document(key="new", body="marché public")
    writer.commit(merge=False)

    after = reopen(ix, before)
    now = leaves(after)
    assert len(now) == 4
    assert all(now[segment] is reader for segment, reader in old.items())
    assert len(keys(after)) == 31 and "new" in keys(after)
    after.close()


def test_a_segment_with_a_new_deletion_is_opened_again(tmp_path):
    ix = make_index(tmp_path)
    before = ix.searcher()
    old = leaves(before)
    writer = ix.writer()
    writer.update_document(key="1-3", body="marché public modifié")
    writer.commit(merge=False)

    after = reopen(ix, before)
    now = leaves(after)
    changed = [segment for segment in old if now.get(segment) is not old[segment]]
    assert len(changed) == 1  # the segment that held "1-3"; the other two are kept
    assert keys(after).count("1-3") == 1
    assert len(keys(after)) == 30
    after.close()


def test_segments_merged_away_do_not_come_back(tmp_path):
    """Whoosh-Reloaded 2.7.5's ``reader(reuse=)`` adds the old searcher's segments that are no
    longer in the index back into the new reader: every document would be found twice."""
    ix = make_index(tmp_path)
    before = ix.searcher()
    writer = ix.writer()
    writer.add_document(key="new", body="marché public")
    writer.commit(optimize=True)

    after = reopen(ix, before)
    assert len(leaves(after)) == 1
    assert keys(after) == sorted([f"{b}-{n}" for b in range(3) for n in range(10)] + ["new"])
    after.close()


def test_from_an_empty_index(tmp_path):
    schema = wf.Schema(key=wf.ID(stored=True, unique=True), body=wf.TEXT())
    ix = whoosh_index.create_in(str(tmp_path), schema)
    before = ix.searcher()
    writer = ix.writer()
    writer.add_document(key="first", body="marché public")
    writer.commit()
    after = reopen(ix, before)
    assert keys(after) == ["first"]
    after.close()


@pytest.mark.parametrize("where", ["ensure", "open_index"])
def test_a_searcher_is_opened_again_when_a_writer_deleted_the_files_it_listed(
    tmp_path, monkeypatch, where
):
    """Another process's commit removed the TOC we were about to read (bench/soak, issue 14):
    the search lists the files again instead of failing with a 500."""
    from search.backends.whoosh import searchers
    from search.backends.whoosh.storage import IndexStorage

    schema = wf.Schema(key=wf.ID(stored=True, unique=True), body=wf.TEXT())
    storage = IndexStorage(tmp_path)
    live = storage.ensure(schema)
    writer = whoosh_index.open_dir(str(live)).writer()
    writer.add_document(key="a", body="marché public")
    writer.commit()
    real, calls = {"ensure": storage.ensure, "open_index": searchers.open_index}[where], []

    def vanishing(*args):
        calls.append(args)
        if len(calls) == 1:
            raise FileNotFoundError(2, "No such file or directory", "_MAIN_1.toc")
        return real(*args)

    if where == "ensure":  # whoosh's exists_in reads the TOC it listed
        monkeypatch.setattr(storage, "ensure", vanishing)
    else:
        monkeypatch.setattr(searchers, "open_index", vanishing)
    cache = searchers.SearcherCache()
    with cache.searcher(storage, schema) as searcher:
        assert keys(searcher) == ["a"]
    assert len(calls) == 2
