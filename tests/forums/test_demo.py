"""The demo forums: seeded through the services, once, and readable through the API."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from collectivites.demo.seed import DEMO_PASSWORD
from forums.models import ForumPage, Post, Topic

pytestmark = pytest.mark.django_db


def log_in(username: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": DEMO_PASSWORD})
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_demo_forums_are_seeded_once_and_usable():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "forums : 6 sujets, 3 signalements, 2 forums" in out.getvalue()
    counts = [m.objects.count() for m in (ForumPage, Topic, Post)]
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "forums : rien de nouveau" in again.getvalue()
    assert [m.objects.count() for m in (ForumPage, Topic, Post)] == counts

    quimper = log_in("agent.quimper")
    titles = [f["title"] for f in quimper.get("/api/v1/forums/").json()["results"]]
    assert titles == ["Marchés publics — entraide", "Groupement voirie"]
    answered = quimper.get("/api/v1/forums/topics/", {"filter": "answered"}).json()["results"]
    assert {t["title"] for t in answered} == {
        "MAPA de 38 000 € HT : faut-il une publicité ?",
        "Un candidat envoie un DUME au lieu des DC1/DC2",
    }
    assert quimper.get("/api/v1/forums/topics/", {"filter": "unanswered"}).json()["count"] == 2
    outsider = log_in("acheteur.chu-rennes")  # not in the road group
    assert [f["title"] for f in outsider.get("/api/v1/forums/").json()["results"]] == [
        "Marchés publics — entraide"
    ]
    assert len(log_in("moderateur").get("/api/v1/forums/reports/").json()["results"]) == 1
    assert len(log_in("animatrice").get("/api/v1/forums/reports/").json()["results"]) == 2
