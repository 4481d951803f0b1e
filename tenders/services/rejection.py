"""Rejection letters to the bidders not chosen, sent through the platform (R.2181-1 to -4).

What the law asks of the letter, by procedure:

* every procedure (R.2181-1): each rejected bidder is told, without delay, that its offer is
  rejected;
* a formalised procedure (R.2181-3): the letter gives the reasons for the rejection and, since it
  comes after the award, the winner's name, the reasons its offer was chosen and the date from
  which the buyer may sign (the standstill, R.2182-1). Reasons and the winner's reasons are
  therefore required here. The platform adds what its analysis grid holds: the recipient's and
  the winner's weighted scores and ranks;
* a MAPA (R.2181-2): the reasons are owed on request (within fifteen days), and, for an offer
  that was neither irregular, unacceptable nor inappropriate, the winner's name and the
  characteristics and advantages of its offer. The letter says so; the buyer may give reasons
  at once (optional here).

Sent electronically through the platform (an in-account notification and an e-mail, the letter
as a PDF), the sending time recorded: the standstill counts from it (11 days). A letter sent by
post is recorded with its posting day (16 days).
"""

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError
from collectivites.models import User

from ..models import Award, NotificationKind, RejectionLetter
from ._common import MANAGERS_ONLY, now, require_on
from .analysis import company_totals
from .notifications import notify_users
from .standstill import is_formalised, rejected_bidders, signable_from_after


def _scores(award: Award, company_id: int) -> dict[str, Any] | None:
    rows = company_totals(award.tender, award.lot_id)
    mine = rows.get(company_id)
    winners = [rows[row.company_id] for row in award.companies.all() if row.company_id in rows]
    if mine is None or not winners or not mine.complete:
        return None
    winner = winners[0]
    return {
        "own_total": str(mine.total),
        "own_rank": mine.rank,
        "winner_total": str(winner.total),
        "winner_rank": winner.rank,
        "offers": len(rows),
    }


def _content(
    award: Award,
    company,
    *,
    reasons: str,
    winner_reasons: str,
    sent_on: date,
    electronic: bool,
) -> dict[str, Any]:
    tender = award.tender
    formalised = is_formalised(award)
    winners = [row.name for row in award.companies.all()]
    content: dict[str, Any] = {
        "tender": {"id": tender.pk, "reference": tender.reference, "title": tender.title},
        "buyer": tender.buyer.name,
        "lot": {"number": award.lot.number, "title": award.lot.title} if award.lot else None,
        "company": {"name": company.name, "siret": company.siret},
        "procedure": tender.get_procedure_display(),
        "formalised": formalised,
        "sent_on": sent_on.isoformat(),
        "electronic": electronic,
        "reasons": reasons,
    }
    if formalised:
        content |= {
            "winners": winners,
            "winner_reasons": winner_reasons,
            "signable_from": signable_from_after(sent_on, electronic=electronic).isoformat(),
            "scores": _scores(award, company.pk),
            "rules": "R.2181-1, R.2181-3, R.2182-1",
        }
    else:
        content["rules"] = "R.2181-1, R.2181-2"
    return content


def letter_text(content: dict[str, Any]) -> str:
    """The letter in plain text (the e-mail), the same facts as the PDF."""
    lot = f", lot {content['lot']['number']}" if content.get("lot") else ""
    lines = [
        f"{content['buyer']} — consultation {content['tender']['reference']} "
        f"« {content['tender']['title']} »{lot} ({content['procedure']}).",
        f"Nous avons le regret de vous informer que l'offre de {content['company']['name']} "
        "n'a pas été retenue.",
    ]
    if content.get("reasons"):
        lines.append(f"Motifs du rejet : {content['reasons']}")
    if content["formalised"]:
        lines.append(f"Attributaire : {', '.join(content['winners'])}.")
        lines.append(f"Motifs du choix de son offre : {content['winner_reasons']}")
        scores = content.get("scores")
        if scores:
            lines.append(
                f"Note de votre offre : {scores['own_total']}/100 (rang {scores['own_rank']} sur "
                f"{scores['offers']}) ; offre retenue : {scores['winner_total']}/100."
            )
        signable = date.fromisoformat(content["signable_from"])
        lines.append(
            f"Le marché pourra être signé à partir du {signable:%d/%m/%Y} (délai de suspension, "
            "R.2182-1)."
        )
    else:
        lines.append(
            "Vous pouvez demander les motifs du rejet de votre offre : ils vous seront "
            "communiqués dans les quinze jours suivant votre demande, avec, si votre offre "
            "n'était ni irrégulière, ni inacceptable, ni inappropriée, le nom de l'attributaire "
            "et les caractéristiques et avantages de l'offre retenue (R.2181-2)."
        )
    return "\n\n".join(lines)


