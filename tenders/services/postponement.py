"""Postponing the response deadline, with a reason (R.2151-4): the buyer's answer to the
deadline warnings (``tenders.deadline_rules``). Downloaders are told by ``tender_update``; the
postponement itself is audited with who, when, the old and new deadlines and the reason."""

from datetime import datetime

from django.db import transaction

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError
from collectivites.models import User

from .. import deadline_rules
from ..models import Tender
from .lifecycle import tender_update


@transaction.atomic
def tender_postpone(
    *, actor: User, tender: Tender, response_deadline: datetime, reason: str
) -> Tender:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Indiquez le motif du report.", extra={"fields": {"reason": ["Obligatoire."]}}
        )
    previous = tender.response_deadline
    if previous is not None and response_deadline <= previous:
        raise ApplicationError(
            "Un report doit porter la date limite de remise des offres après la date actuelle.",
            extra={"rule": "R.2151-4", "fields": {"response_deadline": ["Pas un report."]}},
        )
    tender = tender_update(actor=actor, tender=tender, response_deadline=response_deadline)
    audit_record(
        actor=actor,
        action="tender.deadline_postponed",
        obj=tender,
        collectivite=tender.buyer,
        details={
            "from": previous.isoformat() if previous else None,
            "to": response_deadline.isoformat(),
            "reason": reason,
            "warnings_left": len(deadline_rules.deadline_warnings(tender)),
        },
    )
    return tender
