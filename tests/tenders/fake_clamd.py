"""A fake clamd on a Unix socket speaking the INSTREAM protocol: enough of ClamAV's daemon to
test the platform's scanning without ClamAV installed. It finds the EICAR test string."""

import os
import socket
import struct
import tempfile
import threading
from contextlib import contextmanager, suppress

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _read_exact(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        part = conn.recv(size - len(data))
        if not part:
            raise ConnectionError("closed")
        data += part
    return data


def _serve_one(conn: socket.socket, received: list[bytes]) -> None:
    with conn:
        command = b""
        while not command.endswith(b"\n"):
            command += _read_exact(conn, 1)
        if command.strip() not in (b"nINSTREAM", b"zINSTREAM"):
            conn.sendall(b"UNKNOWN COMMAND\n")
            return
        body = b""
        while True:
            (length,) = struct.unpack("!L", _read_exact(conn, 4))
            if length == 0:
                break
            body += _read_exact(conn, length)
        received.append(body)
        if EICAR in body:
            conn.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\n")
        else:
            conn.sendall(b"stream: OK\n")


@contextmanager
def fake_clamd():
    """Yield (socket path, list of scanned bodies) while a daemon thread answers."""
    folder = tempfile.mkdtemp(prefix="clamd-", dir="/tmp")  # short: AF_UNIX paths are limited
    path = os.path.join(folder, "clamd.ctl")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(8)
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(5)
            with suppress(ConnectionError, OSError):
                _serve_one(conn, received)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield path, received
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()
        os.unlink(path)
        os.rmdir(folder)
