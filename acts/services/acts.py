"""Acts: submission (checked, stored untouched), transmission request, cancellation,
publication.

Everything the form says is checked before anything is stored, and every refusal is a 400
naming its field (``extra.fields``), or a 413 for the size: nothing is written. The internal
number is unique per collectivité (a database constraint; a race loses with the same 400).
"""

import re
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from background.queue import enqueue_on_commit
from collectivites.audit import audit_record
from collectivites.errors import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
    TooLargeError,
)
from collectivites.models import Collectivite, User
from collectivites.permissions import user_can

from ..files import check_file, sha256_of
from ..identifiers import is_valid_number
from ..models import Act, ActFile, ActMessage, ActNature, ActStatus, ClassificationEntry
from ..models.act import DEFAULT_DOCUMENT_TYPES
from ..models.exchange import MessageDirection, MessageKind, MessageStatus
from ._common import OFFICERS_ONLY, delete_files, now, require_on, today
from .classification import classification_current

DOCUMENT_TYPE = re.compile(r"[0-9]{2}_[A-Z0-9]{2}")
MAX_ANNEXES = 50


def max_request_bytes() -> int:
    return settings.ACTS_MAX_TOTAL_BYTES + 1024 * 1024


def _check_fields(
    *,
    collectivite: Collectivite,
    nature: object,
    classification: object,
    decision_date: object,
    number: object,
    object_: object,
    document_type: object,
) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    if nature not in ActNature.values:
        errors["nature"] = ["Nature inconnue (1 à 6 : DE, AR, AI, CC, BF, AU)."]
    else:
        clean["nature"] = int(nature)
    version = classification_current()
    if version is None or not (
        isinstance(classification, str)
        and ClassificationEntry.objects.filter(version=version, code=classification).exists()
    ):
        errors["classification"] = ["Matière inconnue dans la classification en vigueur."]
    clean["classification_version"], clean["classification_code"] = version, classification
    if not isinstance(decision_date, date):
        errors["decision_date"] = ["Date de décision obligatoire (AAAA-MM-JJ)."]
    elif decision_date > today():
        errors["decision_date"] = [
            f"La date de décision ne peut pas être dans le futur (aujourd'hui : "
            f"{today():%d/%m/%Y}, heure de Paris)."
        ]
    clean["decision_date"] = decision_date
    if not is_valid_number(number):
        errors["number"] = [
            "Le numéro interne compte 1 à 15 caractères : chiffres, lettres majuscules ou « _ »."
        ]
    elif Act.objects.filter(collectivite=collectivite, number=number).exists():
        errors["number"] = [f"La collectivité a déjà un acte numéroté {number}."]
    clean["number"] = number
    text = object_.strip() if isinstance(object_, str) else ""
    if not text:
        errors["object"] = ["L'objet de l'acte est obligatoire."]
    elif len(text) > 500:
        errors["object"] = ["L'objet compte au plus 500 caractères."]
    clean["object"] = text
    if document_type in (None, ""):
        document_type = DEFAULT_DOCUMENT_TYPES.get(clean.get("nature"), "99_AU")
    if not (isinstance(document_type, str) and DOCUMENT_TYPE.fullmatch(document_type)):
        errors["document_type"] = ["Type de pièce invalide (ex. 99_DE)."]
    clean["document_type"] = document_type
    if errors:
        raise ApplicationError("Les données de l'acte sont invalides.", extra={"fields": errors})
    return clean


def _check_size(files: list[UploadedFile]) -> None:
    total = sum(upload.size or 0 for upload in files)
    if total > settings.ACTS_MAX_TOTAL_BYTES:
        raise TooLargeError(
            f"L'acte et ses annexes dépassent {settings.ACTS_MAX_TOTAL_BYTES // (1024 * 1024)} "
            f"Mo ({total} octets).",
            extra={"limit": settings.ACTS_MAX_TOTAL_BYTES, "size": total},
        )


def act_create(
    *,
    actor: User,
    collectivite: Collectivite,
    nature: int,
    classification: str,
    decision_date: date,
    number: str,
    object: str,
    file: UploadedFile | None,
    annexes: list[UploadedFile] | None = None,
    document_type: str | None = None,
) -> Act:
    """Record an act with its files, in the ``posted`` state (transmission is a second step)."""
    if not user_can(actor, "submit_acts", collectivite):
        raise PermissionDeniedError(OFFICERS_ONLY)
    annexes = list(annexes or [])
    if file is None:
        raise ApplicationError(
            "Joignez le fichier de l'acte.", extra={"fields": {"file": ["Obligatoire."]}}
        )
    if len(annexes) > MAX_ANNEXES:
        raise ApplicationError(
            f"Au plus {MAX_ANNEXES} annexes.", extra={"fields": {"annexes": ["Trop d'annexes."]}}
        )
    _check_size([file, *annexes])
    clean = _check_fields(
        collectivite=collectivite,
        nature=nature,
        classification=classification,
        decision_date=decision_date,
        number=number,
        object_=object,
        document_type=document_type,
    )
    allowed = ("pdf", "xml") if clean["nature"] == ActNature.BF else ("pdf",)
    checked = [check_file(file, field="file", allowed=allowed)]
    checked += [
        check_file(annex, field="annexes", allowed=("pdf", "xml", "png", "jpg"))
        for annex in annexes
    ]
    stored: list[ActFile] = []
    try:
        with transaction.atomic():
            act = Act.objects.create(collectivite=collectivite, created_by=actor, **clean)
            for position, item in enumerate(checked, start=1):
                row = ActFile(
                    act=act,
                    role=ActFile.Role.ACT if position == 1 else ActFile.Role.ANNEX,
                    position=position,
                    name=item.name,
                    extension=item.extension,
                    content_type=item.content_type,
                    size=item.upload.size,
                    sha256=sha256_of(item.upload),
                )
                row.file.save(item.name, item.upload, save=False)
                stored.append(row)
            ActFile.objects.bulk_create(stored)
            audit_record(
                actor=actor,
                action="act.posted",
                obj=act,
                collectivite=collectivite,
                details={"number": act.number, "files": [row.name for row in stored]},
            )
    except IntegrityError:
        delete_files(*(row.file for row in stored))
        raise ApplicationError(
            "Les données de l'acte sont invalides.",
            extra={"fields": {"number": [f"La collectivité a déjà un acte numéroté {number}."]}},
        ) from None
    except BaseException:
        delete_files(*(row.file for row in stored))
        raise
    return act


