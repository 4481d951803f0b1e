"""The registre des dépôts and the procès-verbal d'ouverture des plis (PV, PDF).

The register lists every deposit of a tender — current bids, replaced ones, candidatures, and
the attempts refused as late — with its server time, size, SHA-256 of each file and signature
state; never any content. Who sent what is the buyer's knowledge once the deadline passed (the
rule ``read_bids``: the coordinator's buyers, no superuser pass), so the register is closed
before it, like the bids. The PV is rendered from the same data by WeasyPrint, as receipts are.
"""

from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from collectivites.errors import ConflictError
from collectivites.permissions import AnyUser

from .models import (
    Bid,
    BidFile,
    Candidature,
    CandidatureFile,
    EarlierBidOpening,
    OpenedDeposit,
    RefusedDeposit,
    SignatureStatus,
    Tender,
)
from .services._common import REFUSALS, now, require_on


def _local(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M:%S}" if moment else ""


def _files(rows) -> list[dict[str, Any]]:
    labels = dict(SignatureStatus.choices)
    return [
        {
            "name": row.name,
            "size": row.size,
            "sha256": row.sha256,
            "signature_status": row.signature_status,
            "signature_label": labels.get(row.signature_status, ""),
        }
        for row in rows
    ]


def _company(company) -> dict[str, str] | None:
    return {"name": company.name, "siret": company.siret} if company else None


def deposit_register(*, actor: AnyUser, tender: Tender) -> dict[str, Any]:
    """Every deposit of the tender, in the order received, and its opening sessions."""
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    moment = now()
    offers_due = tender.response_deadline is not None and moment >= tender.response_deadline
    candidatures_due = (
        tender.candidature_deadline is not None and moment >= tender.candidature_deadline
    )
    if not offers_due and not candidatures_due:
        raise ConflictError(
            "Le registre des dépôts se consulte après la date limite : avant, seul le nombre "
            "de plis est connu."
        )
    opened_ids = set(
        OpenedDeposit.objects.filter(opening__tender=tender).values_list("bid_id", flat=True)
    )
    earlier = {
        row.bid_id: row
        for row in EarlierBidOpening.objects.filter(bid__tender=tender).select_related("opened_by")
    }
    entries: list[dict[str, Any]] = []
    if offers_due:
        bids = (
            Bid.objects.filter(tender=tender)
            .select_related("company", "lot")
            .prefetch_related(Prefetch("files", queryset=BidFile.objects.order_by("id")))
        )
        for bid in bids:
            files = _files(bid.files.all())
            again = earlier.get(bid.pk)
            entries.append(
                {
                    "kind": "offre",
                    "id": bid.pk,
                    "received_at": bid.submitted_at,
                    "company": _company(bid.company),
                    "lot": bid.lot.number if bid.lot else None,
                    "state": "current" if bid.is_current else "replaced",
                    "superseded_by": bid.superseded_by_id,
                    "files": files,
                    "total_size": sum(item["size"] for item in files),
                    "opened": bid.pk in opened_ids or again is not None,
                    "opened_reason": again.reason if again else "",
                }
            )
    if candidatures_due:
        candidatures = (
            Candidature.objects.filter(tender=tender)
            .select_related("company")
            .prefetch_related(Prefetch("files", queryset=CandidatureFile.objects.order_by("id")))
        )
        for row in candidatures:
            files = _files(row.files.all())
            entries.append(
                {
                    "kind": "candidature",
                    "id": row.pk,
                    "received_at": row.submitted_at,
                    "company": _company(row.company),
                    "lot": None,
                    "state": "current" if row.is_current else "replaced",
                    "superseded_by": row.superseded_by_id,
                    "files": files,
                    "total_size": sum(item["size"] for item in files),
                    "opened": row.is_current,
                    "opened_reason": "",
                }
            )
    for row in RefusedDeposit.objects.filter(tender=tender).select_related("company"):
        entries.append(
            {
                "kind": row.kind,
                "id": row.pk,
                "received_at": row.attempted_at,
                "company": _company(row.company),
                "lot": None,
                "state": "refused_late",
                "superseded_by": None,
                "files": [{**item, "sha256": "", "signature_status": ""} for item in row.files],
                "total_size": row.total_size,
                "opened": False,
                "opened_reason": "",
            }
        )
    entries.sort(key=lambda entry: (entry["received_at"], entry["kind"], entry["id"]))
    sessions = [
        {
            "opened_at": opening.opened_at,
            "opened_by": opening.opened_by.display_name,
            "deposits": sorted(row.bid_id for row in opening.deposits.all()),
        }
        for opening in tender.openings.select_related("opened_by").prefetch_related("deposits")
    ]
    earlier_list = [
        {
            "bid": row.bid_id,
            "opened_at": row.opened_at,
            "opened_by": row.opened_by.display_name,
            "reason": row.reason,
        }
        for row in earlier.values()
    ]
    return {
        "tender": tender,
        "sessions": sessions,
        "earlier_openings": earlier_list,
        "deposits": entries,
        "generated_at": moment,
    }


STATE_LABELS = {
    "current": "Dernier dépôt",
    "replaced": "Remplacé",
    "refused_late": "Refusé (hors délai)",
}


def opening_pv_pdf(*, actor: AnyUser, tender: Tender) -> bytes:
    """The procès-verbal of the opening session(s), from the register."""
    from weasyprint import HTML  # imported on use: it loads pango

    register = deposit_register(actor=actor, tender=tender)
    if not register["sessions"]:
        raise ConflictError("Les plis n'ont pas encore été ouverts : pas de procès-verbal.")
    context = {
        "tender": tender,
        "procedure": tender.get_procedure_display(),
        "deadline": _local(tender.response_deadline),
        "candidature_deadline": _local(tender.candidature_deadline),
        "sessions": [
            {**session, "opened_at": _local(session["opened_at"])}
            for session in register["sessions"]
        ],
        "earlier": [
            {**row, "opened_at": _local(row["opened_at"])} for row in register["earlier_openings"]
        ],
        "deposits": [
            {
                **entry,
                "received_at": _local(entry["received_at"]),
                "state_label": STATE_LABELS[entry["state"]],
            }
            for entry in register["deposits"]
        ],
        "generated_at": _local(register["generated_at"]),
    }
    html = render_to_string("tenders/opening_pv.html", context)
    return HTML(string=html).write_pdf()
