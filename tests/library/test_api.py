"""The library API: lists and details filtered by visibility for every role, filters, 404s,
document downloads, the review-due list, and constant query counts for lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.themes import Theme

from .conftest import PAGES, ROLES, VISIBLE, add_page, doc_block, document

pytestmark = pytest.mark.django_db

READABLE = {role: VISIBLE[role] - {"draft"} for role in ROLES}


@pytest.mark.parametrize("role", ROLES)
def test_list_and_detail_for_every_role(library, as_role, role):
    client, _ = as_role(role)
    pages = library["pages"]
    listed = client.get("/api/v1/library/pages/").json()["results"]
    assert {p["id"] for p in listed} == {pages[name].pk for name in READABLE[role]}
    for name in PAGES:
        response = client.get(f"/api/v1/library/pages/{pages[name].pk}/")
        if name in READABLE[role]:
            assert response.status_code == 200, (role, name)
        else:
            assert response.status_code == 404, (role, name)
            assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("role", ROLES)
def test_documents_for_every_role(library, as_role, role):
    client, _ = as_role(role)
    docs = library["documents"]
    listed = {d["id"] for d in client.get("/api/v1/library/documents/").json()["results"]}
    expected = {docs[name].pk for name in READABLE[role]}
    if role in ("animator", "superuser"):
        expected |= {docs["draft"].pk, docs["unlinked"].pk}
    assert listed == expected
    for name, doc in docs.items():
        response = client.get(f"/api/v1/library/documents/{doc.pk}/download/")
        assert response.status_code == (200 if doc.pk in expected else 404), (role, name)
        if response.status_code == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
def test_wagtail_document_serving_follows_the_same_rule(library, role, request, client):
    docs = library["documents"]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    restricted = docs["restricted"]
    response = client.get(restricted.url)
    assert response.status_code == (200 if "restricted" in READABLE[role] else 404)


def test_detail_has_body_toc_place_and_documents(library, agent, client_for):
    restricted = library["pages"]["restricted"]
    child = library["pages"]["restricted_child"]
    restricted.body = [
        {"type": "rich_text", "value": "<h2>Objet</h2><p>Texte</p>"},
        {"type": "markdown", "value": "## Seuils\n\n| a | b |\n|---|---|\n| 1 | 2 |"},
        doc_block(library["documents"]["restricted"]),
        {
            "type": "legal_reference",
            "value": {"code": "CCP", "article": "R.2123-1", "url": "https://legifrance.gouv.fr/x"},
        },
    ]
    restricted.save_revision().publish()
    data = client_for(agent).get(f"/api/v1/library/pages/{restricted.pk}/").json()
    assert [entry["id"] for entry in data["toc"]] == ["objet", "seuils"]
    assert 'id="objet"' in data["html"] and "<table>" in data["html"]
    assert [b["type"] for b in data["blocks"]] == [
        "rich_text",
        "markdown",
        "document",
        "legal_reference",
    ]
    assert data["blocks"][3]["code_label"] == "Code de la commande publique"
    assert [c["id"] for c in data["children"]] == [child.pk]
    assert data["breadcrumbs"] == []
    assert [d["id"] for d in data["documents"]] == [library["documents"]["restricted"].pk]
    child_data = client_for(agent).get(f"/api/v1/library/pages/{child.pk}/").json()
    assert child_data["breadcrumbs"] == [{"id": restricted.pk, "title": restricted.title}]


def test_filters(library, agent, client_for):
    pages = library["pages"]
    pages["public"].tags.add("mapa")
    pages["public"].save_revision().publish()
    client = client_for(agent)

    def ids(query):
        response = client.get(f"/api/v1/library/pages/?{query}")
        assert response.status_code == 200, response.json()
        return {p["id"] for p in response.json()["results"]}

    assert ids("kind=fact_sheet") == {pages["members"].pk, pages["restricted_child"].pk}
    assert ids(f"theme={Theme.FINANCES}") == {pages["restricted"].pk}
    assert ids("tag=mapa") == {pages["public"].pk}
    assert ids("q=procédure") == {pages["public"].pk}  # in the summary
    assert ids("q=VOIRIE") == {pages["restricted"].pk}
    assert ids(f"parent={pages['restricted'].pk}") == {pages["restricted_child"].pk}
    assert ids("updated_since=2999-01-01T00:00:00Z") == set()
    for bad in ("kind=nope", "theme=nope", "updated_since=hier", "parent=abc"):
        response = client.get(f"/api/v1/library/pages/?{bad}")
        assert response.status_code == 400, bad
        assert bad.split("=")[0] in response.json()["extra"]["fields"]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "agent", "animator"])
def test_lists_take_constant_queries(library, index, as_role, role):
    client, _ = as_role(role)
    urls = ["/api/v1/library/pages/", "/api/v1/library/documents/"]
    if role == "animator":
        urls.append("/api/v1/library/review-due/")
    public = library["pages"]["public"]
    public.last_reviewed_on = public.last_reviewed_on.replace(year=2020)
    public.save_revision().publish()
    for url in urls:  # the first request reads the caller's roles once (cached on the user)
        _count(client, url)
    before = {url: _count(client, url) for url in urls}
    for n in range(6):
        page = add_page(index, f"Fiche {n}", body=[doc_block(document(f"extra-{n}"))])
        page.tags.add(f"tag{n}", "commun")
        page.last_reviewed_on = page.last_reviewed_on.replace(year=2020)
        page.save_revision().publish()
    after = {url: _count(client, url) for url in urls}
    assert after == before


@pytest.mark.parametrize("role", ["agent", "referent", "outsider", "company_user"])
def test_review_due_is_for_animators(library, as_role, role):
    client, _ = as_role(role)
    assert client.get("/api/v1/library/review-due/").status_code == 403


def test_anonymous_review_due_is_401(library, api):
    assert api.get("/api/v1/library/review-due/").status_code == 401


def test_review_due_report_in_the_admin(library, animator, agent, client):
    public = library["pages"]["public"]
    public.last_reviewed_on = public.last_reviewed_on.replace(year=2020)
    public.save_revision().publish()
    client.force_login(animator)
    response = client.get("/admin/base-documentaire/a-relire/")
    assert response.status_code == 200
    assert public.title in response.content.decode()
    assert library["pages"]["members"].title not in response.content.decode()
    client.force_login(agent)
    assert client.get("/admin/base-documentaire/a-relire/").status_code in (302, 403)
