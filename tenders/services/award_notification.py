"""Notifying the contract: its own step, after the standstill and the certificates.

R.2182-4: the buyer notifies the contract to its titulaire, and the contract takes effect on the
day the titulaire receives it. So the notification date is a fact the platform records, never a
date typed in with the award: either the buyer notifies through the platform and the company
acknowledges receipt (the day of that acknowledgement is the notification date), or the buyer
records a notification made another way (a registered letter, by hand) with its date, which
cannot be in the future. The DECP publish a contract once it is notified (``opendata/decp.py``).

Before either: the contract is signed by the buyer (``signed_on``), which the standstill forbids
before its end (R.2182-1, ``standstill.py``), and every certificate asked of the titulaire is
accepted (R.2144-4, ``certificates.py``).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, PermissionDeniedError
from collectivites.models import User
from collectivites.permissions import user_can

from ..models import Award, AwardNotification, NotificationKind
from ._common import MANAGERS_ONLY, now, require_on
from .certificates import _titulaire_users, certificates_missing
from .notifications import notify_users
from .standstill import require_signable


def _record(actor, action: str, award: Award, **details) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=award.tender,
        collectivite=award.tender.buyer,
        details={"award": award.pk, "lot": award.lot.number if award.lot else None, **details},
    )


def _locked(award: Award) -> Award:
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("tender__buyer", "lot")
        .get(pk=award.pk)
    )


def _check_ready(award: Award, signed_on: date) -> None:
    """Signature and certificates: a 400 naming the rule, nothing written."""
    today = timezone.localdate()
    if signed_on > today:
        raise ApplicationError(
            "La date de signature ne peut pas être dans le futur.",
            extra={"fields": {"signed_on": ["Date future."]}},
        )
    if signed_on < timezone.localdate(award.created_at):
        raise ApplicationError(
            "Le marché ne peut pas être signé avant son attribution.",
            extra={"fields": {"signed_on": ["Avant l'attribution."]}},
        )
    require_signable(award, on=signed_on)
    missing = certificates_missing(award)
    if missing:
        raise ApplicationError(
            "Les attestations du titulaire doivent être recueillies avant la notification "
            "(R.2144-4, R.2144-7) : " + " ".join(missing),
            extra={"rule": "R.2144-4", "missing": missing},
        )


def _not_yet(award: Award) -> None:
    if hasattr(award, "notification") and award.notification.completed_at is not None:
        raise ConflictError("Ce marché est déjà notifié.")
    if hasattr(award, "notification") and award.notification.sent_at is not None:
        raise ConflictError(
            "Le marché a déjà été envoyé au titulaire : sa date de notification sera celle de "
            "son accusé de réception."
        )


@transaction.atomic
def award_notify(*, actor: User, award: Award, signed_on: date | None = None) -> AwardNotification:
    """Send the signed contract to its titulaire through the platform."""
    require_on(actor, "manage", award.tender, MANAGERS_ONLY)
    award = _locked(award)
    _not_yet(award)
    signed_on = signed_on or timezone.localdate()
    _check_ready(award, signed_on)
    users = _titulaire_users(award)
    if not users:
        raise ApplicationError(
            "Aucun titulaire n'a de compte sur la plateforme : notifiez le marché par un autre "
            "moyen et enregistrez sa date de notification.",
            extra={"fields": {"award": ["Titulaire sans compte."]}},
        )
    moment = now()
    notification = AwardNotification.objects.create(
        award=award, signed_on=signed_on, sent_at=moment, sent_by=actor
    )
    _record(actor, "tender.contract_sent", award, signed_on=signed_on.isoformat())
    scope = f" (lot {award.lot.number})" if award.lot else ""
    notify_users(
        users=users,
        tender=award.tender,
        kind=NotificationKind.CONTRACT_NOTIFIED,
        subject=f"Notification du marché : {award.tender.reference}",
        message=(
            f"Le marché « {award.tender.title} »{scope}, signé le {signed_on:%d/%m/%Y}, vous est "
            "notifié. Accusez-en réception sur la plateforme : il prend effet à sa réception "
            "(R.2182-4)."
        ),
    )
    return notification


@transaction.atomic
def award_acknowledge(*, actor: User, award: Award) -> AwardNotification:
    """The titulaire acknowledges receipt: that day is the notification date."""
    require_on(actor, "view", award.tender, "")
    if not user_can(actor, "act_as_titulaire", award):
        raise PermissionDeniedError(
            "Seul le titulaire du marché accuse réception de sa notification."
        )
    award = _locked(award)
    notification = getattr(award, "notification", None)
    if notification is None or notification.sent_at is None:
        raise ConflictError("Le marché ne vous a pas encore été notifié.")
    if notification.completed_at is not None:
        raise ConflictError("La réception de ce marché est déjà enregistrée.")
    moment = now()
    notification.received_at = notification.completed_at = moment
    notification.received_by = actor
    notification.save(update_fields=["received_at", "received_by", "completed_at"])
    award.notification_date = timezone.localdate(moment)
    award.save(update_fields=["notification_date"])
    _record(actor, "tender.contract_notified", award, date=award.notification_date.isoformat())
    return notification


@transaction.atomic
def award_notification_record(
    *, actor: User, award: Award, notification_date: date, signed_on: date | None = None
) -> AwardNotification:
    """The buyer records a notification made outside the platform, on a past (or today's) day."""
    require_on(actor, "manage", award.tender, MANAGERS_ONLY)
    award = _locked(award)
    if hasattr(award, "notification") and award.notification.completed_at is not None:
        raise ConflictError("Ce marché est déjà notifié.")
    if notification_date > timezone.localdate():
        raise ApplicationError(
            "La date de notification ne peut pas être dans le futur : le marché prend effet à "
            "sa réception par le titulaire (R.2182-4).",
            extra={"rule": "R.2182-4", "fields": {"notification_date": ["Date future."]}},
        )
    signed_on = signed_on or notification_date
    if notification_date < signed_on:
        raise ApplicationError(
            "Le marché est notifié après sa signature.",
            extra={"fields": {"notification_date": ["Avant la signature."]}},
        )
    existing = getattr(award, "notification", None)
    if existing is None:
        _check_ready(award, signed_on)
    elif existing.sent_at and notification_date < timezone.localdate(existing.sent_at):
        raise ApplicationError(
            "Le marché a été envoyé au titulaire le "
            f"{timezone.localdate(existing.sent_at):%d/%m/%Y} : il n'a pas pu le recevoir avant.",
            extra={"fields": {"notification_date": ["Avant l'envoi."]}},
        )
    moment = now()
    notification, _ = AwardNotification.objects.update_or_create(
        award=award,
        defaults={"signed_on": existing.signed_on if existing else signed_on},
    )
    notification.recorded_by, notification.completed_at = actor, moment
    notification.save(update_fields=["recorded_by", "completed_at"])
    award.notification_date = notification_date
    award.save(update_fields=["notification_date"])
    _record(
        actor, "tender.contract_notified", award, date=notification_date.isoformat(), recorded=True
    )
    return notification
