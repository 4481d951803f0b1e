"""The demo library: written pages, one restricted to the road-works group, idempotent."""

import pytest

from library.models import LibraryPage
from library.selectors import page_get, page_list

pytestmark = pytest.mark.django_db(transaction=False)


def test_seed_demo_library(platform):
    from collectivites.demo import seed as seed_core
    from library.demo import seed

    def progress(items, **_):
        return items

    seed_core(progress=progress)
    created = seed(progress=progress)
    assert created["pages"] == 8
    assert seed(progress=progress) == {}  # a second run adds nothing
    from collectivites.models import User

    rennes = User.objects.get(username="agent.rennes")
    vannes = User.objects.get(username="actes.vannes")
    group = LibraryPage.objects.get(slug="groupement-voirie")
    assert page_get(actor=rennes, page_id=group.pk).title.startswith("Groupement voirie")
    assert group.pk not in {p.pk for p in page_list(actor=vannes)}
    thresholds = page_get(actor=vannes, page_id=LibraryPage.objects.get(slug="seuils-2026-2027").pk)
    text = str(thresholds.body.raw_data)
    for figure in ("216 000 €", "5 404 000 €", "60 000 €", "100 000 €", "1er avril 2026"):
        assert figure in text
