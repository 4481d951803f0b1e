"""Changes to an award after the fact: corrections before notification, modifications after.

Before the contract is notified, an error in the award (amount, contract data) is corrected with
a reason, written to the audit log with the values before and after. Once notified, the DECP
data are published and the format allows no change to them "si ce n'est l'ajout d'objets dans
Modifications": a modification of the contract (avenant, R.2194-1 ff.) is recorded with its
object, the new amount and/or duration, its signature and notification dates, and the DECP
carry it in ``modifications`` (and OCDS as a contract amendment).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError
from collectivites.models import User

from ..models import Award, ContractModification
from ..models.contract import MAX_DURATION_MONTHS
from ._common import MANAGERS_ONLY, require_on
from .contract import contract_values

CORRECTABLE = ("amount", "duration_months", "price_form", "ccag", "grouping_type")


@transaction.atomic
def award_correct(*, actor: User, award: Award, reason: str, changes: dict[str, Any]) -> Award:
    """Correct an award not yet notified; every contract field may be given (checked as at
    award time), with a reason."""
    require_on(actor, "manage", award.tender, MANAGERS_ONLY)
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("tender__buyer", "lot")
        .get(pk=award.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Le motif de la correction est obligatoire.",
            extra={"fields": {"reason": ["Obligatoire."]}},
        )
    if award.notification_date is not None:
        raise ApplicationError(
            "Le marché est notifié et ses données publiées : il ne se corrige plus, il se "
            "modifie (avenant), publié dans les « modifications » des données essentielles.",
            extra={"rule": "R.2194-1", "fields": {"award": ["Déjà notifié."]}},
        )
    if not changes:
        raise ApplicationError("Rien à corriger.", extra={"fields": {"changes": ["Vide."]}})
    amount = changes.pop("amount", None)
    if amount is not None and Decimal(amount) < 0:
        raise ApplicationError(
            "Le montant ne peut pas être négatif.", extra={"fields": {"amount": ["Négatif."]}}
        )
    current = {name: getattr(award, name) for name in (*_contract_names(), "advance_rate")}
    values, errors = contract_values({**current, **changes}, companies=award.companies.count())
    if errors:
        message = next(iter(errors.values()))[0]
        raise ApplicationError(message, extra={"fields": errors})
    before = {name: str(getattr(award, name)) for name in ["amount", *values]}
    if amount is not None:
        award.amount = Decimal(amount)
    for name, value in values.items():
        setattr(award, name, value)
    award.save()
    after = {name: str(getattr(award, name)) for name in before}
    changed = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    audit_record(
        actor=actor,
        action="tender.award_corrected",
        obj=award.tender,
        collectivite=award.tender.buyer,
        details={"award": award.pk, "reason": reason, "changes": changed},
    )
    return award


def _contract_names() -> tuple[str, ...]:
    from ..models.contract import CONTRACT_FIELDS

    return CONTRACT_FIELDS


@transaction.atomic
def contract_modification_add(
    *,
    actor: User,
    award: Award,
    object: str,  # the domain's word (l'objet de l'avenant)
    signed_on: date,
    notified_on: date,
    amount: Decimal | None = None,
    duration_months: int | None = None,
) -> ContractModification:
    """Record a modification (avenant) of a notified contract."""
    require_on(actor, "manage", award.tender, MANAGERS_ONLY)
    award = Award.objects.select_for_update().get(pk=award.pk)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if award.notification_date is None:
        raise ConflictError("Seul un marché notifié peut être modifié par avenant.")
    if not (object or "").strip():
        errors["object"] = ["Obligatoire."]
    if amount is None and duration_months is None:
        errors["amount"] = ["Indiquez le nouveau montant ou la nouvelle durée."]
    if amount is not None and amount < 1:
        errors["amount"] = ["Au moins 1 € HT."]
    if duration_months is not None and not 1 <= duration_months <= MAX_DURATION_MONTHS:
        errors["duration_months"] = [f"De 1 à {MAX_DURATION_MONTHS} mois."]
    if signed_on > today:
        errors["signed_on"] = ["Date future."]
    elif signed_on < award.notification_date:
        errors["signed_on"] = ["Avant la notification du marché."]
    if notified_on > today:
        errors["notified_on"] = ["Date future."]
    elif notified_on < signed_on:
        errors["notified_on"] = ["Avant la signature de la modification."]
    if errors:
        raise ApplicationError(
            "La modification est incomplète ou invalide : "
            + " ".join(f"{name} : {messages[0]}" for name, messages in errors.items()),
            extra={"fields": errors},
        )
    number = (award.modifications.aggregate(n=Max("number"))["n"] or 0) + 1
    modification = ContractModification.objects.create(
        award=award,
        number=number,
        object=object.strip(),
        amount=amount,
        duration_months=duration_months,
        signed_on=signed_on,
        notified_on=notified_on,
        published_on=today,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="tender.contract_modified",
        obj=award.tender,
        collectivite=award.tender.buyer,
        details={
            "award": award.pk,
            "number": number,
            "amount": str(amount) if amount is not None else None,
            "duration_months": duration_months,
        },
    )
    return modification
