"""The founding article's first year of the tender room, as demo data (``seed_demo``).

The article (``../shared/seed/megalis-bretagne-2008.txt``) reports, at a press conference of
14 February 2008, "au terme d'une année de fonctionnement": 68 of about 156 member bodies
published 1 083 consultations, companies downloaded 8 300 DCE — nearly two thirds concerning
MAPA —, 100 electronic bids arrived, 58 % without an electronic certificate (optional for MAPA).
That year of operation is 2007: the article is dated by its "courant 2008" and "fin 2008"
plans, and acts have been transmitted "depuis octobre dernier". The network statistics of 2007
give exactly these figures after ``seed_demo``.

How it is made, and why:

* Written directly (``bulk_create``), not through the services: the services apply today's
  thresholds table (2026–2027) and today's clock, and neither applies to 2007. Values follow
  the thresholds of the Code des marchés publics in force in 2007 for collectivités (formalised
  procedures from 210 000 € HT for supplies and services, 5 270 000 € HT for works; MAPA below).
  No audit events are written: these consultations predate the platform's audit log, so their
  timeline is empty.
* Deterministic (a fixed seed) and idempotent: it does nothing once its tenders exist
  (references ``2007-…`` published in 2007). Runs in a few seconds on SQLite.
* One small real PDF serves as the DCE of every consultation (one file in storage, 1 083
  document rows). Bids get real PDFs too: an unsigned offer, and for the 42 bids made with a
  certificate the same offer signed with pyHanko under a self-signed demo certificate, which is
  exactly what ``signed`` (intact, certificate not recognised) records. They are sealed like
  real bids: encrypted with a key pair of their own tender.
* Every bid is on a consultation of 2007 and before its deadline; unsigned ones on MAPA, where
  no certificate was required. Awards go to a bidder when there was an electronic bid, otherwise
  to one of a small set of made-up Breton companies (answers on paper were the rule in 2007).
  Each carries its contract data (duration, prices, CCAG…: ``contracts.py``), so the DECP
  export of 2007 publishes every award.
"""

import hashlib
import random
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from collectivites.bulk import historical_dates
from collectivites.demo.bodies import load_bodies, stable_number
from collectivites.identifiers import luhn_check_digit
from collectivites.models import Collectivite, Company, User

from .. import crypto, receipts
from ..models import (
    Award,
    AwardedCompany,
    Bid,
    BidFile,
    DocumentVersion,
    Download,
    GroupingType,
    Nature,
    Procedure,
    SignatureStatus,
    Tender,
    TenderDocument,
    TenderStatus,
)
from ..services._common import search_text
from . import contracts

Progress = Callable[..., Iterable]

YEAR = 2007
TENDERS, PUBLISHERS, DOWNLOADS, BIDS, UNSIGNED_BIDS = 1083, 68, 8300, 100, 58
MAPA_TENDERS = 722  # 722 / 1083 = 0.667
MAPA_DOWNLOADS = 5533  # 5533 / 8300 = 0.667: the article's "près des deux tiers"
FORMALISED_2007 = {Nature.WORKS: 5_270_000, Nature.SUPPLIES: 210_000, Nature.SERVICES: 210_000}
PARIS = ZoneInfo("Europe/Paris")
REFERENCE = f"{YEAR}-"

