"""Scanning bid files with ClamAV (Debian's ``clamav-daemon``) when it is there.

The daemon is reached on its Unix socket (``settings.CLAMD_SOCKET``, Debian's
``/var/run/clamav/clamd.ctl`` by default) through ``clamav-client`` (the maintained fork of
python-clamd), the file streamed with the INSTREAM command, before anything is stored. Outcomes:

* ``clean`` — the daemon found nothing;
* ``infected`` — the daemon named a virus: the bid is refused, with the file and the virus
  named to the company (nothing is stored);
* ``not_scanned`` — no daemon on this machine (no socket), or it did not answer: the bid is
  accepted and the file says so. A scanner outage must not cost a company its bid at the
  deadline; the buyer sees the state, and the backup copy (R.2132-11) is there for a bid that
  turns out infected when opened.
"""

import logging
import os
from dataclasses import dataclass
from typing import BinaryIO

from clamav_client.clamd import ClamdError, ClamdUnixSocket
from django.conf import settings

logger = logging.getLogger(__name__)

NOT_SCANNED, CLEAN, INFECTED = "not_scanned", "clean", "infected"


@dataclass(frozen=True)
class ScanResult:
    status: str
    detail: str = ""

    @property
    def label(self) -> str:
        if self.status == CLEAN:
            return "sain"
        if self.status == INFECTED:
            return f"infecté : {self.detail}"
        return f"non analysé : {self.detail}" if self.detail else "non analysé"


class _Reader:
    """What the client reads from: the upload's chunks, without loading the file in memory."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def read(self, size: int = -1) -> bytes:
        return self.handle.read(size)


def scan(handle: BinaryIO) -> ScanResult:
    path = getattr(settings, "CLAMD_SOCKET", "")
    if not path or not os.path.exists(path):
        return ScanResult(NOT_SCANNED, "pas d'antivirus sur ce serveur")
    client = ClamdUnixSocket(path, timeout=getattr(settings, "CLAMD_TIMEOUT", 120))
    handle.seek(0)
    try:
        results = client.instream(_Reader(handle))
    except (ClamdError, OSError) as error:
        logger.error("ClamAV did not answer on %s: %s", path, error)
        return ScanResult(NOT_SCANNED, "antivirus indisponible")
    finally:
        handle.seek(0)
    status, name = next(iter(results.values()), ("ERROR", None))
    if status == "FOUND":
        return ScanResult(INFECTED, name or "virus")
    if status == "OK":
        return ScanResult(CLEAN)
    logger.error("ClamAV answered %r on %s", results, path)
    return ScanResult(NOT_SCANNED, "erreur de l'antivirus")
