"""The consultation's life: draft → published → closed → opened → awarded / unsuccessful,
or cancelled with a reason.

Every transition checks here who asks (``tenders.rules``) and its rules, changes the status with
a conditional UPDATE so two concurrent requests cannot both perform it, and writes the audit
event in the same transaction: the timeline is read from those events.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.db import IntegrityError, transaction
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, PermissionDeniedError
from collectivites.identifiers import validate_siret
from collectivites.indexing import index_changed
from collectivites.models import Collectivite, Company, User
from collectivites.permissions import user_can

from .. import exemptions, thresholds
from ..models import (
    Award,
    AwardedCompany,
    BidOpening,
    GroupMember,
    Lot,
    LotNeed,
    Nature,
    NotificationKind,
    Procedure,
    Tender,
    TenderStatus,
)
from ..procedures import is_two_phase
from ._common import MANAGERS_ONLY, REFUSALS, now, require_on, search_text, validated
from .contract import contract_values
from .notifications import notify_downloaders
from .opening import opening_record_deposits, tender_can_end_without_opening
from .procedures import publication_deadline_errors, publication_warnings


class LotData(TypedDict, total=False):
    number: int
    title: str
    description: str
    estimated_value: Decimal | None
    cpv_code: str


class NeedData(TypedDict, total=False):
    lot_number: int | None
    quantity: str
    amount: Decimal | None


class GroupMemberData(TypedDict, total=False):
    collectivite: Collectivite
    needs: list[NeedData]


class AwardData(TypedDict, total=False):
    lot_number: int | None
    amount: Decimal
    notification_date: date | None
    companies: list[dict[str, str]]  # {"siret", "name"}
    # The contract's essential data (DECP), all required: see contract.py.
    duration_months: int
    price_form: str
    price_types: list[str]
    ccag: str
    techniques: list[str]
    execution_terms: list[str]
    innovative: bool
    subcontracting_declared: bool
    advance_granted: bool
    advance_rate: Decimal | None  # 0..1, with an advance only
    social_considerations: list[str]
    environmental_considerations: list[str]
    grouping_type: str


# Fields a buyer may still change once the tender is public: anything else would change the
# competition itself, which calls for a new consultation, not an edit.
EDITABLE_AFTER_PUBLICATION = frozenset(
    {
        "object",
        "place_of_performance",
        "question_deadline",
        "response_deadline",
        "candidature_deadline",
    }
)
TENDER_FIELDS = frozenset(
    {
        "reference",
        "title",
        "object",
        "procedure",
        "nature",
        "cpv_codes",
        "estimated_value",
        "place_of_performance",
        "question_deadline",
        "response_deadline",
        "candidature_deadline",
        "urgency_reason",
        "prior_notice_sent_on",
        "exemption_ground",
        "exemption_justification",
    }
)


def launch_date(tender: Tender) -> date:
    """The date a consultation is launched, which decides the thresholds that apply to it."""
    return timezone.localdate(tender.published_at) if tender.published_at else timezone.localdate()


def publicity_required(tender: Tender) -> bool | None:
    """Whether the law requires publicity for this consultation (None: no threshold known)."""
    return thresholds.publicity_required(
        nature=tender.nature, value=tender.estimated_value, on=launch_date(tender)
    )


def _check_procedure(tender: Tender) -> None:
    exemptions.check_without_publicity(tender, on=launch_date(tender))
    if tender.procedure != Procedure.MAPA:
        return
    on = launch_date(tender)
    amount = thresholds.threshold(nature=tender.nature, kind=thresholds.Kind.FORMALISED, on=on)
    if amount is None:
        raise ApplicationError(
            f"Aucun seuil de procédure formalisée n'est connu pour le {on:%d/%m/%Y} : "
            "la table des seuils doit être mise à jour.",
            extra={"fields": {"procedure": ["Seuils inconnus à cette date."]}},
        )
    if tender.estimated_value >= amount:
        nature = Nature(tender.nature).label.lower()
        formatted = f"{amount:,.0f}".replace(",", "\u202f")
        message = (
            f"Une procédure adaptée (MAPA) n'est pas possible pour des {nature} estimés à "
            f"{tender.estimated_value:,.2f} € HT : à partir de {formatted} € HT, une procédure "
            "formalisée (appel d'offres, procédure avec négociation, dialogue compétitif) est "
            "obligatoire."
        ).replace(",", "\u202f")
        raise ApplicationError(message, extra={"fields": {"procedure": [message]}})


def _check_deadlines(tender: Tender) -> None:
    if (
        tender.question_deadline
        and tender.response_deadline
        and tender.question_deadline >= tender.response_deadline
    ):
        raise ApplicationError(
            "La date limite des questions doit précéder la date limite de remise des offres.",
            extra={"fields": {"question_deadline": ["Doit précéder la remise des offres."]}},
        )


def _check(tender: Tender) -> None:
    validated(tender, exclude=["buyer", "created_by", "bid_key_wrapped", "search_text"])
    if tender.estimated_value is not None and tender.estimated_value < 0:
        raise ApplicationError(
            "La valeur estimée ne peut pas être négative.",
            extra={"fields": {"estimated_value": ["Valeur négative."]}},
        )
    _check_deadlines(tender)
    _check_procedure(tender)


def _save(tender: Tender) -> None:
    tender.search_text = search_text(tender)
    try:
        with transaction.atomic():
            tender.save()
    except IntegrityError as error:
        raise ConflictError(
            f"La référence « {tender.reference} » est déjà utilisée par {tender.buyer.name}.",
            extra={"fields": {"reference": ["Référence déjà utilisée."]}},
        ) from error


def _refresh_search_text(tender: Tender) -> None:
    """Once the lots are written, so their CPV codes are searchable with the tender's."""
    tender.search_text = search_text(tender)
    Tender.objects.filter(pk=tender.pk).update(search_text=tender.search_text)