# (title, nature, CPV, typical value in € HT)
PURCHASES = [
    ("Réfection de la toiture de l'école", Nature.WORKS, "45261000-4", 120_000),
    ("Aménagement et sécurisation de la traverse du bourg", Nature.WORKS, "45233140-2", 350_000),
    ("Extension du groupe scolaire", Nature.WORKS, "45214200-2", 900_000),
    ("Réhabilitation de la salle polyvalente", Nature.WORKS, "45453000-7", 400_000),
    ("Travaux d'assainissement collectif", Nature.WORKS, "45232410-9", 600_000),
    ("Aménagement paysager des abords de la mairie", Nature.WORKS, "45112700-2", 60_000),
    ("Fourniture de mobilier scolaire", Nature.SUPPLIES, "39160000-1", 40_000),
    ("Fourniture de fournitures de bureau", Nature.SUPPLIES, "30192000-1", 25_000),
    ("Fourniture d'électricité des bâtiments", Nature.SUPPLIES, "09310000-5", 300_000),
    (
        "Fourniture de denrées alimentaires pour la restauration",
        Nature.SUPPLIES,
        "15000000-8",
        150_000,
    ),
    ("Acquisition de postes informatiques", Nature.SUPPLIES, "30213000-5", 60_000),
    ("Acquisition d'un véhicule utilitaire", Nature.SUPPLIES, "34136000-9", 30_000),
    ("Fourniture de livres pour la médiathèque", Nature.SUPPLIES, "22110000-4", 20_000),
    ("Fourniture de produits pharmaceutiques", Nature.SUPPLIES, "33600000-6", 400_000),
    ("Fourniture de gazole et de fioul", Nature.SUPPLIES, "09134100-8", 120_000),
    ("Nettoyage des locaux administratifs", Nature.SERVICES, "90919200-4", 80_000),
    ("Maintenance des équipements biomédicaux", Nature.SERVICES, "50421000-2", 250_000),
    ("Restauration scolaire", Nature.SERVICES, "55523100-3", 300_000),
    ("Collecte des ordures ménagères", Nature.SERVICES, "90511000-2", 700_000),
    (
        "Maîtrise d'œuvre pour la construction d'un équipement sportif",
        Nature.SERVICES,
        "71000000-8",
        90_000,
    ),
    ("Assurances de la collectivité", Nature.SERVICES, "66510000-8", 120_000),
    ("Transport scolaire", Nature.SERVICES, "60130000-8", 350_000),
    ("Impression du bulletin municipal", Nature.SERVICES, "79810000-5", 30_000),
    ("Entretien des espaces verts", Nature.SERVICES, "77310000-6", 50_000),
]
# Made-up companies (their SIRETs are derived, as the demo's other companies are).
AWARDEES = [
    "Le Bihan Couverture",
    "Kerbrat Travaux Publics",
    "Menuiserie Le Goff",
    "Armor Paysages",
    "Bureau d'études Iroise Ingénierie",
    "Guével Électricité",
    "Transports Le Roux",
    "Imprimerie du Léon",
    "Cuisine Centrale d'Arvor",
    "Breizh Bureautique",
    "Garage Tanguy Utilitaires",
    "Pharma Ouest Distribution",
    "Énergies du Trégor",
    "Assainissement Le Corre",
    "Librairie Ar Bed Keltiek",
    "Nettoyage Morvan",
]
FORMALISED = [
    (Procedure.OPEN, 310),
    (Procedure.RESTRICTED, 25),
    (Procedure.NEGOTIATED, 24),
    (Procedure.COMPETITIVE_DIALOGUE, 2),
]
KIND_WEIGHT = {
    Collectivite.Kind.REGION: 60,
    Collectivite.Kind.DEPARTEMENT: 45,
    Collectivite.Kind.ETABLISSEMENT_PUBLIC: 20,
    Collectivite.Kind.EPCI: 15,
    Collectivite.Kind.SYNDICAT: 8,
    Collectivite.Kind.COMMUNE: 3,
}
LARGE_TOWNS = {"Rennes", "Brest", "Quimper", "Lorient", "Vannes", "Saint-Brieuc", "Saint-Malo"}


def seed(*, progress: Progress) -> dict[str, int]:
    if Tender.objects.filter(reference__startswith=REFERENCE, published_at__year=YEAR).exists():
        return {}
    bodies = {b.siren: b for b in load_bodies()}
    collectivites = list(Collectivite.objects.filter(siren__in=bodies))
    companies = list(Company.objects.filter(users__isnull=False).distinct().order_by("siret"))
    users = {u.company_id: u for u in User.objects.filter(company__in=companies).order_by("id")}
    if len(collectivites) < PUBLISHERS or not companies:
        return {}  # the network's step did not run: nothing to publish for
    rng = random.Random(YEAR)  # noqa: S311  (demo data: reproducible, not secret)
    with historical_dates(Tender, Award, Download, TenderDocument, DocumentVersion):
        tenders = _tenders(rng, collectivites, progress)
        versions = _documents(tenders)
        downloads = _downloads(rng, tenders, versions, companies, users)
        bids = _bids(rng, tenders, companies, users)
        awards = _awards(rng, tenders, bids)
    return {
        f"consultations {YEAR}": len(tenders),
        f"retraits {YEAR}": downloads,
        f"plis {YEAR}": len(bids),
        f"attributions {YEAR}": awards,
    }


