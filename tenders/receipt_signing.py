"""The platform's signature on deposit receipts, so a company proves its deposit without
trusting (or even reaching) the platform's database.

One key pair (ECDSA P-256) and a self-signed certificate, generated on first use (or by
``manage.py receipt_signing_key``) into ``RECEIPT_SIGNING_KEY`` / ``RECEIPT_SIGNING_CERT``
(under ``DATA_DIR/keys`` by default) when absent:

* the PDF receipt carries a PAdES signature (pyHanko, ``ETSI.CAdES.detached``) made with it,
  checked by any PDF reader once the certificate is trusted;
* the JSON receipt gets a detached signature: ECDSA-SHA256 over the receipt's canonical JSON
  (keys sorted, no spaces, UTF-8), base64 of the DER signature, kept on the bid with the key's
  fingerprint. The public key and certificate are published at ``/api/v1/tenders/receipt-key/``.

Why one key for both: one certificate binds the key to the platform, and the JSON signature can
be checked with the public key read from that same certificate. Why ECDSA P-256 and not
Ed25519: PDF readers verify P-256 PAdES signatures; Ed25519 in PDF is barely supported.
"""

import base64
import hashlib
import io
import json
import os
import tempfile
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

ALGORITHM = "ECDSA-P256-SHA256"
CANONICALIZATION = "json: sort_keys, separators (',', ':'), ensure_ascii false, UTF-8"


def canonical(receipt: dict[str, Any]) -> bytes:
    return json.dumps(receipt, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _paths() -> tuple[Path, Path]:
    return Path(settings.RECEIPT_SIGNING_KEY), Path(settings.RECEIPT_SIGNING_CERT)


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` only if it does not exist (two workers may race at start)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent)
    try:
        os.write(fd, data)
        os.close(fd)
        os.chmod(temporary, mode)
        os.link(temporary, path)  # fails if another process made it first: theirs is kept
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def ensure_signing_key() -> bool:
    """Generate the key and its certificate if absent; True if they were generated now."""
    key_path, cert_path = _paths()
    if key_path.exists() and cert_path.exists():
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "e-Partage — accusés de réception"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "e-Partage, salle des marchés"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    _write_new(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        0o600,
    )
    _write_new(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return True


@lru_cache(maxsize=4)
def _load(key_path: str, cert_path: str, stamp: tuple[float, float]):
    key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
    return key, cert


def signing_material():
    """The platform's private key and certificate (cryptography objects), made if absent."""
    ensure_signing_key()
    key_path, cert_path = _paths()
    stamp = (key_path.stat().st_mtime, cert_path.stat().st_mtime)
    return _load(str(key_path), str(cert_path), stamp)


def fingerprint(public_key) -> str:
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def sign_receipt(receipt: dict[str, Any]) -> dict[str, str]:
    """The detached signature of a JSON receipt, as stored on the bid."""
    key, _cert = signing_material()
    signature = key.sign(canonical(receipt), ec.ECDSA(hashes.SHA256()))
    return {
        "algorithm": ALGORITHM,
        "key_fingerprint": fingerprint(key.public_key()),
        "signature": base64.b64encode(signature).decode("ascii"),
    }


def verify_receipt(receipt: dict[str, Any], signature_b64: str, public_key_pem: bytes) -> bool:
    """What a company runs on its own copy: needs only the receipt, its signature and the
    published public key (or certificate)."""
    if b"CERTIFICATE" in public_key_pem:
        public_key = x509.load_pem_x509_certificate(public_key_pem).public_key()
    else:
        public_key = serialization.load_pem_public_key(public_key_pem)
    try:
        public_key.verify(
            base64.b64decode(signature_b64), canonical(receipt), ec.ECDSA(hashes.SHA256())
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_info() -> dict[str, str]:
    key, cert = signing_material()
    public = key.public_key()
    return {
        "algorithm": ALGORITHM,
        "canonicalization": CANONICALIZATION,
        "key_fingerprint": fingerprint(public),
        "public_key_pem": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii"),
        "certificate_pem": cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    }


def sign_pdf(pdf: bytes, *, reason: str, location: str = "e-Partage") -> bytes:
    """A PAdES signature of the platform on ``pdf`` (the whole file is covered)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key, cert = signing_material()
    asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    asn1_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_cert,
        signing_key=asn1_key,
        cert_registry=SimpleCertificateStore.from_certs([asn1_cert]),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name="SignatureEPartage",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=signer)
    return out.getvalue()