def _replace_lots(tender: Tender, lots: list[LotData]) -> dict[int, Lot]:
    numbers = [lot["number"] for lot in lots]
    if len(set(numbers)) != len(numbers):
        raise ApplicationError(
            "Deux lots portent le même numéro.", extra={"fields": {"lots": ["Numéros en double."]}}
        )
    tender.lots.all().delete()
    created = {}
    for data in lots:
        lot = Lot(tender=tender, **data)
        validated(lot, exclude=["tender"])
        lot.save()
        created[lot.number] = lot
    return created


def _replace_group(tender: Tender, members: list[GroupMemberData]) -> None:
    lots = {lot.number: lot for lot in tender.lots.all()}
    tender.memberships.all().delete()
    seen = set()
    for data in members:
        collectivite = data["collectivite"]
        if collectivite.pk == tender.buyer_id or collectivite.pk in seen:
            raise ApplicationError(
                f"{collectivite.name} figure deux fois dans le groupement.",
                extra={"fields": {"group_members": ["Membre en double."]}},
            )
        seen.add(collectivite.pk)
        member = GroupMember.objects.create(tender=tender, collectivite=collectivite)
        for need in data.get("needs", []):
            number = need.get("lot_number")
            if number is not None and number not in lots:
                raise ApplicationError(
                    f"Le lot n° {number} n'existe pas dans cette consultation.",
                    extra={"fields": {"group_members": ["Lot inconnu."]}},
                )
            LotNeed.objects.create(
                member=member,
                lot=lots.get(number) if number is not None else None,
                quantity=need.get("quantity", ""),
                amount=need.get("amount"),
            )


def _record(actor: User | None, action: str, tender: Tender, **details: Any) -> None:
    audit_record(actor=actor, action=action, obj=tender, collectivite=tender.buyer, details=details)


