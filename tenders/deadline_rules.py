"""Rules that move the response deadline: late answers (R.2132-6) and substantial changes to
the DCE (R.2151-4). They warn and suggest a postponement; the buyer decides and postpones
(``services.tender_postpone``), since the law asks for a delay "proportionnée" that only the
buyer can judge.

* R.2132-6: additional information on the consultation documents is sent at the latest six days
  before the deadline for offers (four days in the urgency the code provides for formalised
  procedures). An answer published later leaves companies less than that: R.2151-4 then asks
  for the deadline to be extended.
* R.2151-4: when important changes are made to the consultation documents, the deadline is
  extended so every company concerned can take them into account. The buyer marks a DCE change
  "substantial"; the platform suggests at least the same six (four) days after the change.

The warning holds as long as the deadline has not been moved far enough: computed on read from
the answers, the DCE versions and the current deadline, never stored apart.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from .models import Answer, DocumentVersion, Procedure, Tender, TenderStatus

ANSWER_LEAD_DAYS = 6
URGENT_ANSWER_LEAD_DAYS = 4


FORMALISED_PROCEDURES = {
    Procedure.OPEN,
    Procedure.RESTRICTED,
    Procedure.NEGOTIATED,
    Procedure.COMPETITIVE_DIALOGUE,
}


def answer_lead_days(tender: Tender) -> int:
    """Six days; four in a formalised procedure whose urgency is duly justified (R.2132-6),
    which is what the minimum-deadline rules read too: the urgency counts only with its reason
    written down (``urgency_reason``)."""
    urgent = tender.procedure in FORMALISED_PROCEDURES and bool(
        (tender.urgency_reason or "").strip()
    )
    return URGENT_ANSWER_LEAD_DAYS if urgent else ANSWER_LEAD_DAYS


@dataclass(frozen=True)
class DeadlineWarning:
    rule: str
    kind: str  # "late_answer" | "substantial_change"
    at: datetime  # when the answer or change was published
    subject: str
    suggested_response_deadline: datetime
    message: str

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "at": self.at,
            "subject": self.subject,
            "suggested_response_deadline": self.suggested_response_deadline,
            "message": self.message,
        }


def suggested_deadline(tender: Tender, published_at: datetime) -> datetime | None:
    """The current deadline pushed by whole days until ``lead`` days follow ``published_at``;
    None when it already does."""
    lead = timedelta(days=answer_lead_days(tender))
    missing = published_at + lead - tender.response_deadline
    if missing <= timedelta(0):
        return None
    return tender.response_deadline + timedelta(days=math.ceil(missing / timedelta(days=1)))


def _late_answer(tender: Tender, answer: Answer) -> DeadlineWarning | None:
    suggested = suggested_deadline(tender, answer.published_at)
    if suggested is None:
        return None
    days = answer_lead_days(tender)
    return DeadlineWarning(
        rule="R.2132-6",
        kind="late_answer",
        at=answer.published_at,
        subject=answer.question.text[:200],
        suggested_response_deadline=suggested,
        message=(
            f"Réponse publiée moins de {days} jours avant la date limite de remise des offres "
            "(article R.2132-6) : reportez la date limite (article R.2151-4) pour laisser ce "
            "délai aux entreprises."
        ),
    )


def _substantial_change(tender: Tender, version: DocumentVersion) -> DeadlineWarning | None:
    suggested = suggested_deadline(tender, version.uploaded_at)
    if suggested is None:
        return None
    return DeadlineWarning(
        rule="R.2151-4",
        kind="substantial_change",
        at=version.uploaded_at,
        subject=f"{version.document.title} (version {version.number})",
        suggested_response_deadline=suggested,
        message=(
            "Modification importante du DCE après publication (article R.2151-4) : la date "
            "limite de remise des offres doit être reportée d'une durée proportionnée à "
            "l'importance de la modification."
        ),
    )


def deadline_warnings(tender: Tender) -> list[DeadlineWarning]:
    """What still calls for a postponement of this published consultation's deadline."""
    if tender.status != TenderStatus.PUBLISHED or tender.response_deadline is None:
        return []
    warnings = []
    answers = Answer.objects.filter(question__tender=tender).select_related("question")
    for answer in answers.order_by("published_at"):
        warning = _late_answer(tender, answer)
        if warning:
            warnings.append(warning)
    changes = DocumentVersion.objects.filter(
        document__tender=tender, substantial=True
    ).select_related("document")
    for version in changes.order_by("uploaded_at"):
        warning = _substantial_change(tender, version)
        if warning:
            warnings.append(warning)
    return warnings


def tender_deadline_warnings(*, actor, tender: Tender) -> list[DeadlineWarning]:
    """The warnings, for the buyer's agents only (they alone can postpone)."""
    from .services._common import MANAGERS_ONLY, require_on

    require_on(actor, "manage", tender, MANAGERS_ONLY)
    return deadline_warnings(tender)
