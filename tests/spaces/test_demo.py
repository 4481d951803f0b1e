"""The demo spaces: seeded through the services, once, and readable through the API."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from collectivites.demo.seed import DEMO_PASSWORD
from spaces.models import Draft, DraftComment, DraftVersion, SpacePage

pytestmark = pytest.mark.django_db


def log_in(username: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": DEMO_PASSWORD})
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_demo_spaces_are_seeded_once_and_usable():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "spaces : 2 espaces, 3 brouillons, 4 versions, 4 commentaires, 1 approbations" in (
        out.getvalue()
    )
    counts = [m.objects.count() for m in (SpacePage, Draft, DraftVersion, DraftComment)]
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "spaces : rien de nouveau" in again.getvalue()
    assert [m.objects.count() for m in (SpacePage, Draft, DraftVersion, DraftComment)] == counts

    vannes = log_in("actes.vannes")
    (space,) = vannes.get("/api/v1/spaces/").json()["results"]
    assert space["my_role"] == "reader" and space["draft_count"] == 2
    cctp = Draft.objects.get(title__startswith="CCTP — Entretien")
    detail = vannes.get(f"/api/v1/drafts/{cctp.pk}/").json()
    assert detail["status"] == "review" and "30 %" in detail["markdown"]
    assert "<table>" in detail["html"] and 'class="footnote"' in detail["html"]
    diff = vannes.get(f"/api/v1/drafts/{cctp.pk}/diff/", {"from": 1, "to": 2}).json()
    assert any(line["op"] == "insert" and "Accessibilité" in line["text"] for line in diff["lines"])

    brest = log_in("acheteur.brest")
    assert {s["my_role"] for s in brest.get("/api/v1/spaces/").json()["results"]} == {"editor"}
    rc = Draft.objects.get(title__startswith="Règlement")
    approvals = brest.get(f"/api/v1/drafts/{rc.pk}/").json()["approvals"]
    assert [(a["collectivite"]["name"], a["current"]) for a in approvals] == [("Rennes", True)]