@transaction.atomic
def tender_create(
    *,
    actor: User,
    buyer: Collectivite,
    reference: str,
    title: str,
    procedure: str,
    nature: str,
    estimated_value: Decimal,
    object: str = "",  # the domain's word (l'objet du marché), shadowing is harmless here
    cpv_codes: list[str] | None = None,
    place_of_performance: str = "",
    question_deadline: datetime | None = None,
    response_deadline: datetime | None = None,
    lots: list[LotData] | None = None,
    group_members: list[GroupMemberData] | None = None,
    candidature_deadline: datetime | None = None,
    urgency_reason: str = "",
    prior_notice_sent_on: date | None = None,
    exemption_ground: str = "",
    exemption_justification: str = "",
) -> Tender:
    """A draft consultation of ``buyer``, by one of its buyers (or a superuser)."""
    if not user_can(actor, "buy", buyer):
        raise PermissionDeniedError(f"Vous n'êtes pas acheteur pour {buyer.name}.")
    tender = Tender(
        buyer=buyer,
        reference=reference,
        title=title,
        object=object,
        procedure=procedure,
        nature=nature,
        cpv_codes=list(cpv_codes or []),
        estimated_value=estimated_value,
        place_of_performance=place_of_performance,
        question_deadline=question_deadline,
        response_deadline=response_deadline,
        candidature_deadline=candidature_deadline,
        urgency_reason=urgency_reason,
        prior_notice_sent_on=prior_notice_sent_on,
        exemption_ground=exemption_ground,
        exemption_justification=exemption_justification,
        created_by=actor,
    )
    _check(tender)
    _save(tender)
    _replace_lots(tender, lots or [])
    _refresh_search_text(tender)
    _replace_group(tender, group_members or [])
    _record(actor, "tender.created", tender, reference=reference)
    return tender


@transaction.atomic
def tender_update(
    *,
    actor: User,
    tender: Tender,
    lots: list[LotData] | None = None,
    group_members: list[GroupMemberData] | None = None,
    **fields: Any,
) -> Tender:
    """Edit a draft freely; once published, only the object, place and deadlines.

    Postponing a deadline after publication is allowed (and told to every identified downloader),
    bringing it forward is not: companies already planned their answer around it.
    """
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    unknown = set(fields) - TENDER_FIELDS
    if unknown:
        raise ApplicationError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    changed = {name for name, value in fields.items() if getattr(tender, name) != value}
    if tender.status == TenderStatus.PUBLISHED and _passed(tender.response_deadline):
        # Passed but not closed yet (closing is lazy): postponing now would reopen bidding
        # after the legal deadline. Checked under the row lock, by the server's clock.
        raise ConflictError(
            "La date limite de remise des offres est passée : la consultation ne peut plus "
            "être modifiée.",
            extra={"fields": {"response_deadline": ["Date limite passée."]}},
        )
    if tender.status == TenderStatus.PUBLISHED:
        locked = changed - EDITABLE_AFTER_PUBLICATION
        if locked or lots is not None or group_members is not None:
            raise ConflictError(
                "Après publication, seuls l'objet, le lieu d'exécution et les dates limites "
                "peuvent être modifiés ; les autres changements demandent une nouvelle "
                "consultation.",
                extra={"fields": {name: ["Non modifiable après publication."] for name in locked}},
            )
        _postpone_only(tender, fields, "candidature_deadline", "des candidatures")
        new_deadline = fields.get("response_deadline", tender.response_deadline)
        if tender.response_deadline is None and new_deadline is not None:
            raise ConflictError(
                "La date limite de remise des offres est fixée avec les invitations.",
                extra={"fields": {"response_deadline": ["Fixée avec les invitations."]}},
            )
        if tender.response_deadline is not None and (
            new_deadline is None or new_deadline < tender.response_deadline
        ):
            raise ConflictError(
                "Après publication, la date limite de remise des offres ne peut être que reportée.",
                extra={"fields": {"response_deadline": ["Ne peut être avancée."]}},
            )
        new_question_deadline = fields.get("question_deadline", tender.question_deadline)
        if tender.question_deadline is not None and (
            new_question_deadline is None or new_question_deadline < tender.question_deadline
        ):
            raise ConflictError(
                "Après publication, la date limite des questions ne peut être que reportée.",
                extra={"fields": {"question_deadline": ["Ne peut être avancée ni retirée."]}},
            )
    elif tender.status != TenderStatus.DRAFT:
        raise ConflictError(
            "Une consultation clôturée, ouverte, attribuée ou annulée n'est plus modifiable."
        )
    old_deadlines = (tender.question_deadline, tender.response_deadline)
    for name, value in fields.items():
        setattr(tender, name, value)
    if tender.status == TenderStatus.PUBLISHED and _passed(tender.response_deadline):
        raise ApplicationError("La date limite de remise des offres doit être dans le futur.")
    _check(tender)
    _save(tender)
    if lots is not None:
        _replace_lots(tender, lots)
        _refresh_search_text(tender)
    if group_members is not None:
        _replace_group(tender, group_members)
    _record(actor, "tender.updated", tender, fields=sorted(changed))
    if old_deadlines != (tender.question_deadline, tender.response_deadline):
        # Who moved a deadline, when, from what to what: the deadline decides when the bids
        # unseal (docs/decisions/0007), so every change of it is in the audit log.
        _record(
            actor,
            "tender.deadline_changed",
            tender,
            **{
                "from": [value.isoformat() if value else None for value in old_deadlines],
                "to": [
                    value.isoformat() if value else None
                    for value in (tender.question_deadline, tender.response_deadline)
                ],
            },
        )
    if tender.status == TenderStatus.PUBLISHED and old_deadlines != (
        tender.question_deadline,
        tender.response_deadline,
    ):
        deadline = timezone.localtime(tender.response_deadline or tender.candidature_deadline)
        notify_downloaders(
            tender=tender,
            kind=NotificationKind.DEADLINE_CHANGED,
            subject=f"Dates limites modifiées : {tender.reference}",
            message=(
                f"Les dates limites de la consultation « {tender.title} » ont changé : remise "
                f"des offres jusqu'au {deadline:%d/%m/%Y à %H:%M}."
            ),
        )
    return tender