def letter_pdf(letter: RejectionLetter) -> bytes:
    from weasyprint import HTML  # imported on use: it loads pango

    content = letter.content
    html = render_to_string(
        "tenders/rejection_letter.html",
        {
            "c": content,
            "paragraphs": letter_text(content).split("\n\n"),
            "sent_at": timezone.localtime(letter.sent_at),
        },
    )
    return HTML(string=html).write_pdf()


@transaction.atomic
def rejection_letters_send(
    *,
    actor: User,
    award: Award,
    reasons: str = "",
    winner_reasons: str = "",
    reasons_by_company: dict[int, str] | None = None,
    posted_on: date | None = None,
) -> list[RejectionLetter]:
    """Send its letter to every rejected bidder of the award that has none yet.

    ``posted_on``: the letters went by post that day (recorded, not sent by the platform).
    """
    require_on(actor, "manage", award.tender, MANAGERS_ONLY)
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("tender__buyer", "lot")
        .get(pk=award.pk)
    )
    if hasattr(award, "notification"):
        raise ConflictError("Le marché est déjà notifié.")
    reasons, winner_reasons = (reasons or "").strip(), (winner_reasons or "").strip()
    by_company = {int(k): (v or "").strip() for k, v in (reasons_by_company or {}).items()}
    sent = set(award.rejection_letters.values_list("company_id", flat=True))
    recipients = [c for c in rejected_bidders(award) if c.pk not in sent]
    if not recipients:
        raise ConflictError("Tous les soumissionnaires écartés ont déjà reçu leur lettre.")
    unknown = set(by_company) - {c.pk for c in recipients}
    if unknown:
        raise ApplicationError(
            "Des motifs visent une entreprise qui n'est pas un soumissionnaire écarté.",
            extra={"fields": {"reasons_by_company": sorted(unknown)}},
        )
    if is_formalised(award):
        missing = [c.name for c in recipients if not (by_company.get(c.pk) or reasons)]
        errors = {}
        if missing:
            errors["reasons"] = [f"Motifs du rejet manquants : {', '.join(missing)}."]
        if not winner_reasons:
            errors["winner_reasons"] = ["Les motifs du choix de l'offre retenue sont obligatoires."]
        if errors:
            raise ApplicationError(
                "En procédure formalisée, la lettre de rejet donne les motifs du rejet, le nom "
                "de l'attributaire et les motifs du choix de son offre (R.2181-3).",
                extra={"rule": "R.2181-3", "fields": errors},
            )
    moment = now()
    if posted_on is not None:
        if posted_on > timezone.localdate():
            raise ApplicationError(
                "La date d'envoi postal ne peut pas être dans le futur.",
                extra={"fields": {"posted_on": ["Date future."]}},
            )
        if posted_on < timezone.localdate(award.created_at):
            raise ApplicationError(
                "Les lettres de rejet suivent l'attribution.",
                extra={"fields": {"posted_on": ["Avant l'attribution."]}},
            )
        moment = timezone.make_aware(datetime.combine(posted_on, time(12)))
    electronic = posted_on is None
    letters = []
    for company in recipients:
        content = _content(
            award,
            company,
            reasons=by_company.get(company.pk) or reasons,
            winner_reasons=winner_reasons,
            sent_on=timezone.localdate(moment),
            electronic=electronic,
        )
        letter = RejectionLetter.objects.create(
            award=award,
            company=company,
            electronic=electronic,
            sent_at=moment,
            sent_by=actor,
            reasons=content["reasons"],
            content=content,
        )
        letters.append(letter)
        if electronic:
            users = list(User.objects.filter(company=company, is_active=True).order_by("pk"))
            notify_users(
                users=users,
                tender=award.tender,
                kind=NotificationKind.OFFER_REJECTED,
                subject=f"Offre non retenue : {award.tender.reference}",
                message=letter_text(content),
            )
    audit_record(
        actor=actor,
        action="tender.rejection_letters_sent",
        obj=award.tender,
        collectivite=award.tender.buyer,
        details={
            "award": award.pk,
            "companies": [letter.company.siret for letter in letters],
            "electronic": electronic,
        },
    )
    return letters
