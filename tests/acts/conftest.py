"""Fixtures of the acts tests: officers, the simulated prefecture's agent, small real files."""

import io
from datetime import date

import pytest
from pypdf import PdfWriter

from collectivites.roles import PlatformRole
from collectivites.services import platform_role_grant
from tests.factories import MembershipFactory, UserFactory
from tests.tasks.worker import database_queue  # noqa: F401 (fixture)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 20


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def pes_aller(*, id_coll: str, block: str = "PES_DepenseAller", root: str = "PES_Aller") -> bytes:
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        f'<n:{root} xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">'
        '<Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/>'
        '<NomFic V="PESALR2_2026_001"/></Parametres></Enveloppe>'
        f'<EnTetePES><DteStr V="2026-11-02"/><IdColl V="{id_coll}"/><CodBud V="01"/></EnTetePES>'
        f'<{block}><EnTeteDepense><IdVer V="2"/></EnTeteDepense></{block}>'
        f"</n:{root}>"
    ).encode("latin-1")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACTS_SIMULATED_DELAY_SECONDS = 0


@pytest.fixture
def officer(rennes):
    return MembershipFactory(collectivite=rennes, capabilities=("act_officer",)).user


@pytest.fixture
def brest_officer(brest):
    return MembershipFactory(collectivite=brest, capabilities=("act_officer",)).user


@pytest.fixture
def accountant(rennes):
    return MembershipFactory(collectivite=rennes, capabilities=("accountant",)).user


@pytest.fixture
def prefecture(platform):
    user = UserFactory(username="prefecture")
    platform_role_grant(actor=None, user=user, role=PlatformRole.PREFECTURE_AGENT)
    return user


def act_payload(body, **overrides) -> dict:
    payload = {
        "collectivite": body.pk,
        "nature": 1,
        "classification": "7.1",
        "decision_date": date(2026, 11, 2).isoformat(),
        "number": "2026_12",
        "object": "Budget supplémentaire 2026",
        "file": upload("deliberation.pdf", pdf_bytes()),
    }
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}


@pytest.fixture
def classification(db):
    """The national classification (seeded by a migration; a transactional test flushes it)."""
    from acts.services.classification import classification_ensure_national

    return classification_ensure_national()


@pytest.fixture
def submit(client_for, rennes, classification):
    """POST an act as ``user``; returns the response."""

    def post(user, **overrides):
        return client_for(user).post(
            "/api/v1/acts/", act_payload(rennes, **overrides), format="multipart"
        )

    return post


@pytest.fixture
def transmitted(submit, officer, client_for, django_capture_on_commit_callbacks):
    """An act submitted, transmitted and (immediate queue) acknowledged; returns its id."""

    def make(**overrides) -> int:
        response = submit(officer, **overrides)
        assert response.status_code == 201, response.json()
        pk = response.json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            answer = client_for(officer).post(f"/api/v1/acts/{pk}/transmit/")
        assert answer.status_code == 202, answer.json()
        return pk

    return make