def _publishers(rng: random.Random, collectivites: list[Collectivite]) -> list[Collectivite]:
    """68 bodies that had joined by mid-2007, the bigger ones more likely."""
    early = [c for c in collectivites if c.adhesion_date <= date(YEAR, 6, 30)]

    def weight(c: Collectivite) -> int:
        return 12 if c.name in LARGE_TOWNS else KIND_WEIGHT[c.kind]

    ranked = sorted(early, key=lambda c: (-weight(c) * rng.uniform(0.5, 1.5), c.siren))
    return sorted(ranked[:PUBLISHERS], key=lambda c: c.siren)


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, each part at least 1 (largest remainder)."""
    spare = total - len(weights)
    raw = [spare * w / sum(weights) for w in weights]
    parts = [1 + int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))), PARIS)


def _procedures(rng: random.Random) -> list[str]:
    procedures = [Procedure.MAPA] * MAPA_TENDERS
    for procedure, count in FORMALISED:
        procedures += [procedure] * count
    rng.shuffle(procedures)
    return procedures


def _value(rng: random.Random, procedure: str, nature: str, typical: int) -> Decimal:
    formalised = FORMALISED_2007[nature]
    value = typical * rng.uniform(0.4, 1.8)
    if procedure == Procedure.MAPA:
        value = min(value, formalised * rng.uniform(0.3, 0.95))
    else:
        value = max(value, formalised * rng.uniform(1.0, 3.0))
    return Decimal(round(value, -2))


def _tenders(
    rng: random.Random, collectivites: list[Collectivite], progress: Progress
) -> list[Tender]:
    publishers = _publishers(rng, collectivites)
    counts = _split(
        TENDERS,
        [12 if c.name in LARGE_TOWNS else KIND_WEIGHT[c.kind] for c in publishers],
    )
    procedures = iter(_procedures(rng))
    statuses = [TenderStatus.AWARDED] * 87 + [TenderStatus.UNSUCCESSFUL] * 9
    statuses += [TenderStatus.CANCELLED] * 4
    tenders = []
    for buyer, count in progress(list(zip(publishers, counts, strict=True)), desc="2007"):
        first = max(date(YEAR, 1, 2), buyer.adhesion_date + timedelta(days=7))
        span = (date(YEAR, 12, 14) - first).days
        days = sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(count))
        for number, day in enumerate(days, start=1):
            procedure = next(procedures)
            title, nature, cpv, typical = rng.choice(PURCHASES)
            published = _moment(day, rng)
            delay = rng.randint(21, 35) if procedure == Procedure.MAPA else rng.randint(52, 60)
            deadline = datetime.combine(day + timedelta(days=delay), time(12), PARIS)
            status = rng.choice(statuses)
            tender = Tender(
                reference=f"{REFERENCE}{number:03d}",
                title=f"{title} — {buyer.name}",
                object=f"{title}. Consultation de {buyer.name} publiée en {YEAR}.",
                buyer=buyer,
                procedure=procedure,
                nature=nature,
                cpv_codes=[cpv],
                estimated_value=_value(rng, procedure, nature, typical),
                place_of_performance=buyer.name,
                published_at=published,
                question_deadline=deadline - timedelta(days=6),
                response_deadline=deadline,
                status=status,
                cancel_reason="Besoin redéfini : la consultation sera relancée."
                if status == TenderStatus.CANCELLED
                else "",
                created_at=published - timedelta(days=rng.randint(2, 10)),
                updated_at=published,
            )
            tender.search_text = search_text(tender)
            tenders.append(tender)
    return Tender.objects.bulk_create(tenders, batch_size=500)


def _pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _store(name: str, content: bytes) -> str:
    path = f"tenders/demo-{YEAR}/{name}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(content))
    return path


def _documents(tenders: list[Tender]) -> dict[int, DocumentVersion]:
    content = _pdf(f"Dossier de consultation - demonstration e-Partage {YEAR}")
    path = _store("dce.pdf", content)
    sha = hashlib.sha256(content).hexdigest()
    documents = TenderDocument.objects.bulk_create(
        [
            TenderDocument(
                tender=t, title="Dossier de consultation des entreprises", created_at=t.created_at
            )
            for t in tenders
        ],
        batch_size=500,
    )
    versions = DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=d,
                number=1,
                file=path,
                name="dce.pdf",
                size=len(content),
                sha256=sha,
                content_type="application/pdf",
                uploaded_at=d.created_at,
            )
            for d in documents
        ],
        batch_size=500,
    )
    for document, version in zip(documents, versions, strict=True):
        document.current_version = version
    TenderDocument.objects.bulk_update(documents, ["current_version"], batch_size=500)
    return {v.document.tender_id: v for v in versions}


def _end_of_year() -> datetime:
    return datetime(YEAR, 12, 31, 22, 0, tzinfo=PARIS)


def _downloads(
    rng: random.Random,
    tenders: list[Tender],
    versions: dict[int, DocumentVersion],
    companies: list[Company],
    users: dict[int, User],
) -> int:
    rows = []
    for is_mapa, total in ((True, MAPA_DOWNLOADS), (False, DOWNLOADS - MAPA_DOWNLOADS)):
        group = [t for t in tenders if (t.procedure == Procedure.MAPA) == is_mapa]
        for tender, count in zip(group, _split(total, [1.0] * len(group)), strict=True):
            end = min(tender.response_deadline, _end_of_year())
            window = (end - tender.published_at).total_seconds()
            for _ in range(count):
                company = rng.choice(companies) if rng.random() < 0.3 else None
                rows.append(
                    Download(
                        tender=tender,
                        version=versions[tender.pk],
                        company=company,
                        user=users.get(company.pk) if company else None,
                        at=tender.published_at + timedelta(seconds=rng.uniform(60, window)),
                    )
                )
    Download.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _bids(
    rng: random.Random, tenders: list[Tender], companies: list[Company], users: dict[int, User]
) -> list[Bid]:
    """100 current bids on awarded 2007 consultations, before their deadline."""
    open_in_year = [
        t
        for t in tenders
        if t.status == TenderStatus.AWARDED and t.response_deadline < _end_of_year()
    ]
    mapa = [t for t in open_in_year if t.procedure == Procedure.MAPA]
    others = [t for t in open_in_year if t.procedure != Procedure.MAPA]
    plan = _spread(rng, rng.sample(mapa, 34), UNSIGNED_BIDS, companies)
    plan += _spread(rng, rng.sample(others, 26), BIDS - UNSIGNED_BIDS, companies)
    bids, signed = [], []
    for tender, bidders in plan:
        for company in bidders:
            submitted = tender.response_deadline - timedelta(hours=rng.randint(1, 120))
            bids.append(
                Bid(
                    tender=tender,
                    company=company,
                    submitted_by=users[company.pk],
                    submitted_at=max(submitted, tender.published_at + timedelta(days=2)),
                )
            )
            signed.append(tender.procedure != Procedure.MAPA)
    bids = Bid.objects.bulk_create(bids, batch_size=500)
    _bid_files(bids, signed)
    return bids


def _spread(
    rng: random.Random, tenders: list[Tender], total: int, companies: list[Company]
) -> list[tuple[Tender, list[Company]]]:
    """``total`` bids over ``tenders``, a few each, from distinct companies."""
    counts = _split(total, [rng.uniform(0.5, 1.5) for _ in tenders])
    return [
        (tender, rng.sample(companies, min(count, len(companies))))
        for tender, count in zip(tenders, counts, strict=True)
    ]


def _bid_files(bids: list[Bid], signed: list[bool]) -> None:
    """One offer per bid, sealed like a real one: encrypted with its tender's own key.

    The clear offers are the same two small PDFs for every bid; each tender gets its key pair
    and its encrypted copies, so opening a demo tender's bids decrypts them as for any other.
    """
    offers = {False: _pdf(f"Offre - demonstration e-Partage {YEAR}")}
    offers[True] = _sign(offers[False])
    names = {False: "offre.pdf", True: "offre-signee.pdf"}
    keys: dict[int, bytes] = {}
    rows = []
    for bid, is_signed in zip(bids, signed, strict=True):
        if bid.tender_id not in keys:
            keys[bid.tender_id] = crypto.new_key_blob(bid.tender_id)
            Tender.objects.filter(pk=bid.tender_id).update(bid_key_wrapped=keys[bid.tender_id])
        content = offers[is_signed]
        sealed = BytesIO()
        crypto.encrypt_to([content], recipient=crypto.public_key(keys[bid.tender_id]), out=sealed)
        path = default_storage.save(
            f"tenders/demo-{YEAR}/plis/{bid.pk}/{names[is_signed]}.enc",
            ContentFile(sealed.getvalue()),
        )
        rows.append(
            BidFile(
                bid=bid,
                name=names[is_signed],
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content_type="application/pdf",
                file=path,
                signature_status=SignatureStatus.SIGNED if is_signed else SignatureStatus.UNSIGNED,
                signature_details={"certificate": "self-signed demo certificate"}
                if is_signed
                else {},
            )
        )
    BidFile.objects.bulk_create(rows)
    # Each bid keeps its accusé de réception, made by the same function as for a real bid.
    for bid, row in zip(bids, rows, strict=True):
        bid.receipt = receipts.receipt_data(bid, files=[row], replaces=None)
    Bid.objects.bulk_update(bids, ["receipt"], batch_size=500)


def _sign(pdf: bytes) -> bytes:
    """``pdf`` signed (PAdES) with a fresh self-signed certificate of a demo company."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Entreprise de demonstration e-Partage"),
        ]
    )
    start = datetime(YEAR, 1, 1, tzinfo=PARIS)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(stable_number("demo-signature") >> 2)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * 30))
        .sign(key, hashes.SHA256())
    )
    cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name="Signature"),
        signer=signer,
    )
    return out.getvalue()


