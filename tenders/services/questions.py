"""Questions from companies and the buyer's answers, published to all without the asker's name."""

from django.db import IntegrityError, transaction

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError
from collectivites.models import User

from ..models import Answer, NotificationKind, Question, Tender, TenderStatus
from ._common import MANAGERS_ONLY, REFUSALS, now, require_on
from .notifications import downloaders, notify_users

MAX_LENGTH = 5000


def _text(text: str, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplicationError("Le texte est vide.", extra={"fields": {field: ["Obligatoire."]}})
    if len(text) > MAX_LENGTH:
        raise ApplicationError(
            f"Le texte dépasse {MAX_LENGTH} caractères.", extra={"fields": {field: ["Trop long."]}}
        )
    return text


@transaction.atomic
def question_ask(*, actor: User, tender: Tender, text: str) -> Question:
    """Until the question deadline, by the server's clock, and from identified companies only."""
    require_on(actor, "ask_question", tender, REFUSALS["ask_question"])
    text = _text(text, "text")
    deadline = tender.question_deadline or tender.response_deadline
    if tender.status != TenderStatus.PUBLISHED or deadline is None or now() >= deadline:
        raise ConflictError(
            "La date limite des questions est passée : aucune question ne peut plus être posée."
        )
    question = Question.objects.create(
        tender=tender, company_id=actor.company_id, asked_by=actor, text=text
    )
    # Who asked is the buyer's to know (the rule see_askers): the question row keeps it, and the
    # audit log, which animators read too, records the event without its actor.
    audit_record(
        actor=None,
        action="tender.question_asked",
        obj=tender,
        collectivite=tender.buyer,
        details={"question": question.pk},
    )
    return question


@transaction.atomic
def question_answer(*, actor: User, question: Question, text: str) -> Answer:
    tender = question.tender
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    if tender.status != TenderStatus.PUBLISHED:
        raise ConflictError("On ne répond plus aux questions d'une consultation clôturée.")
    text = _text(text, "text")
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                question=question, text=text, answered_by=actor, published_at=now()
            )
    except IntegrityError as error:
        raise ConflictError("Cette question a déjà une réponse.") from error
    audit_record(
        actor=actor,
        action="tender.answer_published",
        obj=tender,
        collectivite=tender.buyer,
        details={"question": question.pk},
    )
    recipients = {user.pk: user for user in downloaders(tender=tender)}
    recipients.setdefault(question.asked_by_id, question.asked_by)
    notify_users(
        users=list(recipients.values()),
        tender=tender,
        kind=NotificationKind.ANSWER_PUBLISHED,
        subject=f"Nouvelle réponse : {tender.reference}",
        message=(
            f"Une question sur la consultation « {tender.title} » a reçu une réponse, "
            f"publiée pour toutes les entreprises.\n\nQuestion : {question.text}\n\n"
            f"Réponse : {answer.text}"
        ),
    )
    return answer
