"""``seed_demo`` reproduces the founding article's first year (2007) exactly, through the API.

The article, given at a press conference on 14 February 2008, sums up "une année de
fonctionnement": 68 of the 156 member bodies published 1 083 consultations, companies made
8 300 DCE downloads (nearly two thirds for MAPA), 100 electronic bids came, 58 % of them without
a certificate.
"""

import hashlib
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenders import crypto
from tenders.models import Award, BidFile, Tender

from .standards import decp_validator, errors, ocds_package_validator

pytestmark = pytest.mark.django_db


def test_first_year_figures_after_seed_demo(api):
    call_command("seed_demo", stdout=StringIO())

    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/stats/", {"year": 2007})
    assert response.status_code == 200
    assert len(queries) <= 7  # the acts figures (issue 11) add one
    stats = response.json()
    assert stats["member_bodies"] == 156
    assert stats["publishing_bodies"] == 68
    assert stats["tenders_published"] == 1083
    assert stats["mapa_share"] == pytest.approx(2 / 3, abs=0.01)
    assert stats["dce_downloads"] == 8300
    assert stats["dce_downloads_mapa_share"] == pytest.approx(2 / 3, abs=0.01)
    assert stats["electronic_bids"] == 100
    assert stats["bids_without_certificate_share"] == 0.58
    months = stats["months"]
    assert sum(m["tenders_published"] for m in months) == 1083
    assert sum(m["dce_downloads"] for m in months) == 8300
    assert sum(m["electronic_bids"] for m in months) == 100

    # The showcase consultations of today do not fall in 2007, nor the other way round.
    assert api.get("/api/v1/stats/", {"year": 2008}).json()["tenders_published"] == 0


def test_seed_is_idempotent_fast_and_its_data_is_valid_open_data(api):
    started = time.monotonic()
    call_command("seed_demo", stdout=StringIO())
    first_run = time.monotonic() - started
    count = Tender.objects.count()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "tenders : rien de nouveau" in out.getvalue()
    assert Tender.objects.count() == count
    assert first_run < 60  # seconds: the network's accounts take most of it

    signed = BidFile.objects.exclude(signature_status="unsigned").first()
    with signed.file.open("rb") as file:
        assert b"%PDF" not in file.read()  # sealed: encrypted at rest like any bid
    private = crypto.tender_private_key(signed.bid.tender_id)  # 2007: long past the deadline
    with signed.file.open("rb") as file:
        clear = b"".join(crypto.decrypt_chunks(file, private=private))
    assert b"/ByteRange" in clear  # a real PDF signature, not a label
    assert hashlib.sha256(clear).hexdigest() == signed.sha256

    package = api.get("/api/v1/tenders/ocds/", {"page_size": 500}).json()
    assert errors(ocds_package_validator(), package) == []
    decp = api.get("/api/v1/tenders/decp/", {"year": 2007})
    assert errors(decp_validator(), decp.json()) == []
    # Every 2007 award carries its contract data, and they vary as real ones would.
    assert decp["X-Awards-Without-Contract-Data"] == "0"
    marches = decp.json()["marches"]["marche"]
    assert len(marches) == Award.objects.filter(notification_date__year=2007).count()
    assert {m["ccag"] for m in marches} == {
        "Travaux",
        "Fournitures courantes et services",
        "Prestations intellectuelles",
        "Pas de CCAG",
    }
    assert {m["typeGroupementOperateurs"] for m in marches} == {
        "Pas de groupement",
        "Conjoint",
        "Solidaire",
    }
    assert {m["formePrix"] for m in marches} == {"Unitaire", "Forfaitaire", "Mixte"}
    assert len({m["dureeMois"] for m in marches}) > 10
    with_advance = [m for m in marches if m["attributionAvance"]]
    assert 0 < len(with_advance) < len(marches)
    assert all(0 < m["tauxAvance"] <= 0.3 for m in with_advance)