def _passed(deadline: datetime | None) -> bool:
    """A two-phase tender has no offers' deadline before its invitations: not passed."""
    return deadline is not None and deadline <= now()


def _postpone_only(tender: Tender, fields: dict[str, Any], name: str, label: str) -> None:
    old, new = getattr(tender, name), fields.get(name, getattr(tender, name))
    if old is not None and (new is None or new < old):
        raise ConflictError(
            f"Après publication, la date limite {label} ne peut être que reportée.",
            extra={"fields": {name: ["Ne peut être avancée ni retirée."]}},
        )


def _transition(tender: Tender, source: set[str], target: str, **changes: Any) -> None:
    """Move the status only if nobody moved it meanwhile (a conditional UPDATE)."""
    updated = Tender.objects.filter(pk=tender.pk, status__in=source).update(
        status=target, **changes
    )
    if not updated:
        raise ConflictError("La consultation a changé d'état entre-temps ; rechargez-la.")
    tender.status = target
    for name, value in changes.items():
        setattr(tender, name, value)
    # Status and publication date are what the "search" rule filters on (tenders.rules).
    index_changed(tender, fields=["status", *changes])


def _require_status(tender: Tender, allowed: set[str], message: str) -> None:
    if tender.status not in allowed:
        raise ConflictError(message, extra={"status": tender.status})


