"""Tender fixtures: a buyer of Rennes, tenders made through the services, files in a tmp media."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tenders import services
from tenders.models import Tender

from ..factories import MembershipFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Rate limits count in the process's cache across tests (one address, 127.0.0.1): off here,
    # tested with their own limits in test_ratelimit.py.
    settings.TENDER_RATE_LIMITS = {}
    # The platform's receipt key and the antivirus socket, per test.
    settings.RECEIPT_SIGNING_KEY = str(tmp_path / "keys" / "receipt-key.pem")
    settings.RECEIPT_SIGNING_CERT = str(tmp_path / "keys" / "receipt-cert.pem")
    settings.CLAMD_SOCKET = ""


@pytest.fixture
def buyer(rennes):
    return MembershipFactory(collectivite=rennes, role="agent", capabilities=("buyer",)).user


@pytest.fixture
def brest_buyer(brest):
    return MembershipFactory(collectivite=brest, role="agent", capabilities=("buyer",)).user


def pdf(name: str = "rc.pdf", content: bytes = b"%PDF-1.4 reglement") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_tender(buyer_user, collectivite, **overrides) -> Tender:
    now = timezone.now()
    fields = {
        "reference": "2026-001",
        "title": "Réfection de la toiture de l'école",
        "procedure": "mapa",
        "nature": "travaux",
        "estimated_value": Decimal("150000"),
        "cpv_codes": ["45261000-4"],
        "place_of_performance": "Rennes",
        "question_deadline": now + timedelta(days=10),
        "response_deadline": now + timedelta(days=20),
        **overrides,
    }
    if fields["procedure"] != "mapa" and "response_deadline" not in overrides:
        # The formalised procedures' legal minimums (R.2161-2 ff.): a lawful default.
        fields["question_deadline"] = now + timedelta(days=30)
        fields["response_deadline"] = now + timedelta(days=60)
    return services.tender_create(actor=buyer_user, buyer=collectivite, **fields)


def published_tender(buyer_user, collectivite, **overrides) -> Tender:
    tender = make_tender(buyer_user, collectivite, **overrides)
    services.tender_document_add(actor=buyer_user, tender=tender, title="RC", file=pdf())
    return services.tender_publish(actor=buyer_user, tender=tender)


def expire(tender: Tender, *, days: int = 1) -> None:
    """Move the deadlines into the past, as time passing would."""
    past = timezone.now() - timedelta(days=days)
    Tender.objects.filter(pk=tender.pk).update(
        question_deadline=past - timedelta(days=1), response_deadline=past
    )
    tender.refresh_from_db()


@pytest.fixture
def draft(buyer, rennes):
    return make_tender(buyer, rennes)


@pytest.fixture
def published(buyer, rennes):
    return published_tender(buyer, rennes)