def _siret(name: str) -> str:
    siren = f"4{stable_number(name) % 10**7:07d}"
    siren += luhn_check_digit(siren)
    partial = siren + "0001"
    return partial + luhn_check_digit(partial)


def _awards(rng: random.Random, tenders: list[Tender], bids: list[Bid]) -> int:
    """Awards with their contract data; some works go to a groupement of two companies.

    The contract data and the co-contractors draw from a generator of their own, so the figures
    drawn from ``rng`` (amounts, dates, titulaires) are those of the demo before they existed.
    """
    contract_rng = random.Random(f"{YEAR}-contrats")  # noqa: S311  (demo data, reproducible)
    bidders: dict[int, list[Company]] = {}
    for bid in bids:
        bidders.setdefault(bid.tender_id, []).append(bid.company)
    awarded = [t for t in tenders if t.status == TenderStatus.AWARDED]
    awards = []
    for tender in awarded:
        notified = tender.response_deadline.date() + timedelta(days=rng.randint(20, 45))
        amount = (tender.estimated_value * Decimal(str(rng.uniform(0.78, 1.04)))).quantize(
            Decimal("0.01")
        )
        grouped = tender.nature == Nature.WORKS and contract_rng.random() < 0.15
        awards.append(
            Award(
                tender=tender,
                amount=amount,
                notification_date=notified,
                created_at=datetime.combine(notified, time(10), PARIS),
                **contracts.contract_data(
                    contract_rng,
                    nature=tender.nature,
                    cpv=tender.cpv_codes[0],
                    amount=amount,
                    titulaires=2 if grouped else 1,
                ),
            )
        )
    awards = Award.objects.bulk_create(awards, batch_size=500)
    holders = []
    for award in awards:
        company = rng.choice(bidders[award.tender_id]) if award.tender_id in bidders else None
        if company is not None:
            holders.append(
                AwardedCompany(award=award, company=company, siret=company.siret, name=company.name)
            )
        else:
            name = rng.choice(AWARDEES)
            holders.append(AwardedCompany(award=award, siret=_siret(name), name=name))
        if award.grouping_type != GroupingType.NONE:
            partner = contract_rng.choice([n for n in AWARDEES if n != holders[-1].name])
            holders.append(AwardedCompany(award=award, siret=_siret(partner), name=partner))
    AwardedCompany.objects.bulk_create(holders, batch_size=500)
    return len(awards)