STATUS_REFUSALS = {
    ActStatus.WAITING: "L'acte est déjà en cours de transmission.",
    ActStatus.TRANSMITTED: "L'acte a déjà été transmis : il ne peut pas l'être deux fois.",
    ActStatus.ACKNOWLEDGED: "L'acte a déjà été transmis et acquitté.",
    ActStatus.CANCELLED: "L'acte est annulé.",
}


def act_transmit(*, actor: User, act: Act) -> Act:
    """Ask for the transmission: ``posted`` (or ``error``, after a failed one) → ``waiting``.

    A conditional update, so that two clicks (or two clients) enqueue one hand-over only.
    """
    from .. import tasks

    require_on(actor, "manage", act, OFFICERS_ONLY)
    if act.decision_date > today():
        raise ConflictError("La date de décision est dans le futur : l'acte ne peut partir.")
    with transaction.atomic():
        moved = Act.objects.filter(
            pk=act.pk, status__in=[ActStatus.POSTED, ActStatus.ERROR]
        ).update(status=ActStatus.WAITING, transmission_attempts=0, error_reason="")
        if not moved:
            act.refresh_from_db(fields=["status"])
            raise ConflictError(STATUS_REFUSALS.get(act.status, "Transmission impossible."))
        audit_record(
            actor=actor,
            action="act.transmission_requested",
            obj=act,
            collectivite=act.collectivite,
        )
        enqueue_on_commit(tasks.transmit_act, act.pk)
    act.refresh_from_db()
    return act


@transaction.atomic
def act_cancel(*, actor: User, act: Act) -> Act:
    """Cancel: at once when the act never reached the prefecture; otherwise by an annulation
    message, itself transmitted, the act becoming ``cancelled`` once it is acknowledged."""
    from .. import tasks

    require_on(actor, "manage", act, OFFICERS_ONLY)
    act = Act.objects.select_for_update(of=("self",)).select_related("collectivite").get(pk=act.pk)
    if act.status in (ActStatus.POSTED, ActStatus.ERROR) and act.transmitted_at is None:
        act.status, act.cancelled_at = ActStatus.CANCELLED, now()
        act.save(update_fields=["status", "cancelled_at"])
        audit_record(actor=actor, action="act.cancelled", obj=act, collectivite=act.collectivite)
        return act
    if act.status == ActStatus.WAITING:
        raise ConflictError(
            "L'acte est en cours de transmission : attendez son envoi pour l'annuler."
        )
    if act.status == ActStatus.CANCELLED:
        raise ConflictError("L'acte est déjà annulé.")
    if act.status == ActStatus.ERROR:
        raise ConflictError("L'acte est en erreur : transmettez-le de nouveau ou abandonnez-le.")
    if act.cancellation_requested_at is not None:
        raise ConflictError("L'annulation de cet acte a déjà été demandée.")
    act.cancellation_requested_at = now()
    act.save(update_fields=["cancellation_requested_at"])
    message = ActMessage.objects.create(
        act=act,
        kind=MessageKind.CANCELLATION,
        direction=MessageDirection.TO_PREFECTURE,
        status=MessageStatus.WAITING,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="act.cancellation_requested",
        obj=act,
        collectivite=act.collectivite,
        details={"message": message.pk},
    )
    enqueue_on_commit(tasks.transmit_message, message.pk)
    return act


@transaction.atomic
def act_publish(*, actor: User, act: Act, publication_date: date, online: bool = False) -> Act:
    """Record the publication (or display) date, and publish the act on the public page.

    The act becomes enforceable once received by the prefecture and published."""
    require_on(actor, "manage", act, OFFICERS_ONLY)
    act = Act.objects.select_for_update(of=("self",)).get(pk=act.pk)
    if act.status not in (ActStatus.TRANSMITTED, ActStatus.ACKNOWLEDGED):
        raise ConflictError("Seul un acte transmis à la préfecture peut être publié.")
    if online and act.status != ActStatus.ACKNOWLEDGED:
        raise ConflictError("La préfecture doit avoir acquitté l'acte avant sa mise en ligne.")
    fields = {}
    if publication_date > today():
        fields["publication_date"] = ["La date de publication ne peut pas être dans le futur."]
    elif publication_date < act.decision_date:
        fields["publication_date"] = ["La publication ne peut précéder la décision."]
    if fields:
        raise ApplicationError("Date de publication invalide.", extra={"fields": fields})
    act.publication_date = publication_date
    if online and act.published_online_at is None:
        act.published_online_at = now()
    act.save(update_fields=["publication_date", "published_online_at"])
    audit_record(
        actor=actor,
        action="act.published",
        obj=act,
        collectivite=act.collectivite,
        details={"publication_date": publication_date.isoformat(), "online": online},
    )
    return act
