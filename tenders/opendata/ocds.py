"""OCDS 1.1: one release per public tender, in release packages.

Each release is a snapshot of the whole contracting process as it stands (tender, lots,
documents, awards), dated by the last public event of its timeline; its id carries that date, so
a change gives a new release id under the same ocid. Lots follow the OCDS lots extension, which
the package declares; they are additional properties for the core schema.

Mappings that a reader might question:

* status: published, closed and opened tenders are ``active`` (the process runs until a decision),
  awarded ones ``complete``, unsuccessful ``unsuccessful``, cancelled ``cancelled``.
* procurementMethod: MAPA and open calls for tenders are ``open`` (published, anyone may answer),
  restricted, negotiated and competitive dialogue ``selective`` (only selected candidates bid),
  contracts without publicity ``limited``. The French name goes to procurementMethodDetails.
* items: one per CPV code, classified with scheme ``CPV`` and the 8-digit code (no check digit).
* numberOfTenderers: companies with a current bid, only once the bids were opened (before, the
  bids are sealed and the figure is not published).
* parties: see ``identifiers.py``; bidders that won nothing are not published.
* awards: ``pending`` from the choice until the contract is notified (standstill, certificates:
  "not yet in force"), ``active`` once notified. A notified award has its contract
  (``contracts``): ``active``, ``dateSigned`` the buyer's signature, ``period.startDate`` the
  notification date (the contract takes effect on receipt, R.2182-4), and one ``amendments``
  entry per modification (avenant) with its new value in the description (ADR 0017).
"""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from collectivites.models import AuditEvent, Collectivite
from tenders.models import (
    Award,
    AwardedCompany,
    Bid,
    GroupMember,
    Nature,
    Procedure,
    Tender,
    TenderDocument,
    TenderStatus,
)
from tenders.rules import public_q
from tenders.selectors import PUBLIC_EVENTS

from .identifiers import ORG_ID_SCHEME, SIRET_SCHEME, party_id

VERSION = "1.1"
LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
    "v1.1.5/extension.json"
)
# Licence Ouverte / Open Licence 2.0: Etalab's licence for French public sector open data.
LICENSE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

STATUS = {
    TenderStatus.PUBLISHED: "active",
    TenderStatus.CLOSED: "active",
    TenderStatus.OPENED: "active",
    TenderStatus.AWARDED: "complete",
    TenderStatus.UNSUCCESSFUL: "unsuccessful",
    TenderStatus.CANCELLED: "cancelled",
}
METHOD = {
    Procedure.MAPA: "open",
    Procedure.OPEN: "open",
    Procedure.RESTRICTED: "selective",
    Procedure.NEGOTIATED: "selective",
    Procedure.COMPETITIVE_DIALOGUE: "selective",
    Procedure.WITHOUT_PUBLICITY: "limited",
}
CATEGORY = {Nature.WORKS: "works", Nature.SUPPLIES: "goods", Nature.SERVICES: "services"}
AMENDING_EVENTS = ("tender.updated", "tender.dce_added", "tender.dce_revised")
OPENED = {TenderStatus.OPENED, TenderStatus.AWARDED, TenderStatus.UNSUCCESSFUL}


