"""Create (or reuse) the bench tender: a published DCE of a few large random pieces, company
users with API tokens, and the same ZIP pre-built for the static peer. Prints JSON on stdout.

Run by ``bench/downloads/run.py`` with the bench's environment (DATA_DIR under /tmp). The pieces
are written straight into the media folder and recorded as document versions, as the 50 MB test
fixture does (tests/tenders/test_documents.py): an upload would read 250 MB pieces through the
content validators, which random bytes do not pass and which are not what is measured here.
"""

import argparse
import datetime
import hashlib
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from collectivites import services as core  # noqa: E402
from collectivites.models import Collectivite, Company, User  # noqa: E402
from tenders import services, streaming  # noqa: E402
from tenders.models import DocumentVersion, Tender  # noqa: E402
from tests.factories import siren_for, siret_for  # noqa: E402

BLOCK = 4 * 1024 * 1024


def log(message: str) -> None:
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def write_random(path: Path, size: int) -> str:
    """Incompressible content, written block by block; returns its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with path.open("wb") as out:
        left = size
        while left:
            block = os.urandom(min(BLOCK, left))
            digest.update(block)
            out.write(block)
            left -= len(block)
    return digest.hexdigest()


def tender_for(size: int, pieces: int) -> Tender:
    reference = f"BENCH-DL-{size // (1024 * 1024)}M-{pieces}"
    existing = Tender.objects.filter(reference=reference).first()
    if existing is not None:
        versions = DocumentVersion.objects.filter(document__tender=existing)
        if all(Path(settings.MEDIA_ROOT, v.file.name).is_file() for v in versions):
            log(f"reusing tender {existing.pk} ({reference})")
            return existing
        raise SystemExit(f"tender {reference} exists but its files are gone: remove DATA_DIR")
    buyer_body = Collectivite.objects.filter(siren=siren_for(900001)).first()
    if buyer_body is None:
        buyer_body = core.collectivite_create(
            actor=None,
            name="Commune de Bench",
            kind=Collectivite.Kind.COMMUNE,
            siren=siren_for(900001),
            departement_code="35",
            adhesion_date=datetime.date(2007, 1, 15),
        )
    buyer = core.user_create(username=f"bench-buyer-{reference}", email="buyer@bench.bzh")
    core.membership_create(actor=None, collectivite=buyer_body, user=buyer, capabilities=("buyer",))
    now = timezone.now()
    tender = services.tender_create(
        actor=buyer,
        buyer=buyer_body,
        reference=reference,
        title="Construction d'un groupe scolaire (bench des téléchargements)",
        procedure="mapa",
        nature="travaux",
        estimated_value=Decimal("150000"),
        cpv_codes=["45214200-2"],
        place_of_performance="Rennes",
        question_deadline=now + timedelta_days(300),
        response_deadline=now + timedelta_days(310),
    )
    rc = SimpleUploadedFile("rc.pdf", b"%PDF-1.4 reglement", content_type="application/pdf")
    services.tender_document_add(actor=buyer, tender=tender, title="RC", file=rc)
    piece_size = size // pieces
    for index in range(1, pieces + 1):
        name = f"plans-lot-{index}.bin"
        relative = f"tenders/dce/bench-{tender.pk}/{name}"
        log(f"writing {piece_size / 1e6:.0f} MB of random bytes: {relative}")
        sha = write_random(Path(settings.MEDIA_ROOT, relative), piece_size)
        document = tender.documents.create(title=f"Plans lot {index}")
        version = DocumentVersion.objects.create(
            document=document, number=1, file=relative, name=name, size=piece_size, sha256=sha
        )
        document.current_version = version
        document.save()
    return services.tender_publish(actor=buyer, tender=tender)


def timedelta_days(days: int) -> datetime.timedelta:
    return datetime.timedelta(days=days)


def companies(count: int) -> list[str]:
    """``count`` company users (one company each), their API tokens."""
    tokens = []
    for n in range(count):
        username = f"bench-company-{n}"
        user = User.objects.filter(username=username).first()
        if user is None:
            company = Company.objects.filter(siret=siret_for(800000 + n)).first()
            if company is None:
                company = core.company_create(
                    actor=None, name=f"Entreprise Bench {n}", siret=siret_for(800000 + n)
                )
            user = core.user_create(
                username=username, email=f"{username}@bench.bzh", company=company
            )
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return tokens


def prebuilt_zip(tender: Tender, path: Path) -> None:
    """The peer's file: the archive our endpoint streams, written once with the same code."""
    versions = list(
        DocumentVersion.objects.filter(
            pk__in=tender.documents.values("current_version_id")
        ).order_by("document_id")
    )
    archive = streaming.dce_zip(tender=tender, versions=versions)
    if path.is_file() and path.stat().st_size == len(archive):
        log(f"reusing {path}")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    log(f"pre-building the peer's ZIP ({len(archive) / 1e6:.0f} MB): {path}")
    with path.open("wb") as out:
        for chunk in archive:
            out.write(chunk)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True, help="bytes of DCE (all pieces)")
    parser.add_argument("--pieces", type=int, default=4)
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--zip", type=Path, required=True)
    args = parser.parse_args()
    tender = tender_for(args.size, args.pieces)
    tokens = companies(args.companies)
    prebuilt_zip(tender, args.zip)
    versions = DocumentVersion.objects.filter(
        pk__in=tender.documents.values("current_version_id")
    ).order_by("document_id")
    pieces = [{"name": v.name, "size": v.size, "sha256": v.sha256} for v in versions]
    json.dump({"tender": tender.pk, "tokens": tokens, "pieces": pieces}, sys.stdout)


if __name__ == "__main__":
    main()
