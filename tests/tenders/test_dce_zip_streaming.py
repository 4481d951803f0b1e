"""The whole-DCE ZIP through the ASGI application as uvicorn drives it (a2wsgi, a thread pool).

The test client calls Django directly and so cannot see what the bridge between the event loop
and the WSGI thread does with a 1 GB response: buffer it, keep reading it for a client that has
left. Here a minimal ASGI server (the messages uvicorn sends and accepts, and like uvicorn,
``send`` after a disconnect is silently dropped) drives ``config.asgi.application`` while the
pieces' reads from storage are counted.
"""

import asyncio
import io
import time
import zipfile

import pytest
from asgiref.sync import sync_to_async
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from rest_framework.authtoken.models import Token

from config.asgi import application
from tenders import streaming
from tenders.models import DocumentVersion, Download

from ..factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SIZE = 16 * 1024 * 1024
MB = 1024 * 1024


@pytest.fixture
def big_dce(published):
    """A 16 MB piece written to storage block by block, beside the published tender's RC."""
    blocks = io.BytesIO(bytes(range(256)) * (SIZE // 256))
    name = default_storage.save("tenders/dce/big/plans.bin", File(blocks))
    document = published.documents.create(title="Plans")
    version = DocumentVersion.objects.create(
        document=document, number=1, file=name, name="plans.bin", size=SIZE, sha256="0" * 64
    )
    document.current_version = version
    document.save()
    return published


@pytest.fixture
def reads(monkeypatch):
    """Bytes read from storage by the ZIP stream so far (the WSGI thread adds, the test reads)."""
    count = {"bytes": 0}
    original = streaming.version_chunks

    def counting(version):
        for chunk in original(version):
            count["bytes"] += len(chunk)
            # A disk's pace (~30 MB/s a 64 KB chunk), not the page cache's: without it the
            # thread could read the whole piece before a loaded machine's event loop even runs
            # the task that notices the client left (it read 14 of 16 MB once, under CI load).
            time.sleep(0.002)
            yield chunk

    monkeypatch.setattr(streaming, "version_chunks", counting)
    return count


@pytest.fixture
def token():
    user = UserFactory(company=CompanyFactory())
    return Token.objects.create(user=user).key


class Client:
    """One HTTP request as uvicorn hands it to the application."""

    def __init__(self, path: str, token: str, method: str = "GET"):
        self.scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
            "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "headers": [(b"host", b"localhost"), (b"x-forwarded-proto", b"https"),
                        (b"authorization", f"Token {token}".encode())],
        }  # fmt: skip
        self.incoming: asyncio.Queue = asyncio.Queue()
        self.incoming.put_nowait({"type": "http.request", "body": b"", "more_body": False})
        self.start: dict | None = None
        self.chunks: list[bytes] = []
        self.gone = False
        self.gate = asyncio.Event()  # closed: the client reads nothing (a full socket buffer)
        self.gate.set()
        self.received = asyncio.Event()

    async def receive(self):
        return await self.incoming.get()

    async def send(self, message):
        if self.gone:
            return  # uvicorn drops what is sent after the client left
        if message["type"] == "http.response.start":
            self.start = message
            return
        await self.gate.wait()
        self.chunks.append(message.get("body", b""))
        self.received.set()

    def leave(self):
        self.gone = True
        self.incoming.put_nowait({"type": "http.disconnect"})

    @property
    def body_bytes(self) -> int:
        return sum(map(len, self.chunks))

    def run(self):
        return asyncio.ensure_future(application(self.scope, self.receive, self.send))


async def _until(condition, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_a_slow_client_holds_back_the_reads_and_gets_a_valid_archive(big_dce, reads, token):
    client = Client(f"/api/v1/tenders/{big_dce.pk}/dce.zip", token)
    client.gate.clear()
    task = client.run()
    await _until(lambda: reads["bytes"] > 0)
    await asyncio.sleep(1.0)  # time enough to read all 16 MB if nothing held it back
    # Back-pressure: a2wsgi's queue of 10 chunks of 64 KB, and a chunk in hand on each side.
    assert reads["bytes"] <= 1 * MB, reads["bytes"]
    client.gate.set()
    await asyncio.wait_for(task, 30)
    assert client.start["status"] == 200
    headers = dict(client.start["headers"])
    body = b"".join(client.chunks)
    assert int(headers[b"content-length"]) == len(body) > SIZE
    assert headers[b"accept-ranges"] == b"none"
    assert max(map(len, client.chunks)) <= 64 * 1024 + 1024  # streamed, never one big body
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    assert archive.namelist() == ["01 - rc.pdf", "02 - plans.bin"]


async def test_a_client_that_leaves_stops_the_reads_and_frees_the_thread(big_dce, reads, token):
    client = Client(f"/api/v1/tenders/{big_dce.pk}/dce.zip", token)
    task = client.run()
    await _until(lambda: client.body_bytes >= 1 * MB)
    client.leave()
    await asyncio.wait_for(task, 10)  # the application returns: the thread is free
    # Before config/asgi_http.py the thread read the other 15 MB into the void.
    assert reads["bytes"] < 4 * MB, reads["bytes"]


async def test_head_says_the_size_without_a_download_or_a_read(big_dce, reads, token):
    client = Client(f"/api/v1/tenders/{big_dce.pk}/dce.zip", token, method="HEAD")
    await asyncio.wait_for(client.run(), 10)
    headers = dict(client.start["headers"])
    assert client.start["status"] == 200
    assert int(headers[b"content-length"]) > SIZE
    assert reads["bytes"] == 0
    assert await sync_to_async(_no_zip_in_the_registre)()


def _no_zip_in_the_registre() -> bool:
    # Closed here: asgiref's shared thread would keep the connection, and a later test without
    # database access (a WebSocket one, in the same thread) would trip over it.
    try:
        return not Download.objects.filter(version__isnull=True).exists()
    finally:
        connection.close()