def queryset() -> QuerySet[Tender]:
    """Public tenders with all a release needs, in a fixed number of queries (7)."""
    events = AuditEvent.objects.filter(
        object_type=Tender._meta.label_lower,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    tenderers = (
        Bid.objects.filter(tender=OuterRef("pk"), is_current=True)
        .values("tender")
        .annotate(n=Count("company", distinct=True))
        .values("n")
    )
    return (
        Tender.objects.filter(public_q())
        .select_related("buyer")
        .annotate(
            last_event_at=Subquery(
                events.filter(action__in=PUBLIC_EVENTS).order_by("-at").values("at")[:1]
            ),
            amended=Exists(
                events.filter(action__in=AMENDING_EVENTS, at__gt=OuterRef("published_at"))
            ),
            tenderers=Subquery(tenderers),
        )
        .prefetch_related(
            "lots",
            Prefetch(
                "memberships",
                queryset=GroupMember.objects.select_related("collectivite").order_by("id"),
            ),
            Prefetch(
                "documents",
                queryset=TenderDocument.objects.filter(current_version__isnull=False)
                .select_related("current_version")
                .order_by("id"),
            ),
            Prefetch(
                "awards",
                queryset=Award.objects.select_related("lot", "notification")
                .prefetch_related(
                    Prefetch("companies", queryset=AwardedCompany.objects.order_by("id")),
                    "modifications",
                )
                .order_by("lot__number", "id"),
            ),
        )
        .order_by("id")
    )


def ocid(tender: Tender) -> str:
    return f"{settings.OCDS_OCID_PREFIX}-{tender.pk}"


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _value(amount: Decimal | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": float(amount), "currency": "EUR"}


def _cpv(code: str) -> dict[str, str]:
    return {"scheme": "CPV", "id": code.split("-")[0]}


def _public_body(collectivite: Collectivite, roles: list[str]) -> dict[str, Any]:
    return {
        "id": party_id(collectivite.siren),
        "name": collectivite.name,
        "identifier": {
            "scheme": ORG_ID_SCHEME,
            "id": collectivite.siren,
            "legalName": collectivite.name,
        },
        "address": {"region": "Bretagne", "countryName": "France"}
        if collectivite.departement_code in {"22", "29", "35", "56"}
        else {"countryName": "France"},
        "roles": roles,
    }


def _supplier(company: AwardedCompany) -> dict[str, Any]:
    siren = company.siret[:9]
    return {
        "id": party_id(siren),
        "name": company.name,
        "identifier": {"scheme": ORG_ID_SCHEME, "id": siren, "legalName": company.name},
        "additionalIdentifiers": [{"scheme": SIRET_SCHEME, "id": company.siret}],
        "roles": ["supplier"],
    }


def _parties(tender: Tender) -> list[dict[str, Any]]:
    parties = {
        party_id(tender.buyer.siren): _public_body(tender.buyer, ["buyer", "procuringEntity"])
    }
    for member in tender.memberships.all():
        parties.setdefault(
            party_id(member.collectivite.siren), _public_body(member.collectivite, ["buyer"])
        )
    for award in tender.awards.all():
        for company in award.companies.all():
            party = parties.setdefault(party_id(company.siret[:9]), _supplier(company))
            if "supplier" not in party["roles"]:
                party["roles"].append("supplier")
            known = {i["id"] for i in party.get("additionalIdentifiers", [])}
            if company.siret not in known:
                party.setdefault("additionalIdentifiers", []).append(
                    {"scheme": SIRET_SCHEME, "id": company.siret}
                )
    return list(parties.values())


def _documents(tender: Tender) -> list[dict[str, Any]]:
    documents = []
    for document in tender.documents.all():
        version = document.current_version
        path = reverse(
            "tender-document-download", kwargs={"tender_pk": tender.pk, "doc_id": document.pk}
        )
        # A piece uploaded before publication became public when the tender did.
        published = max(version.uploaded_at, tender.published_at or version.uploaded_at)
        entry = {
            "id": str(document.pk),
            "documentType": "biddingDocuments",
            "title": document.title,
            "url": settings.PUBLIC_URL.rstrip("/") + path,
            "datePublished": _date(published),
            "format": version.content_type or "application/octet-stream",
            "language": "fr",
        }
        if version.number > 1:
            entry["dateModified"] = _date(version.uploaded_at)
        documents.append(entry)
    return documents


def _items_and_lots(tender: Tender) -> tuple[list[dict], list[dict]]:
    items = [
        {"id": str(index), "description": tender.title, "classification": _cpv(code)}
        for index, code in enumerate(tender.cpv_codes, start=1)
    ]
    lots = []
    for lot in tender.lots.all():
        entry = {"id": str(lot.number), "title": lot.title, "status": STATUS.get(tender.status)}
        if lot.description:
            entry["description"] = lot.description
        if lot.estimated_value is not None:
            entry["value"] = _value(lot.estimated_value)
        lots.append(entry)
        if lot.cpv_code:
            items.append(
                {
                    "id": f"lot-{lot.number}",
                    "description": lot.title,
                    "classification": _cpv(lot.cpv_code),
                    "relatedLot": str(lot.number),
                }
            )
    return items, lots


def _awards(tender: Tender) -> list[dict[str, Any]]:
    awards = []
    for award in tender.awards.all():
        entry = {
            "id": str(award.pk),
            "status": "active" if award.notification_date else "pending",
            "date": _date(award.created_at),
            "value": _value(award.amount),
            "suppliers": [
                {"id": party_id(company.siret[:9]), "name": company.name}
                for company in award.companies.all()
            ],
        }
        if award.lot is not None:
            entry["title"] = award.lot.title
            entry["relatedLots"] = [str(award.lot.number)]
        awards.append(entry)
    return awards


def _day(value) -> str:
    """A date as the date-time OCDS wants: midnight, Paris time."""
    return timezone.make_aware(datetime.combine(value, datetime.min.time())).isoformat()


def _contracts(tender: Tender) -> list[dict[str, Any]]:
    contracts = []
    for award in tender.awards.all():
        notification = getattr(award, "notification", None)
        if award.notification_date is None or notification is None:
            continue
        amendments = []
        value = award.amount
        for row in award.modifications.all():
            changes = []
            if row.amount is not None:
                value = row.amount
                changes.append(f"nouveau montant {row.amount} € HT")
            if row.duration_months is not None:
                changes.append(f"nouvelle durée {row.duration_months} mois")
            amendments.append(
                {
                    "id": str(row.number),
                    "date": _day(row.notified_on),
                    "rationale": row.object,
                    "description": "Modification n° "
                    + str(row.number)
                    + " : "
                    + ", ".join(changes),
                }
            )
        entry: dict[str, Any] = {
            "id": str(award.pk),
            "awardID": str(award.pk),
            "status": "active",
            "value": _value(value),
            "dateSigned": _day(notification.signed_on),
            "period": {"startDate": _day(award.notification_date)},
        }
        if amendments:
            entry["amendments"] = amendments
        contracts.append(entry)
    return contracts


def release_date(tender: Tender) -> datetime:
    """The last public change: its latest timeline event, else the latest dated fact."""
    candidates = [tender.published_at, getattr(tender, "last_event_at", None)]
    candidates += [award.created_at for award in tender.awards.all()]
    return max(moment for moment in candidates if moment is not None)


def _tags(tender: Tender, awards: list[dict]) -> list[str]:
    if tender.status == TenderStatus.CANCELLED:
        return ["tenderCancellation"]
    changed = getattr(tender, "amended", False) or tender.status in (TenderStatus.UNSUCCESSFUL,)
    tags = ["tenderUpdate" if changed else "tender"]
    if awards:
        tags.append("award")
    return tags


def release(tender: Tender) -> dict[str, Any]:
    """The release of a tender from ``queryset()`` (other tenders work, with more queries)."""
    date = release_date(tender)
    items, lots = _items_and_lots(tender)
    awards = _awards(tender)
    buyer = {"id": party_id(tender.buyer.siren), "name": tender.buyer.name}
    body: dict[str, Any] = {
        "id": tender.reference,
        "title": tender.title,
        "status": STATUS.get(tender.status),
        "procuringEntity": buyer,
        "value": _value(tender.estimated_value),
        "procurementMethod": METHOD[tender.procedure],
        "procurementMethodDetails": str(Procedure(tender.procedure).label),
        "mainProcurementCategory": CATEGORY[tender.nature],
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {
            "startDate": _date(tender.published_at),
            "endDate": _date(tender.response_deadline),
        },
        "documents": _documents(tender),
    }
    if tender.object:
        body["description"] = tender.object
    if items:
        body["items"] = items
    if tender.question_deadline:
        body["enquiryPeriod"] = {
            "startDate": _date(tender.published_at),
            "endDate": _date(tender.question_deadline),
        }
    if lots:
        body["lots"] = lots
    if tender.status in OPENED:
        body["numberOfTenderers"] = getattr(tender, "tenderers", None) or 0
    result = {
        "ocid": ocid(tender),
        "id": f"{ocid(tender)}-{date.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        "date": _date(date),
        "tag": _tags(tender, awards),
        "initiationType": "tender",
        "language": "fr",
        "parties": _parties(tender),
        "buyer": buyer,
        "tender": body,
    }
    if awards:
        result["awards"] = awards
    contracts = _contracts(tender)
    if contracts:
        result["contracts"] = contracts
        result["tag"].append("contract")
        if any("amendments" in contract for contract in contracts):
            result["tag"].append("contractAmendment")
    return result


def package(releases: list[dict[str, Any]], *, uri: str, **extra: Any) -> dict[str, Any]:
    """A release package; ``publishedDate`` is the last change of its contents (on demand)."""
    dates = [datetime.fromisoformat(r["date"]) for r in releases]
    return {
        "uri": uri,
        "version": VERSION,
        "extensions": [LOTS_EXTENSION],
        "publishedDate": _date(max(dates) if dates else timezone.now()),
        "publisher": {"name": settings.OCDS_PUBLISHER_NAME, "uri": settings.PUBLIC_URL},
        "license": LICENSE,
        **extra,
        "releases": releases,
    }
