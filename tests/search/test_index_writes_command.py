"""``manage.py update_index`` rebuilds every index from the database, with per-model progress.

It is what indexes objects created without signals (``bulk_create``), what ``make run`` runs
after the demo load, and it works for the Whoosh backend and for the database backend.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from wagtail.documents.models import Document

from search import pending
from search.management.commands import update_index
from search.models import PendingIndexUpdate

from .test_index_writes import document, found, index_documents, use_queued_whoosh

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued_search(settings, tmp_path):
    use_queued_whoosh(settings, tmp_path)


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so that the progress bar is drawn."""

    def isatty(self) -> bool:
        return True


def update(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), Terminal()
    call_command("update_index", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def bulk_documents(*titles: str) -> None:
    Document.objects.bulk_create(
        Document(title=title, file="documents/piece.pdf", collection_id=document_collection())
        for title in titles
    )


def document_collection() -> int:
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


def test_bulk_created_objects_are_indexed_by_update_index_with_progress(queued_search):
    bulk_documents("Schéma de cohérence territoriale", "Plan local d'urbanisme", "Carte communale")
    assert not PendingIndexUpdate.objects.exists()  # bulk_create sends no signal
    assert index_documents() == 0

    out, err = update()

    assert found("urbanisme") == ["Plan local d'urbanisme"]
    assert index_documents() == 3
    assert "default : wagtaildocs.Document — 3\n" in out
    assert "default : 3 objets indexés" in out  # the root page is not indexed: no site
    assert "default : wagtaildocs.Document" in err and "3/3" in err  # the bar, per model


def test_a_quiet_run_prints_nothing(queued_search):
    bulk_documents("Budget")
    out, err = update(verbosity=0)
    assert (out, err) == ("", "")
    assert found("budget") == ["Budget"]


def test_the_rebuild_replaces_the_index_with_what_the_database_holds(queued_search):
    stale = document("Tarifs de la cantine")
    pending.drain()
    Document.objects.filter(pk=stale.pk).update(title="Tarifs du périscolaire")  # no signal
    update()
    assert found("cantine") == []
    assert found("périscolaire") == ["Tarifs du périscolaire"]


def test_rows_it_covered_are_removed_and_a_change_made_during_it_stays(queued_search, monkeypatch):
    document("Avant la reconstruction")
    assert PendingIndexUpdate.objects.count() == 1
    index_model = update_index.Command.index_model
    made = []

    def meanwhile(self, *args):
        if not made:  # another request saves while the rebuild reads
            made.append(document("Pendant la reconstruction"))
        return index_model(self, *args)

    monkeypatch.setattr(update_index.Command, "index_model", meanwhile)
    update()

    assert list(PendingIndexUpdate.objects.values_list("object_pk", flat=True)) == [str(made[0].pk)]
    pending.drain()
    assert found("reconstruction") == ["Avant la reconstruction", "Pendant la reconstruction"]


def test_a_rebuild_waits_for_a_running_drain_then_fails_clearly(queued_search, settings):
    settings.SEARCH_WRITE_TIMEOUT = 0.2
    with pending.writes_lock(), pytest.raises(pending.IndexWritesBusy):
        update()


def test_the_database_backend_is_rebuilt_too(settings):
    from wagtail.models import Collection

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    bulk_documents("Délibération du conseil communautaire")
    assert found("communautaire") == []

    out, _ = update()

    assert found("communautaire") == ["Délibération du conseil communautaire"]
    assert "default : wagtaildocs.Document — 1\n" in out


def test_an_unknown_backend_is_refused(queued_search):
    with pytest.raises(CommandError, match="inconnu : ailleurs"):
        update(backend_name="ailleurs")


def test_make_run_indexes_the_demo_after_loading_it():
    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("manage.py seed_demo") < recipe.index("manage.py update_index")
    assert recipe.index("manage.py update_index") < recipe.index("honcho start")
