"""The winner's certificates, collected before the contract is notified.

R.2144-4: the buyer asks only the candidate it means to award the contract to for the proof that
it is not excluded (R.2143-7: tax and social certificates from the competent bodies; the Kbis
extract, or registration with the trade register, R.2143-9 and the Code du travail's D.8222-5).
R.2144-7: whoever does not produce them in the time given is eliminated — the platform tells the
buyer what is missing and refuses the notification until everything is accepted.

Uploads are checked like bids (extension and the type sniffed from the content: PDF, PNG or
JPEG), stored in clear (a certificate is no secret of the competition) with their SHA-256.
"""

import hashlib
from datetime import date

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, NotFoundError, TooLargeError
from collectivites.models import User
from collectivites.permissions import user_can

from ..models import Award, Certificate, CertificateKind, NotificationKind
from ._common import MANAGERS_ONLY, now, require_on
from .notifications import notify_users

CERTIFICATE_TYPES = {
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
}
SNIFF_BYTES = 8192


def _record(actor, action: str, award: Award, **details) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=award.tender,
        collectivite=award.tender.buyer,
        details={"award": award.pk, **details},
    )


def _titulaire_users(award: Award) -> list[User]:
    ids = award.companies.exclude(company__isnull=True).values("company_id")
    return list(User.objects.filter(company_id__in=ids, is_active=True).order_by("pk"))


def certificates_missing(award: Award) -> list[str]:
    """What stops the notification, in French; empty when every certificate is accepted."""
    rows = list(award.certificates.select_related("company"))
    if not rows:
        return ["Les attestations du titulaire n'ont pas été demandées (R.2144-4)."]
    return [
        f"{row.get_kind_display()} de {row.company.name} : "
        + ("à accepter." if row.uploaded_at else "non fournie.")
        for row in rows
        if row.accepted_at is None
    ]


@transaction.atomic
def certificates_request(
    *, actor: User, award: Award, kinds: list[str] | None = None, due_on: date | None = None
) -> list[Certificate]:
    """Ask each titulaire (with an account on the platform) for its certificates."""
    require_on(actor, "manage", award.tender, MANAGERS_ONLY)
    kinds = list(kinds or CertificateKind.values)
    unknown = [kind for kind in kinds if kind not in CertificateKind.values]
    if unknown or not kinds:
        raise ApplicationError(
            "Types d'attestation inconnus.", extra={"fields": {"kinds": unknown or ["Vide."]}}
        )
    if due_on is not None and due_on < timezone.localdate():
        raise ApplicationError(
            "La date limite de remise des attestations ne peut pas être passée.",
            extra={"fields": {"due_on": ["Date passée."]}},
        )
    if hasattr(award, "notification"):
        raise ConflictError("Le marché est déjà notifié.")
    companies = [row.company for row in award.companies.select_related("company") if row.company]
    if not companies:
        raise ConflictError(
            "Aucun titulaire n'a de compte sur la plateforme : recueillez les attestations hors "
            "de la plateforme."
        )
    moment = now()
    created = []
    for company in companies:
        for kind in kinds:
            row, made = Certificate.objects.get_or_create(
                award=award,
                company=company,
                kind=kind,
                defaults={"requested_at": moment, "requested_by": actor, "due_on": due_on},
            )
            if made:
                created.append(row)
    _record(actor, "tender.certificates_requested", award, kinds=kinds)
    if created:
        until = f" avant le {due_on:%d/%m/%Y}" if due_on else ""
        notify_users(
            users=_titulaire_users(award),
            tender=award.tender,
            kind=NotificationKind.CERTIFICATES_REQUESTED,
            subject=f"Attestations demandées : {award.tender.reference}",
            message=(
                f"Votre offre pour « {award.tender.title} » est retenue sous réserve de vos "
                f"attestations (fiscale, sociale, Kbis) à déposer sur la plateforme{until} "
                "(R.2144-4)."
            ),
        )
    return created


def _checked_upload(upload: UploadedFile) -> str:
    name = upload.name or "attestation"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in CERTIFICATE_TYPES:
        raise ApplicationError(
            f"« {name} » : format non accepté (PDF, PNG ou JPEG).",
            extra={"fields": {"file": ["Format non accepté."]}},
        )
    if upload.size > settings.BID_MAX_FILE_BYTES:
        raise TooLargeError(f"« {name} » est trop volumineux.", extra={"size": upload.size})
    upload.seek(0)
    sniffed = filetype.guess_mime(upload.read(SNIFF_BYTES))
    upload.seek(0)
    if sniffed not in CERTIFICATE_TYPES[extension]:
        raise ApplicationError(
            f"« {name} » : son contenu ne correspond pas à un fichier .{extension} "
            f"(contenu détecté : {sniffed or 'inconnu'}).",
            extra={"fields": {"file": ["Contenu non conforme."]}, "detected": sniffed},
        )
    return sniffed


def _certificate(award: Award, pk: int) -> Certificate:
    row = award.certificates.select_related("company").filter(pk=pk).first()
    if row is None:
        raise NotFoundError("Attestation introuvable.")
    return row


@transaction.atomic
def certificate_upload(
    *, actor: User, award: Award, certificate_id: int, file: UploadedFile
) -> Certificate:
    """The titulaire deposits one asked certificate (again, after a refusal)."""
    require_on(actor, "view", award.tender, "")
    row = _certificate(award, certificate_id)
    if not user_can(actor, "act_as_titulaire", award) or row.company_id != actor.company_id:
        raise NotFoundError("Attestation introuvable.")
    if row.accepted_at is not None:
        raise ConflictError("Cette attestation est déjà acceptée.")
    content_type = _checked_upload(file)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    if row.file:
        row.file.delete(save=False)
    row.file.save(file.name, file, save=False)
    row.name = (file.name or "attestation")[-200:]
    row.size, row.sha256, row.content_type = file.size, digest.hexdigest(), content_type
    row.uploaded_at, row.uploaded_by, row.refusal_reason = now(), actor, ""
    row.save()
    _record(actor, "tender.certificate_uploaded", award, kind=row.kind, sha256=row.sha256)
    return row


@transaction.atomic
def certificate_review(
    *, actor: User, award: Award, certificate_id: int, accept: bool, reason: str = ""
) -> Certificate:
    """The buyer accepts a deposited certificate, or refuses it saying why."""
    require_on(actor, "manage", award.tender, MANAGERS_ONLY)
    row = _certificate(award, certificate_id)
    if row.uploaded_at is None:
        raise ApplicationError(
            "Cette attestation n'a pas encore été déposée.",
            extra={"fields": {"certificate": ["Non déposée."]}},
        )
    reason = (reason or "").strip()
    if accept:
        row.accepted_at, row.accepted_by, row.refusal_reason = now(), actor, ""
    else:
        if not reason:
            raise ApplicationError(
                "Le motif du refus est obligatoire.", extra={"fields": {"reason": ["Obligatoire."]}}
            )
        row.accepted_at, row.accepted_by, row.refusal_reason = None, None, reason
        row.uploaded_at = None
    row.save()
    _record(
        actor,
        "tender.certificate_accepted" if accept else "tender.certificate_refused",
        award,
        kind=row.kind,
        reason=reason,
    )
    return row
