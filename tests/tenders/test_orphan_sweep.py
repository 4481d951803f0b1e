"""The hourly sweep of sealed files no row names covers every sealed deposit, not only bids.

Candidatures and answers to a request for clarification are written like bids (each file
encrypted into the storage, then the rows committed), so a worker killed in between leaves the
same orphans (docs/decisions/0028; tests/tenders/test_bid_sigkill.py kills a real one during a
bid). Here the deposit goes through the API, an orphan is left beside its files as a kill would
leave it, and the scheduled task runs: the orphan goes once past the grace period, the
recorded files stay and still decrypt.
"""

import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

from tenders.models import Tender
from tenders.services.orphans import ORPHAN_GRACE
from tenders.tasks import sweep_orphan_bid_files

from .bidding import streamed, upload
from .test_messaging import ask, opened  # noqa: F401  (a fixture)
from .test_two_phase import DC1, candidature, restricted  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _leave_orphan_and_age(directory: Path) -> Path:
    """A file written by a worker killed before the rows: then everything ages past the grace."""
    orphan = directory / "0123456789abcdef0123456789abcdef.enc"
    orphan.write_bytes(b"partial ciphertext")
    old = time.time() - 2 * ORPHAN_GRACE.total_seconds()
    for path in _files(directory):
        os.utime(path, (old, old))
    return orphan


def test_a_candidature_file_no_row_names_is_swept(
    settings,
    client_for,
    buyer,
    company_user,
    restricted,  # noqa: F811  (the fixture imported above)
):
    tender = restricted
    requirements = client_for(buyer).get(f"/api/v1/tenders/{tender.pk}/candidatures/requirements/")
    response = candidature(
        client_for(company_user),
        tender,
        upload("dc1.pdf", DC1, "application/pdf"),
        requirements=[requirements.json()[0]["id"]],
    )
    assert response.status_code == 201, response.json()
    directory = Path(settings.MEDIA_ROOT) / "tenders" / "candidatures" / str(tender.pk)
    recorded = _files(directory)
    assert len(recorded) == 1
    orphan = _leave_orphan_and_age(directory)

    assert sweep_orphan_bid_files.enqueue().return_value == 1
    assert _files(directory) == recorded and not orphan.exists()

    # The recorded candidature still opens once its deadline passed.
    Tender.objects.filter(pk=tender.pk).update(candidature_deadline=timezone.now())
    buyer_client = client_for(buyer)
    listed = buyer_client.get(f"/api/v1/tenders/{tender.pk}/candidatures/").json()["results"]
    row = listed[0]
    response = buyer_client.get(
        f"/api/v1/tenders/{tender.pk}/candidatures/{row['id']}/files/{row['files'][0]['id']}"
        "/download/"
    )
    assert response.status_code == 200
    assert streamed(response) == DC1


def test_an_answer_file_no_row_names_is_swept(
    settings,
    client_for,
    buyer,
    company_user,
    opened,  # noqa: F811  (the fixture imported above)
):
    request_id = ask(client_for(buyer), opened, company_user.company).json()["id"]
    response = client_for(company_user).post(
        f"/api/v1/me/clarifications/{request_id}/answer/",
        {"text": "42,00 € HT."},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    directory = Path(settings.MEDIA_ROOT) / "tenders" / "messages" / str(opened.pk)
    recorded = _files(directory)
    assert len(recorded) == 1
    orphan = _leave_orphan_and_age(directory)

    assert sweep_orphan_bid_files.enqueue().return_value == 1
    assert _files(directory) == recorded and not orphan.exists()
    listed = client_for(buyer).get(f"/api/v1/tenders/{opened.pk}/clarifications/").json()
    file_id = listed["results"][0]["answer_files"][0]["id"]
    response = client_for(buyer).get(
        f"/api/v1/tenders/{opened.pk}/clarifications/{request_id}/files/{file_id}/download/"
    )
    assert response.status_code == 200
    assert streamed(response) == "42,00 € HT.".encode()


def test_a_young_orphan_is_kept(settings, restricted):  # noqa: F811
    """Younger than the grace period, it may be a candidature being stored right now."""
    directory = Path(settings.MEDIA_ROOT) / "tenders" / "candidatures" / str(restricted.pk)
    directory.mkdir(parents=True)
    (directory / "0123456789abcdef0123456789abcdef.enc").write_bytes(b"partial")
    assert sweep_orphan_bid_files.enqueue().return_value == 0
    assert len(_files(directory)) == 1
