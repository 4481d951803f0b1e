"""The procedure's legal deadlines, checked when the notice is sent (publication) and when the
invitations to tender are sent (two-phase procedures). The law is in
``tenders.procedures.deadlines``; here it meets the tender and the refusal's shape: a 400 that
names the field, the article and the earliest lawful date, nothing written."""

from datetime import datetime

from django.conf import settings

from collectivites.errors import ApplicationError

from ..models import Procedure, Tender
from ..procedures import (
    CANDIDATURES,
    OFFERS,
    earliest_deadline,
    is_two_phase,
    minimum,
    shortfall,
)


def _facts(tender: Tender, sent_at: datetime) -> dict:
    return {
        "procedure": tender.procedure,
        "sent_at": sent_at,
        # "Dûment justifiée": urgency counts only with its reason written down.
        "urgency": bool((tender.urgency_reason or "").strip()),
        "prior_notice_on": tender.prior_notice_sent_on,
    }


def publication_deadline_errors(tender: Tender, *, moment: datetime) -> dict[str, list[str]]:
    """What the deadlines of ``tender`` break if its notice is sent at ``moment``."""
    errors: dict[str, list[str]] = {}
    facts = _facts(tender, moment)
    if is_two_phase(tender.procedure):
        deadline = tender.candidature_deadline
        if deadline is None or deadline <= moment:
            errors["candidature_deadline"] = [
                "La date limite de réception des candidatures doit être future."
            ]
        elif rule := shortfall(deadline=deadline, phase=CANDIDATURES, **facts):
            errors["candidature_deadline"] = [rule.text()]
        if tender.response_deadline is not None:
            errors["response_deadline"] = [
                "Dans une procédure en deux phases, la date limite de remise des offres est "
                "fixée avec les invitations à soumissionner, qui font courir son délai."
            ]
        return errors
    deadline = tender.response_deadline
    rule = None
    if deadline is not None and deadline > moment:
        rule = shortfall(deadline=deadline, phase=OFFERS, **facts)
    if rule is not None:
        errors["response_deadline"] = [rule.text()]
    return errors


def publication_warnings(tender: Tender, *, moment: datetime) -> list[str]:
    """A MAPA's deadline has no legal minimum but must be reasonable: under the platform's
    floor the buyer is warned, not refused."""
    if tender.procedure != Procedure.MAPA or tender.response_deadline is None:
        return []
    days = settings.TENDER_MAPA_MIN_DAYS
    if tender.response_deadline < earliest_deadline(moment, days):
        return [
            f"Délai de remise des offres inférieur à {days} jours : en procédure adaptée le "
            "délai doit rester raisonnable, compte tenu de la complexité du marché et du temps "
            "nécessaire pour préparer une offre (articles R.2143-1 et R.2151-1)."
        ]
    return []


def invitation_deadline_check(tender: Tender, *, deadline: datetime, moment: datetime) -> None:
    """The offers' deadline set with the invitations, against the minimum from their sending."""
    if deadline <= moment:
        raise ApplicationError(
            "La date limite de remise des offres doit être future.",
            extra={"fields": {"response_deadline": ["Doit être future."]}},
        )
    rule = shortfall(deadline=deadline, phase=OFFERS, **_facts(tender, moment))
    if rule is not None:
        raise ApplicationError(
            rule.text(),
            extra={
                "fields": {"response_deadline": [rule.text()]},
                "rule": rule.article,
                "earliest": rule.earliest.isoformat(),
            },
        )


def deadline_report(tender: Tender, *, moment: datetime) -> dict:
    """The minimums that would apply if the notice were sent at ``moment`` (for the buyer's
    form), and the warnings."""
    facts = _facts(tender, moment)

    phases = [CANDIDATURES, OFFERS] if is_two_phase(tender.procedure) else [OFFERS]
    minimums = []
    for phase in phases:
        rule = minimum(phase=phase, **facts)
        if rule is not None:
            minimums.append(
                {
                    "phase": phase,
                    "days": rule.days,
                    "article": rule.article,
                    "reason": rule.reason,
                    "earliest": rule.earliest,
                    "counted_from": "invitation"
                    if phase == OFFERS and is_two_phase(tender.procedure)
                    else "avis",
                    "text": rule.text(),
                }
            )
    return {
        "two_phase": is_two_phase(tender.procedure),
        "minimums": minimums,
        "warnings": publication_warnings(tender, moment=moment),
    }