@transaction.atomic
def tender_publish(*, actor: User, tender: Tender) -> Tender:
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    _require_status(tender, {TenderStatus.DRAFT}, "Seul un brouillon peut être publié.")
    moment = now()
    errors: dict[str, list[str]] = {}
    if is_two_phase(tender.procedure):  # the offers' dates come with the invitations
        pass
    elif tender.response_deadline is None or tender.response_deadline <= moment:
        errors["response_deadline"] = ["La date limite de remise des offres doit être future."]
    elif tender.question_deadline is None:
        errors["question_deadline"] = ["La date limite des questions est obligatoire."]
    elif tender.response_deadline and tender.question_deadline >= tender.response_deadline:
        errors["question_deadline"] = ["Doit précéder la date limite de remise des offres."]
    errors.update(publication_deadline_errors(tender, moment=moment))  # the code's minimums
    if not tender.documents.filter(current_version__isnull=False).exists():
        errors["documents"] = ["Le DCE doit comporter au moins un document."]
    if errors:
        raise ApplicationError(
            "La consultation ne peut pas encore être publiée : "
            + " ".join(message for messages in errors.values() for message in messages),
            extra={"fields": errors},
        )
    tender.published_at = moment
    _check_procedure(tender)
    _transition(tender, {TenderStatus.DRAFT}, TenderStatus.PUBLISHED, published_at=moment)
    _record(
        actor,
        "tender.published",
        tender,
        response_deadline=tender.response_deadline.isoformat()
        if tender.response_deadline
        else None,
        candidature_deadline=tender.candidature_deadline.isoformat()
        if tender.candidature_deadline
        else None,
        publicity_required=publicity_required(tender),
        deadline_warnings=publication_warnings(tender, moment=moment),
    )
    return tender


def tender_close_due(*, at: datetime | None = None) -> int:
    """Close every published tender whose response deadline has passed; return how many.

    Called lazily before tenders are read, and by ``manage.py close_due_tenders`` (cron), so a
    tender is closed as soon as anybody looks, whether or not the cron ran.
    """
    moment = at or now()
    due = Tender.objects.filter(status=TenderStatus.PUBLISHED, response_deadline__lte=moment)
    # Every read of the tender list asks this first, and almost always nothing is due: one
    # "LIMIT 1" on the (status, response_deadline) index, no rows built, no join with the buyer.
    if not due.exists():
        return 0
    due = list(due.select_related("buyer"))
    closed = 0
    for tender in due:
        with transaction.atomic():
            # Deadline checked again here: postponed since the list was read, it stays open.
            still_due = Tender.objects.filter(
                pk=tender.pk, status=TenderStatus.PUBLISHED, response_deadline__lte=moment
            )
            if still_due.update(status=TenderStatus.CLOSED):
                tender.status = TenderStatus.CLOSED
                _record(
                    None, "tender.closed", tender, deadline=tender.response_deadline.isoformat()
                )
                closed += 1
    return closed


def _close_if_due(tender: Tender) -> None:
    if tender.status == TenderStatus.PUBLISHED and _passed(tender.response_deadline):
        tender_close_due()
        tender.refresh_from_db(fields=["status"])


@transaction.atomic
def tender_open(*, actor: User, tender: Tender) -> BidOpening:
    """Open the bids: only once the response deadline has passed, by the server's clock.

    The buyer's own act: a superuser or an animator does not open another body's bids.
    """
    require_on(actor, "open_bids", tender, REFUSALS["open_bids"])
    _close_if_due(tender)
    if tender.status == TenderStatus.PUBLISHED and tender.response_deadline is None:
        raise ConflictError("Les invitations à soumissionner ne sont pas encore envoyées.")
    if tender.status == TenderStatus.PUBLISHED:
        deadline = timezone.localtime(tender.response_deadline)
        raise ConflictError(
            f"Les plis ne peuvent être ouverts qu'après la date limite ({deadline:%d/%m/%Y %H:%M})."
        )
    _require_status(
        tender, {TenderStatus.CLOSED}, "Seule une consultation clôturée peut être ouverte."
    )
    moment = now()
    _transition(tender, {TenderStatus.CLOSED}, TenderStatus.OPENED)
    opening = BidOpening.objects.create(tender=tender, opened_by=actor, opened_at=moment)
    opened = opening_record_deposits(opening=opening)  # the last bid of each company (R.2151-6)
    _record(actor, "tender.opened", tender, bids=opened)
    return opening


