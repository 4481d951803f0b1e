"""A change made with ``QuerySet.update()`` reaches the search index, and only the index.

Renaming a draft is such a change (``spaces.services.drafts``: an ``UPDATE`` then
``collectivites.indexing.index_changed``). The index must learn the new title — at once with a
backend that writes directly, as a pending row with the durable queue (docs/decisions/0020) —
while the other ``post_save`` receivers (audit, notifications, anything connected later) are not
told of a save that never happened.
"""

import pytest
from django.db.models.signals import post_save

from search.models import PendingIndexUpdate
from spaces.models import Draft
from spaces.services import draft_create, space_create

from .test_index_writes import WHOOSH

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(animator, rennes, agent):
    space = space_create(actor=animator, title="Voirie", members=[(rennes, "editor")])
    return draft_create(actor=agent, space=space, title="CCTP enrobés", markdown="Texte.")


@pytest.fixture
def other_receiver():
    """An unrelated ``post_save`` receiver of drafts: the saves it was told of."""
    calls: list[dict] = []

    def receiver(sender, instance, **kwargs):
        calls.append({"pk": instance.pk, "update_fields": kwargs.get("update_fields")})

    post_save.connect(receiver, sender=Draft, weak=False)
    yield calls
    post_save.disconnect(receiver, sender=Draft)


def _rename(client_for, agent, draft, title: str) -> None:
    response = client_for(agent).patch(f"/api/v1/drafts/{draft.pk}/", {"title": title})
    assert response.status_code == 200, response.json()


def _found(client_for, agent, words: str) -> list[int]:
    response = client_for(agent).get("/api/v1/search/", {"q": words, "type": "draft"})
    assert response.status_code == 200, response.json()
    return [hit["id"] for hit in response.json()["results"]]


def test_a_rename_reaches_the_index_not_other_post_save_receivers(
    client_for, agent, draft, other_receiver
):
    assert _found(client_for, agent, "tricolore") == []
    _rename(client_for, agent, draft, "CCTP signalisation tricolore")
    assert _found(client_for, agent, "tricolore") == [draft.pk]
    assert other_receiver == []


def test_with_queued_writes_the_rename_is_recorded_for_the_drain(
    settings, tmp_path, client_for, agent, draft, other_receiver
):
    settings.DATA_DIR = tmp_path
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": WHOOSH, "PATH": str(tmp_path / "index"), "QUEUE_WRITES": True}
    }
    pending = PendingIndexUpdate.objects.filter(model_label="spaces.Draft", object_pk=str(draft.pk))
    before = pending.count()
    _rename(client_for, agent, draft, "CCTP signalisation tricolore")
    assert list(pending.values_list("op", flat=True)[before:]) == ["add"]
    assert other_receiver == []
