"""The notice texts, written from the consultation's data: the avis d'appel public à la
concurrence (buyer profile, BOAMP or a legal journal, TED) and the avis d'attribution. HTML from
one template, PDF by WeasyPrint from that HTML, so both say the same thing.
"""

from typing import Any

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Nature, NoticeKind, Procedure, Tender
from .publicity import publicity_for


def _local(moment) -> str | None:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}" if moment else None


def _money(amount) -> str | None:
    return f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",") if amount is not None else None


def notice_context(tender: Tender, kind: str) -> dict[str, Any]:
    publicity = publicity_for(tender)
    context: dict[str, Any] = {
        "kind": kind,
        "kind_label": NoticeKind(kind).label,
        "tender": tender,
        "buyer": tender.buyer,
        "procedure": Procedure(tender.procedure).label,
        "nature": Nature(tender.nature).label,
        "estimated_value": _money(tender.estimated_value),
        "published_at": _local(tender.published_at),
        "question_deadline": _local(tender.question_deadline),
        "response_deadline": _local(tender.response_deadline),
        "lots": [
            {
                "number": lot.number,
                "title": lot.title,
                "cpv_code": lot.cpv_code,
                "estimated_value": _money(lot.estimated_value),
            }
            for lot in tender.lots.all()
        ],
        "members": [member.collectivite.name for member in tender.memberships.all()],
        "publicity": publicity,
        "url": f"{settings.PUBLIC_URL}/consultations/{tender.pk}",
        "generated_at": _local(timezone.now()),
    }
    if kind == NoticeKind.AWARD:
        bids = tender.bids.filter(is_current=True).aggregate(count=Count("id"))["count"]
        context["bids_received"] = bids
        context["awards"] = [
            {
                "lot": f"Lot {award.lot.number} — {award.lot.title}" if award.lot else None,
                "amount": _money(award.amount),
                "notification_date": f"{award.notification_date:%d/%m/%Y}"
                if award.notification_date
                else None,
                "companies": [f"{row.name} (SIRET {row.siret})" for row in award.companies.all()],
            }
            for award in tender.awards.select_related("lot").prefetch_related("companies")
        ]
    return context


def notice_html(tender: Tender, kind: str) -> str:
    return render_to_string("tenders/notice.html", notice_context(tender, kind))


def notice_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on use: it loads pango

    return HTML(string=html).write_pdf()


def notice_filename(tender: Tender, kind: str, extension: str) -> str:
    prefix = "avis-attribution" if kind == NoticeKind.AWARD else "avis-appel-concurrence"
    return f"{prefix}-{tender.reference}.{extension}".replace("/", "-")
