"""Seals other than the bids': the candidatures of a two-phase procedure and the answers given
through the secure messaging, each under its own key pair per tender.

Same construction as ``crypto`` (X25519 key pair, private half wrapped with AES-256-GCM under
``BIDS_MASTER_KEY``, files in the ``EPB`` chunked format), with the purpose in the wrapping's
additional data: the candidatures' key, which unwraps at the candidature deadline, cannot be
passed off as the bids' key or the messages' key. ``candidatures_private_key`` reads the
candidature deadline from the database and refuses before it, as ``crypto`` does for bids.
"""

import os

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import transaction
from django.utils import timezone

from .crypto import KEY_BLOB_VERSION, SealedError, master_key

CANDIDATURES = "candidatures"
MESSAGES = "messages"
_PUBLIC, _NONCE, _WRAPPED = slice(1, 33), slice(33, 45), slice(45, None)


def _aad(tender_pk: int, purpose: str) -> bytes:
    return f"e-partage tender seal|{purpose}|{tender_pk}".encode()


def _new_blob(tender_pk: int, purpose: str) -> bytes:
    private = X25519PrivateKey.generate()
    nonce = os.urandom(12)
    wrapped = AESGCM(master_key()).encrypt(
        nonce, private.private_bytes_raw(), _aad(tender_pk, purpose)
    )
    return KEY_BLOB_VERSION + private.public_key().public_bytes_raw() + nonce + wrapped


def public_key(*, tender_pk: int, purpose: str) -> X25519PublicKey:
    """The public half, the key pair made on first use."""
    from .models import SealKey, Tender

    with transaction.atomic():
        Tender.objects.select_for_update().filter(pk=tender_pk).exists()
        row = SealKey.objects.filter(tender_id=tender_pk, purpose=purpose).first()
        if row is None:
            row = SealKey.objects.create(
                tender_id=tender_pk, purpose=purpose, blob=_new_blob(tender_pk, purpose)
            )
    return X25519PublicKey.from_public_bytes(bytes(row.blob)[_PUBLIC])


def _unwrap(tender_pk: int, purpose: str) -> X25519PrivateKey:
    from .models import SealKey

    row = SealKey.objects.filter(tender_id=tender_pk, purpose=purpose).first()
    if row is None:
        raise SealedError("Rien n'a été chiffré ici.")
    blob = bytes(row.blob)
    raw = AESGCM(master_key()).decrypt(blob[_NONCE], blob[_WRAPPED], _aad(tender_pk, purpose))
    return X25519PrivateKey.from_private_bytes(raw)


def candidatures_private_key(tender_pk: int) -> X25519PrivateKey:
    """Only after the candidature deadline, read from the database."""
    from .models import Tender

    deadline = Tender.objects.values_list("candidature_deadline", flat=True).get(pk=tender_pk)
    if deadline is None or timezone.now() < deadline:
        raise SealedError(
            "Les candidatures sont scellées jusqu'à la date limite de réception des "
            "candidatures : personne ne peut les lire avant."
        )
    return _unwrap(tender_pk, CANDIDATURES)


def messages_private_key(tender_pk: int) -> X25519PrivateKey:
    """The messaging service checks the request was answered or its deadline passed."""
    return _unwrap(tender_pk, MESSAGES)