class _AwardError(Exception):
    """What is wrong with one award of the request: a message and errors by field."""

    def __init__(self, message: str, fields: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.message, self.fields = message, fields


def _company_error(index: int, field: str, message: str) -> _AwardError:
    return _AwardError(message, {"companies": {str(index): {field: [message]}}})


def _awarded_companies(companies: list[dict[str, str]]) -> list[AwardedCompany]:
    if not companies:
        raise _AwardError(
            "Indiquez au moins une entreprise attributaire.", {"companies": ["Obligatoire."]}
        )
    rows = []
    for index, company in enumerate(companies):
        siret = company.get("siret", "")
        try:
            validate_siret(siret)
        except Exception as error:
            raise _company_error(index, "siret", f"SIRET invalide : {siret}.") from error
        known = Company.objects.filter(siret=siret).first()
        name = company.get("name") or (known.name if known else "")
        if not name:
            message = f"Indiquez la raison sociale de l'entreprise {siret}."
            raise _company_error(index, "name", message)
        if any(row.siret == siret for row in rows):
            raise _company_error(index, "siret", f"L'entreprise {siret} est indiquée deux fois.")
        rows.append(AwardedCompany(company=known, siret=siret, name=name))
    return rows


def _award(
    actor: User, tender: Tender, lots: dict[int, Lot], data: AwardData
) -> tuple[Award, list[AwardedCompany]]:
    """The award and its titulaires, checked and not saved yet."""
    number = data.get("lot_number")
    if lots and number not in lots:
        raise _AwardError(
            "Chaque attribution porte sur un lot de la consultation.",
            {"lot_number": [f"Lot inconnu : {number}."]},
        )
    if not lots and number is not None:
        raise _AwardError("Cette consultation n'est pas allotie.", {"lot_number": ["Pas de lot."]})
    if data["amount"] < 0:
        raise _AwardError("Le montant ne peut pas être négatif.", {"amount": ["Négatif."]})
    if data.get("notification_date") is not None:
        # R.2182-4: the contract takes effect when its titulaire receives it, after the
        # standstill and the certificates; that date is the notification step's (tendc).
        message = (
            "La date de notification ne se donne pas avec l'attribution : le marché est notifié "
            "ensuite, après le délai de suspension et les attestations, et prend effet à sa "
            "réception par le titulaire (R.2182-4)."
        )
        raise _AwardError(message, {"notification_date": [message]})
    companies = _awarded_companies(data.get("companies", []))
    values, errors = contract_values(data, companies=len(companies))
    if errors:
        if len(errors) == 1:
            message = next(iter(errors.values()))[0]
        else:
            message = "Des données du marché manquent ou sont invalides : voir chaque champ."
        raise _AwardError(message, errors)
    award = Award(
        tender=tender,
        lot=lots.get(number) if number is not None else None,
        amount=data["amount"],
        awarded_by=actor,
        **values,
    )
    return award, companies


@transaction.atomic
def tender_award(*, actor: User, tender: Tender, awards: list[AwardData]) -> list[Award]:
    """Award the whole tender, or each of its lots, after the bids were opened.

    Lots are awarded together or one by one: the first award makes the consultation
    ``awarded``, and its other lots can still be awarded afterwards (a lot never awarded is
    one without a contract). The titulaires need not have bid on the platform: paper bids
    still exist (most of them in the founding article's first year), and a co-contractor of
    a group is not the one who submitted.

    Every award is checked before any is written; an error names the award by its position and
    the field, ``extra.fields.awards["<index>"].<field>``, the shape of DRF's own errors for a
    list of objects, so a client reads both alike.
    """
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    lots = {lot.number: lot for lot in tender.lots.all()}
    if tender.status == TenderStatus.AWARDED and lots:
        awarded_lots = set(
            tender.awards.filter(lot__isnull=False).values_list("lot__number", flat=True)
        )
        if awarded_lots >= set(lots):
            raise ConflictError("Tous les lots de cette consultation sont déjà attribués.")
    else:
        _require_status(
            tender, {TenderStatus.OPENED}, "Une consultation s'attribue après l'ouverture des plis."
        )
        awarded_lots = set()
    if not awards:
        raise ApplicationError(
            "Indiquez au moins une attribution.", extra={"fields": {"awards": ["Obligatoire."]}}
        )
    checked = []
    for index, data in enumerate(awards):
        number = data.get("lot_number")
        try:
            if checked and not lots:
                raise _AwardError(
                    "Une consultation non allotie s'attribue une seule fois.",
                    {"lot_number": ["Pas de lot."]},
                )
            if any(award.lot and award.lot.number == number for award, _ in checked):
                raise _AwardError("Ce lot est attribué deux fois.", {"lot_number": ["En double."]})
            if number in awarded_lots:
                raise _AwardError("Ce lot est déjà attribué.", {"lot_number": ["Déjà attribué."]})
            checked.append(_award(actor, tender, lots, data))
        except _AwardError as error:
            label = f"Lot {number}" if number in lots else f"Attribution {index + 1}"
            prefix = f"{label} : " if len(awards) > 1 else ""
            raise ApplicationError(
                prefix + error.message, extra={"fields": {"awards": {str(index): error.fields}}}
            ) from error
    created = []
    for award, companies in checked:
        try:
            with transaction.atomic():
                award.save()
                for row in companies:
                    row.award = award
                AwardedCompany.objects.bulk_create(companies)
        except IntegrityError as error:
            raise ConflictError("Ce lot (ou cette entreprise) est attribué deux fois.") from error
        created.append(award)
    if tender.status == TenderStatus.OPENED:
        _transition(tender, {TenderStatus.OPENED}, TenderStatus.AWARDED)
    _record(
        actor,
        "tender.awarded",
        tender,
        awards=[
            {
                "lot": award.lot.number if award.lot else None,
                "amount": str(award.amount),
                "sirets": [row.siret for row in award.companies.all()],
            }
            for award in created
        ],
    )
    return created


@transaction.atomic
def tender_declare_unsuccessful(*, actor: User, tender: Tender, reason: str = "") -> Tender:
    """No acceptable bid (or none at all): the consultation ends without a contract."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    _close_if_due(tender)
    _require_status(
        tender,
        {TenderStatus.CLOSED, TenderStatus.OPENED},
        "Une consultation ne peut être déclarée infructueuse qu'après la date limite.",
    )
    # Unsuccessful is a judgement on the bids received: they must have been opened and read,
    # unless none arrived (then there is nothing to open).
    without_bids = tender_can_end_without_opening(tender)
    if tender.status == TenderStatus.CLOSED and not without_bids:
        raise ConflictError(
            "Des plis ont été reçus : ouvrez-les avant de déclarer la consultation "
            "infructueuse (l'infructuosité se constate sur les offres ouvertes).",
            extra={"status": tender.status},
        )
    _transition(tender, {TenderStatus.CLOSED, TenderStatus.OPENED}, TenderStatus.UNSUCCESSFUL)
    _record(actor, "tender.unsuccessful", tender, reason=reason, without_bids=without_bids)
    return tender


@transaction.atomic
def tender_cancel(*, actor: User, tender: Tender, reason: str) -> Tender:
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Le motif de l'annulation est obligatoire.",
            extra={"fields": {"reason": ["Obligatoire."]}},
        )
    active = {TenderStatus.DRAFT, TenderStatus.PUBLISHED, TenderStatus.CLOSED, TenderStatus.OPENED}
    _require_status(tender, active, "Une consultation attribuée ou terminée ne s'annule plus.")
    _transition(tender, active, TenderStatus.CANCELLED, cancel_reason=reason)
    _record(actor, "tender.cancelled", tender, reason=reason)
    if tender.published_at:
        notify_downloaders(
            tender=tender,
            kind=NotificationKind.TENDER_CANCELLED,
            subject=f"Consultation annulée : {tender.reference}",
            message=f"La consultation « {tender.title} » est annulée. Motif : {reason}",
        )
    return tender
