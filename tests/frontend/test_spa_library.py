"""The library in the browser: a member reads a page restricted to their collectivité (table of
contents, document download), and someone of another collectivité is told "not found"."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library_world(network, make_user, make_membership, settings, tmp_path) -> dict:
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, PageViewRestriction

    from library.models import GuidePage
    from library.setup import library_setup

    settings.MEDIA_ROOT = tmp_path / "media"
    if Collection.get_first_root_node() is None:  # a transactional test's flush removed it
        Collection.add_root(name="Root")
    index = library_setup()
    document = get_document_model().objects.create(
        title="Calendrier du groupement",
        file=ContentFile(b"Janvier : recensement des besoins\n", name="calendrier.txt"),
    )
    public = index.add_child(
        instance=GuidePage(
            title="Passer un MAPA",
            theme="commande_publique",
            summary="Les étapes d'un marché à procédure adaptée.",
            body=[{"type": "markdown", "value": "## Estimer le besoin\n\nTout le besoin."}],
        )
    )
    public.save_revision().publish()
    restricted = index.add_child(
        instance=GuidePage(
            title="Groupement voirie",
            theme="commande_publique",
            body=[
                {"type": "markdown", "value": "## Le groupement\n\nRennes coordonne.\n\n"
                 "## Calendrier\n\nMars 2027."},
                {"type": "document", "value": {"document": document.pk, "label": ""}},
            ],
        )
    )  # fmt: skip
    restricted.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([network["bodies"]["Rennes"].group])
    carole = make_user("carole", first_name="Carole", last_name="Quéré", password="carole-secret-1")
    make_membership(carole, network["bodies"]["Quimper"])
    return {"public": public, "restricted": restricted, "document": document}


def test_a_member_reads_a_page_restricted_to_their_collectivite(page, library_world, log_in):
    log_in("bob", "bob-secret-1")
    page.goto("/base-documentaire")
    expect(page.get_by_role("heading", level=1)).to_have_text("Base documentaire")
    expect(page.get_by_role("heading", name="Commande publique")).to_be_visible()
    page.get_by_role("link", name="Groupement voirie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groupement voirie")
    toc = page.get_by_role("navigation", name="Sommaire")
    expect(toc.get_by_role("link")).to_have_text(["Le groupement", "Calendrier"])
    toc.get_by_role("link", name="Calendrier").click()
    expect(page).to_have_url(f"/base-documentaire/{library_world['restricted'].pk}#calendrier")
    with page.expect_download() as download:
        page.get_by_role("region", name="Documents").get_by_role(
            "link", name="Calendrier du groupement"
        ).click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read().startswith(b"Janvier")


def test_an_outsider_is_told_not_found(page, library_world, log_in):
    log_in("carole", "carole-secret-1")
    page.goto("/base-documentaire")
    expect(page.get_by_role("link", name="Passer un MAPA")).to_be_visible()
    expect(page.get_by_role("link", name="Groupement voirie")).to_have_count(0)
    page.goto(f"/base-documentaire/{library_world['restricted'].pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    document = library_world["document"].pk
    response = page.request.get(f"/api/v1/library/documents/{document}/download/")
    assert response.status == 404


def test_anonymous_visitors_read_public_pages_only(page, library_world):
    page.goto(f"/base-documentaire/{library_world['public'].pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Passer un MAPA")
    page.goto(f"/base-documentaire/{library_world['restricted'].pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
