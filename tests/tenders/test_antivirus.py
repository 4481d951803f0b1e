"""Bid files scanned by ClamAV when its daemon is there (a fake one here, speaking INSTREAM):
the result on each file and the receipt; a virus refuses the bid with a clear message."""

import pytest

from collectivites.models import AuditEvent
from tenders import antivirus
from tenders.models import Bid, BidFile

from .bidding import stored_bid_files, submit, upload
from .fake_clamd import EICAR, fake_clamd
from .pdfsign import plain_pdf

pytestmark = pytest.mark.django_db


def test_without_a_daemon_files_are_recorded_not_scanned(
    client_for, company_user, published, settings
):
    settings.CLAMD_SOCKET = "/nonexistent/clamd.ctl"
    response = submit(client_for(company_user), published)
    assert response.status_code == 201
    (row,) = BidFile.objects.all()
    assert (row.scan_status, row.scan_detail) == ("not_scanned", "pas d'antivirus sur ce serveur")
    assert response.json()["receipt"]["files"][0]["scan_status"] == "not_scanned"


def test_a_clean_file_is_recorded_clean(client_for, company_user, published, settings):
    with fake_clamd() as (path, received):
        settings.CLAMD_SOCKET = path
        content = plain_pdf(b"Offre propre")
        response = submit(
            client_for(company_user), published, upload("offre.pdf", content, "application/pdf")
        )
    assert response.status_code == 201, response.json()
    assert received == [content]  # the whole file went through INSTREAM
    assert BidFile.objects.get().scan_status == "clean"
    assert response.json()["files"][0]["scan_status"] == "clean"


def test_an_infected_file_refuses_the_bid_and_says_why(
    client_for, company_user, published, settings
):
    with fake_clamd() as (path, _received):
        settings.CLAMD_SOCKET = path
        response = submit(
            client_for(company_user),
            published,
            upload("propre.pdf", plain_pdf(b"Offre"), "application/pdf"),
            upload("annexe.pdf", plain_pdf(EICAR), "application/pdf"),
        )
    assert response.status_code == 400
    body = response.json()
    assert body["extra"]["code"] == "virus" and body["extra"]["file"] == "annexe.pdf"
    assert "virus" in body["message"] and "Win.Test.EICAR_HDB-1" in body["message"]
    assert not Bid.objects.exists() and stored_bid_files() == []
    event = AuditEvent.objects.get(action="tender.bid_refused_virus")
    assert event.details["virus"] == "Win.Test.EICAR_HDB-1"


def test_a_daemon_that_does_not_answer_lets_the_bid_in_not_scanned(settings):
    import io
    import socket
    import tempfile

    path = tempfile.mkdtemp(prefix="clamd-", dir="/tmp") + "/dead.ctl"
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        dead.bind(path)  # a socket file nobody listens on: connection refused
        settings.CLAMD_SOCKET = path
        result = antivirus.scan(io.BytesIO(b"x"))
    finally:
        dead.close()
        import os

        os.unlink(path)
    assert (result.status, result.detail) == ("not_scanned", "antivirus indisponible")
