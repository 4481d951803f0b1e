"""The founding article's acts, as demo data: "7 collectivités ont transmis 310 actes en
préfecture depuis octobre".

The article is of 14 February 2008 and its year of operation is 2007 (see
``tenders/demo/founding_year.py``): the 310 acts are transmitted between 1 October and
31 December 2007, so that the network statistics of 2007 show exactly 310 acts from 7 bodies.
All were acknowledged by the prefecture (a day or two after transmission, as the prefectures'
working days went); a few received later exchanges — simple letters and requests for additional
documents the collectivité answered (answers acknowledged), letters of observations.

How, and why: written with ``bulk_create`` (a few thousand rows in well under a second), not
through the services, which check today's clock and classification and would build 310 real
@CTES archives. The acts carry their identifier, reception date and timeline (posted,
transmitted, acknowledged, in the audit log) but no stored archive nor ARActe file: the act file
is one small real PDF shared by all, so each act can be downloaded and stamped. Deterministic
(a fixed seed) and idempotent (nothing is done once acts of 2007 exist).
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

from collectivites.models import AuditEvent, Collectivite

from ..identifiers import act_identifier
from ..models import (
    Act,
    ActFile,
    ActMessage,
    ActNature,
    ActStatus,
    ClassificationEntry,
    MessageDirection,
    MessageKind,
    MessageStatus,
)
from ..services.classification import classification_current

YEAR = 2007
PARIS = ZoneInfo("Europe/Paris")
# The seven bodies that transmitted, and how many acts each (310 in all).
SENDERS = (
    ("Vannes", 92),
    ("Rennes", 71),
    ("Quimper", 48),
    ("Saint-Brieuc", 37),
    ("Lorient", 28),
    ("Saint-Juvat", 20),
    ("Le Quiou", 14),
)
TOTAL = 310
NATURE_WEIGHTS = {
    ActNature.DE: 60,
    ActNature.AR: 10,
    ActNature.AI: 15,
    ActNature.CC: 8,
    ActNature.BF: 4,
    ActNature.AU: 3,
}
SUBJECTS = {
    "1.1": "Marché de travaux de voirie",
    "2.1": "Modification du plan local d'urbanisme",
    "3.1": "Acquisition d'une parcelle",
    "4.1": "Création d'un poste",
    "5.2": "Règlement intérieur du conseil municipal",
    "5.3": "Désignation d'un délégué",
    "6.1": "Arrêté de circulation",
    "7.1": "Décision modificative",
    "7.5": "Subvention à une association",
    "8.3": "Travaux d'entretien de la voirie",
    "9.1": "Tarifs municipaux",
}
EXCHANGES = (  # (act index, kind, answered)
    (3, MessageKind.SIMPLE_LETTER, True),
    (41, MessageKind.ADDITIONAL_DOCUMENTS, True),
    (97, MessageKind.SIMPLE_LETTER, True),
    (150, MessageKind.ADDITIONAL_DOCUMENTS, True),
    (211, MessageKind.OBSERVATIONS, False),
    (287, MessageKind.SIMPLE_LETTER, False),
)


def _moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _pdf() -> str:
    from weasyprint import HTML

    path = f"acts/demo-{YEAR}/deliberation.pdf"
    if not default_storage.exists(path):
        content = HTML(
            string="<h1>Extrait du registre des délibérations</h1><p>Acte de démonstration.</p>"
        ).write_pdf()
        path = default_storage.save(path, ContentFile(content))
    return path


def _historical(*model_classes: type[models.Model]):
    fields = [
        f
        for model in model_classes
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    return fields


def seed(*, progress) -> dict[str, int]:
    if Act.objects.filter(transmitted_at__year=YEAR).exists():
        return {}
    bodies = {c.name: c for c in Collectivite.objects.filter(name__in=[n for n, _ in SENDERS])}
    version = classification_current()
    if len(bodies) < len(SENDERS) or version is None:
        return {}
    known = set(ClassificationEntry.objects.filter(version=version).values_list("code", flat=True))
    subjects = [code for code in SUBJECTS if code in known]
    rng = random.Random(YEAR)  # noqa: S311 (demo data: reproducible, not secret)
    pdf = _pdf()
    size = default_storage.size(pdf)
    fields = _historical(Act, ActMessage, AuditEvent)
    try:
        return _create(rng, bodies, version, subjects, pdf, size)
    finally:
        for f in fields:
            f.auto_now_add = True


def _create(rng, bodies, version, subjects, pdf, size) -> dict[str, int]:
    acts: list[Act] = []
    first, last = date(YEAR, 10, 1), date(YEAR, 12, 31)
    span = (last - first).days
    natures = list(NATURE_WEIGHTS)
    weights = list(NATURE_WEIGHTS.values())
    for name, count in SENDERS:
        body = bodies[name]
        days = sorted(rng.randrange(span - 3) for _ in range(count))
        for sequence, offset in enumerate(days, start=1):
            sent_on = first + timedelta(days=offset)
            decided = sent_on - timedelta(days=rng.randrange(0, 10))
            nature = rng.choices(natures, weights)[0]
            code = rng.choice(subjects)
            number = f"{YEAR}_{sequence:03d}"
            transmitted = _moment(sent_on, rng.randrange(8, 18), rng.randrange(60))
            received = sent_on + timedelta(days=rng.choice((0, 0, 1, 1, 2)))
            acts.append(
                Act(
                    collectivite=body,
                    nature=nature,
                    classification_version=version,
                    classification_code=code,
                    decision_date=decided,
                    number=number,
                    object=f"{SUBJECTS[code]} ({name}, n° {sequence})",
                    document_type={1: "99_DE", 2: "99_AR", 3: "99_AI", 4: "99_DC", 5: "99_BU"}.get(
                        nature, "99_AU"
                    ),
                    status=ActStatus.ACKNOWLEDGED,
                    identifier=act_identifier(
                        departement_code=body.departement_code,
                        siren=body.siren,
                        decision_date=decided,
                        number=number,
                        nature=nature,
                    ),
                    created_at=transmitted - timedelta(minutes=20),
                    transmitted_at=transmitted,
                    received_on=received,
                    acknowledged_at=_moment(received, 17, 0),
                    transmission_attempts=1,
                    publication_date=decided + timedelta(days=rng.randrange(1, 6)),
                )
            )
    assert len(acts) == TOTAL
    Act.objects.bulk_create(acts)
    acts = list(Act.objects.filter(transmitted_at__year=YEAR).order_by("transmitted_at", "id"))
    ActFile.objects.bulk_create(
        ActFile(
            act=act,
            role=ActFile.Role.ACT,
            position=1,
            name=f"{act.number}.pdf",
            extension="pdf",
            content_type="application/pdf",
            size=size,
            sha256="",
            file=pdf,
        )
        for act in acts
    )
    events = []
    for act in acts:
        for action, at in (
            ("act.posted", act.created_at),
            ("act.transmission_requested", act.created_at + timedelta(minutes=1)),
            ("act.transmitted", act.transmitted_at),
            ("act.acknowledged", act.acknowledged_at),
        ):
            events.append(_event(act, action, at, {"identifier": act.identifier}))
    messages = 0
    for index, kind, answered in EXCHANGES:
        act = acts[index]
        at = act.acknowledged_at + timedelta(days=12)
        letter = ActMessage.objects.create(
            act=act,
            kind=kind,
            direction=MessageDirection.FROM_PREFECTURE,
            status=MessageStatus.RECEIVED,
            text="Pouvez-vous préciser les conditions d'affichage de cet acte ?"
            if kind == MessageKind.SIMPLE_LETTER
            else "Merci de transmettre l'avis de la commission compétente.",
            received_on=at.date(),
            created_at=at,
        )
        events.append(_event(act, "act.exchange_received", at, {"message": letter.pk}))
        messages += 1
        if answered:
            sent = at + timedelta(days=5)
            answer = ActMessage.objects.create(
                act=act,
                kind=kind,
                direction=MessageDirection.TO_PREFECTURE,
                in_reply_to=letter,
                status=MessageStatus.ACKNOWLEDGED,
                text="Voici les précisions demandées.",
                created_at=sent,
                transmitted_at=sent,
                acknowledged_at=sent + timedelta(hours=2),
                received_on=sent.date(),
            )
            events.append(_event(act, "act.exchange_answered", sent, {"message": answer.pk}))
            events.append(_event(act, "act.message_acknowledged", sent + timedelta(hours=2), {}))
            messages += 1
    AuditEvent.objects.bulk_create(events)
    return {f"actes transmis en {YEAR}": len(acts), "échanges avec la préfecture": messages}


def _event(act: Act, action: str, at: datetime, details: dict) -> AuditEvent:
    return AuditEvent(
        at=at,
        actor=None,
        actor_label="système",
        collectivite_id=act.collectivite_id,
        action=action,
        object_type="acts.act",
        object_id=str(act.pk),
        object_repr=str(act)[:300],
        details=details,
    )
