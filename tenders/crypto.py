"""The seal of the bids: files encrypted at rest, decryptable only after the response deadline.

Each tender gets an X25519 key pair when its first bid arrives. The public half encrypts bid
files; the private half is wrapped (AES-256-GCM) with the master key from the settings and
only ``tender_private_key`` unwraps it — and that function refuses to, reading the deadline
from the database, as long as the deadline has not passed. So before the deadline the
application *can* encrypt bids but *cannot* decrypt them, whoever asks: no view, admin or
superuser path reaches the plaintext, because the key it would need is never unwrapped.

File format (docs/decisions, "sealed bids"): a header ``EPB`` + version byte + the file's
ephemeral X25519 public key (32 bytes); then the plaintext in chunks of ``CHUNK`` bytes, each
sealed with AES-256-GCM (ciphertext + 16-byte tag). The file key is HKDF-SHA256 of the
ephemeral × tender ECDH secret, unique per file, so nonces are simply the chunk counter (11
bytes) and a last-chunk flag (1 byte): chunks cannot be reordered, dropped or the file truncated
without the decryption failing. Memory stays constant whatever the file size.
"""

import base64
import hashlib
import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from collectivites.errors import ApplicationError, ErrorCode

MAGIC = b"EPB\x01"
HEADER_SIZE = len(MAGIC) + 32
CHUNK = 64 * 1024
TAG = 16
KEY_BLOB_VERSION = b"\x01"
# Blob kept in Tender.bid_key_wrapped: version | public key (32) | nonce (12) | wrapped private.
_PUBLIC = slice(1, 33)
_NONCE = slice(33, 45)
_WRAPPED = slice(45, None)


class SealedError(ApplicationError):
    """The bids of this tender are still sealed: the deadline has not passed."""

    status_code = 403
    default_code = ErrorCode.SEALED


class CorruptedBidError(Exception):
    """A stored bid file does not decrypt: altered on storage, or not ours."""


