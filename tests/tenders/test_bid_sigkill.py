"""A bid upload interrupted by SIGKILL of the worker handling it, against a real server process.

A company's bid (three 6 MB PNG files) goes to a uvicorn process over a plain socket, and the
process is killed (SIGKILL: no cleanup, no rollback handler, no ``finally``):

- half-way through the upload, streamed slowly;
- once the upload ended, when the first encrypted file appears in the storage directory (the
  bid is being stored: checked, encrypted file by file, then recorded in one transaction).

Afterwards no bid is counted as received (the buyer's count, the company's list, the database),
no file is left in the storage directory once the orphan sweep ran
(``sealed_files_sweep_orphans``, scheduled hourly; see docs/decisions/0028), and the company
submits again successfully on a fresh worker, leaving exactly that bid's files on disk.
"""

import os
import secrets
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from tenders.models import Bid, BidFile
from tenders.services import orphans as sweep
from tests.live_asgi import ServerProcess

from .bidding import PNG

pytestmark = pytest.mark.django_db(transaction=True)

FILE_BYTES = 6 * 1024 * 1024
FILES = 3
TIMEOUT = 60.0


@pytest.fixture
def server_dirs(tmp_path):
    data, tmp = tmp_path / "server-data", tmp_path / "server-tmp"
    tmp.mkdir()
    return data, tmp


def _server(data: Path, tmp: Path) -> ServerProcess:
    env = {
        "DATA_DIR": str(data),  # MEDIA_ROOT is DATA_DIR/media
        "TMPDIR": str(tmp),  # the system's temporary directory: nothing should be left there
        "DEBUG": "1",  # plain HTTP; the bids' master key derived from SECRET_KEY
        "CLAMD_SOCKET": "",
        "TASKS_BACKEND": "immediate",
    }
    server = ServerProcess(name="bid-sigkill", env=env)
    server.wait_until_up()
    return server


def _body(boundary: str) -> bytes:
    parts = []
    for index in range(FILES):
        content = PNG + secrets.token_bytes(FILE_BYTES - len(PNG))
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="offre-{index}.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def _open_upload(server: ServerProcess, tender, token: str) -> tuple[socket.socket, bytes]:
    boundary = secrets.token_hex(16)
    body = _body(boundary)
    head = (
        f"POST /api/v1/tenders/{tender.pk}/bids/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Authorization: Token {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)
    sock.sendall(head.encode())
    return sock, body


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _assert_nothing_received(client_for, buyer, company_user, tender) -> None:
    assert not Bid.objects.filter(tender=tender).exists()
    assert not BidFile.objects.filter(bid__tender=tender).exists()
    count = client_for(buyer).get(f"/api/v1/tenders/{tender.pk}/bids/count/")
    assert count.status_code == 200, count.content
    assert (count.json()["bids"], count.json()["submissions"]) == (0, 0), count.json()
    mine = client_for(company_user).get("/api/v1/me/bids/", {"tender": tender.pk})
    assert mine.status_code == 200, mine.content
    assert mine.json()["results"] == [], mine.json()


def _submit_again(data, tmp, client_for, buyer, company_user, tender, token) -> None:
    """A fresh worker takes the company's bid; only its files are on disk."""
    server = _server(data, tmp)
    try:
        sock, body = _open_upload(server, tender, token)
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        sock.close()
    finally:
        server.stop()
    assert answer.startswith(b"HTTP/1.1 201"), answer[:2000]
    count = client_for(buyer).get(f"/api/v1/tenders/{tender.pk}/bids/count/").json()
    assert (count["bids"], count["submissions"]) == (1, 1), count
    stored = {str(path.relative_to(data / "media")) for path in _files(data / "media")}
    names = set(BidFile.objects.filter(bid__tender=tender).values_list("file", flat=True))
    assert len(names) == FILES and stored >= names, (stored, names)
    assert {name for name in stored if name.startswith("tenders/bids/")} == names


def _sweep(data: Path, settings) -> list[str]:
    """The scheduled sweep, as if its grace period had passed (it runs in this process)."""
    settings.MEDIA_ROOT = data / "media"
    settings.FILE_UPLOAD_TEMP_DIR = data / "tmp" / "uploads"
    sweep.upload_spool_sweep(grace=timedelta(0))
    return sweep.sealed_files_sweep_orphans(grace=timedelta(0))


def test_killed_mid_upload(settings, server_dirs, client_for, buyer, company_user, published):
    data, tmp = server_dirs
    token = Token.objects.create(user=company_user).key
    server = _server(data, tmp)
    try:
        sock, body = _open_upload(server, published, token)
        half = len(body) // 2
        for start in range(0, half, 256 * 1024):  # about 8 MB/s: the upload takes a while
            sock.sendall(body[start : start + 256 * 1024])
            time.sleep(0.03)
        server.kill()
        sock.close()
    finally:
        server.kill()
    _assert_nothing_received(client_for, buyer, company_user, published)
    assert _files(data / "media" / "tenders" / "bids") == []
    spool = data / "tmp" / "uploads"  # FILE_UPLOAD_TEMP_DIR
    leftovers = _files(spool)
    print(f"\nupload spool files left by the kill: {[p.name for p in leftovers]}")
    assert leftovers and _files(tmp) == [], (leftovers, _files(tmp))
    _sweep(data, settings)
    assert _files(data / "media" / "tenders" / "bids") == [] and _files(spool) == []
    _submit_again(data, tmp, client_for, buyer, company_user, published, token)


def test_killed_while_storing(settings, server_dirs, client_for, buyer, company_user, published):
    data, tmp = server_dirs
    token = Token.objects.create(user=company_user).key
    bids_dir = data / "media" / "tenders" / "bids" / str(published.pk)
    server = _server(data, tmp)
    try:
        sock, body = _open_upload(server, published, token)
        sock.sendall(body)
        deadline = time.monotonic() + TIMEOUT
        while not _files(bids_dir):  # the first encrypted file is being written
            assert time.monotonic() < deadline, f"no bid file written:\n{server.tail()}"
            assert server.process.poll() is None, server.tail()
            time.sleep(0.002)
        server.kill()
        sock.close()
    finally:
        server.kill()
    orphans = _files(bids_dir)
    print(f"\nfiles in the storage directory right after the kill: {len(orphans)}")
    _assert_nothing_received(client_for, buyer, company_user, published)
    removed = _sweep(data, settings)
    assert sorted(removed) == sorted(str(path.relative_to(data / "media")) for path in orphans), (
        removed
    )
    assert _files(data / "media" / "tenders" / "bids") == []
    _submit_again(data, tmp, client_for, buyer, company_user, published, token)


def test_the_sweep_spares_recent_files_and_recorded_ones(
    settings, client_for, company_user, published, tmp_path
):
    """An orphan younger than the grace period may be a bid being stored right now: kept."""
    from .bidding import submit, upload

    response = submit(client_for(company_user), published, upload("prix.png", PNG, "image/png"))
    assert response.status_code == 201, response.json()
    root = Path(settings.MEDIA_ROOT) / "tenders" / "bids" / str(published.pk)
    recorded = _files(root)
    orphan = root / "0123456789abcdef.enc"
    orphan.write_bytes(b"partial")
    assert sweep.sealed_files_sweep_orphans() == []  # younger than the grace period
    old = time.time() - 2 * sweep.ORPHAN_GRACE.total_seconds()
    os.utime(orphan, (old, old))
    for path in recorded:
        os.utime(path, (old, old))
    assert sweep.sealed_files_sweep_orphans() == [f"tenders/bids/{published.pk}/{orphan.name}"]
    assert _files(root) == recorded