def _hkdf(secret: bytes, *, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def master_key() -> bytes:
    """32 bytes from ``BIDS_MASTER_KEY`` (base64); derived from SECRET_KEY only under DEBUG.

    A separate key in production means that a leaked SECRET_KEY does not unseal bids, and that
    rotating SECRET_KEY does not make stored bids unreadable.
    """
    configured = getattr(settings, "BIDS_MASTER_KEY", "")
    if configured:
        try:
            key = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        except ValueError as error:
            raise ImproperlyConfigured("BIDS_MASTER_KEY n'est pas du base64.") from error
        if len(key) != 32:
            raise ImproperlyConfigured("BIDS_MASTER_KEY doit coder 32 octets (base64).")
        return key
    if settings.DEBUG:
        return _hkdf(settings.SECRET_KEY.encode(), salt=None, info=b"e-partage bids master key")
    raise ImproperlyConfigured(
        "BIDS_MASTER_KEY est obligatoire en production : 32 octets aléatoires en base64 "
        "(voir platform/env.example)."
    )


def _wrap_aad(tender_pk: int) -> bytes:
    # Bound to the tender: a wrapped key copied onto another tender does not unwrap.
    return b"e-partage tender bid key|" + str(tender_pk).encode()


def new_key_blob(tender_pk: int) -> bytes:
    """A fresh key pair for a tender: the public key in clear, the private key wrapped."""
    private = X25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    nonce = os.urandom(12)
    wrapped = AESGCM(master_key()).encrypt(nonce, private.private_bytes_raw(), _wrap_aad(tender_pk))
    return KEY_BLOB_VERSION + public + nonce + wrapped


def public_key(blob: bytes) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(bytes(blob)[_PUBLIC])


def unwrap_private_key(
    *, tender_pk: int, blob: bytes, deadline: datetime | None
) -> X25519PrivateKey:
    """The one place the private key comes out, and only once the deadline has passed."""
    if deadline is None or timezone.now() < deadline:
        raise SealedError(
            "Les plis sont scellés jusqu'à la date limite de remise des offres : personne ne "
            "peut les lire avant."
        )
    blob = bytes(blob)
    raw = AESGCM(master_key()).decrypt(blob[_NONCE], blob[_WRAPPED], _wrap_aad(tender_pk))
    return X25519PrivateKey.from_private_bytes(raw)


def tender_private_key(
    tender_pk: int, *, actor=None, purpose: str = "unspecified"
) -> X25519PrivateKey:
    """Read the deadline and the key from the database (never from a caller's object).

    Every unwrap is written to the audit log with who (``actor``; "système" without one), when
    and why, and so is every refused attempt (before the deadline): a successor reading the log
    sees each time a tender's private key left its wrapping (docs/decisions/0007).
    """
    from .models import Tender

    row = Tender.objects.values("response_deadline", "bid_key_wrapped", "buyer_id").get(
        pk=tender_pk
    )
    if row["bid_key_wrapped"] is None:
        raise SealedError("Aucun pli n'a été chiffré pour cette consultation.")
    details = {
        "tender": tender_pk,
        "purpose": purpose,
        "deadline": row["response_deadline"].isoformat() if row["response_deadline"] else None,
    }
    try:
        key = unwrap_private_key(
            tender_pk=tender_pk, blob=row["bid_key_wrapped"], deadline=row["response_deadline"]
        )
    except SealedError:
        _audit(actor, "tender.bid_key_unwrap_refused", row["buyer_id"], details)
        raise
    _audit(actor, "tender.bid_key_unwrapped", row["buyer_id"], details)
    return key


def _audit(actor, action: str, buyer_id: int, details: dict) -> None:
    from collectivites.audit import audit_record
    from collectivites.models import Collectivite

    audit_record(
        actor=actor,
        action=action,
        collectivite=Collectivite.objects.filter(pk=buyer_id).first(),
        details=details,
    )


def _file_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> AESGCM:
    key = _hkdf(shared, salt=ephemeral + recipient, info=b"e-partage bid file v1")
    return AESGCM(key)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _lookahead(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Re-cut ``chunks`` into CHUNK-sized pieces, telling which one is the last."""
    buffer = bytearray()
    pending: bytes | None = None
    for data in chunks:
        buffer += data
        start = 0
        while len(buffer) - start >= CHUNK:
            if pending is not None:
                yield pending, False
            pending = bytes(buffer[start : start + CHUNK])
            start += CHUNK
        del buffer[:start]
    if pending is None or buffer:
        if pending is not None:
            yield pending, False
        yield bytes(buffer), True
    else:
        yield pending, True


def encrypt_to(
    chunks: Iterable[bytes], *, recipient: X25519PublicKey, out: BinaryIO
) -> tuple[str, int]:
    """Encrypt ``chunks`` into ``out``; return the plaintext's SHA-256 (hex) and size."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    recipient_bytes = recipient.public_bytes_raw()
    aead = _file_key(ephemeral.exchange(recipient), ephemeral_public, recipient_bytes)
    header = MAGIC + ephemeral_public
    out.write(header)
    digest = hashlib.sha256()
    size = 0
    for counter, (piece, last) in enumerate(_lookahead(chunks)):
        digest.update(piece)
        size += len(piece)
        out.write(aead.encrypt(_nonce(counter, last), piece, header))
    return digest.hexdigest(), size


def decrypt_chunks(handle: BinaryIO, *, private: X25519PrivateKey) -> Iterator[bytes]:
    """Yield the plaintext of an encrypted file, chunk by chunk, verifying each one."""
    header = handle.read(HEADER_SIZE)
    if len(header) != HEADER_SIZE or not header.startswith(MAGIC):
        raise CorruptedBidError("En-tête de pli chiffré invalide.")
    ephemeral_public = header[len(MAGIC) :]
    shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    aead = _file_key(shared, ephemeral_public, private.public_key().public_bytes_raw())
    size = CHUNK + TAG
    current = handle.read(size)
    counter = 0
    while True:
        following = handle.read(size)
        last = not following
        try:
            yield aead.decrypt(_nonce(counter, last), current, header)
        except InvalidTag as error:
            raise CorruptedBidError("Pli altéré ou tronqué.") from error
        if last:
            return
        current, counter = following, counter + 1


def ciphertext_size(plaintext_size: int) -> int:
    """What a file of ``plaintext_size`` bytes takes on storage (an empty file: one tag)."""
    return HEADER_SIZE + plaintext_size + max(1, -(-plaintext_size // CHUNK)) * TAG
