"""The classification matières: the version in force, and importing a prefecture's newer one.

A prefecture publishes its classification as an @CTES ``RetourClassification`` message: a date
(``DateClassification``) and nested ``Matiere1``…``Matiere5`` elements with a code and a label.
Importing it adds a version; acts classified before keep the version they were filed under.
"""

from datetime import date

from defusedxml import ElementTree as SafeElementTree
from django.db import transaction

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError
from collectivites.permissions import AnyUser, require_create

from ..archive import NS_ACTES
from ..models import ClassificationEntry, ClassificationVersion


def classification_current() -> ClassificationVersion | None:
    return ClassificationVersion.objects.order_by("-version_date").first()


def _q(name: str) -> str:
    return f"{{{NS_ACTES}}}{name}"


def parse_classification(handle) -> tuple[date, list[tuple[str, str, int]]]:
    """(version date, [(code path, label, level)]) from a RetourClassification document."""
    try:
        root = SafeElementTree.parse(handle).getroot()
    except Exception:
        raise ApplicationError(
            "Le fichier de classification n'est pas un XML bien formé.",
            extra={"fields": {"file": ["XML invalide."]}},
        ) from None
    if root.tag != _q("RetourClassification"):
        raise ApplicationError(
            "Ce n'est pas un message RetourClassification.",
            extra={"fields": {"file": ["Racine inattendue."]}},
        )
    try:
        version = date.fromisoformat((root.findtext(_q("DateClassification")) or "").strip())
    except ValueError:
        raise ApplicationError(
            "DateClassification illisible.", extra={"fields": {"file": ["Date illisible."]}}
        ) from None
    entries: list[tuple[str, str, int]] = []

    def walk(node, prefix: str, level: int) -> None:
        for child in node.findall(_q(f"Matiere{level}")):
            code = (child.get(_q("CodeMatiere")) or "").strip()
            if not code.isdigit():
                raise ApplicationError(
                    "Code matière non numérique.", extra={"fields": {"file": [code]}}
                )
            path = f"{prefix}.{code}" if prefix else code
            entries.append((path, (child.get(_q("Libelle")) or "").strip()[:300], level))
            if level < 5:
                walk(child, path, level + 1)

    matters = root.find(_q("Matieres"))
    if matters is not None:
        walk(matters, "", 1)
    if not entries:
        raise ApplicationError(
            "La classification ne contient aucune matière.", extra={"fields": {"file": ["Vide."]}}
        )
    return version, entries


@transaction.atomic
def classification_import(*, actor: AnyUser, handle, source: str = "") -> ClassificationVersion:
    require_create(actor, ClassificationVersion)
    version_date, entries = parse_classification(handle)
    if ClassificationVersion.objects.filter(version_date=version_date).exists():
        raise ConflictError(f"La classification du {version_date:%d/%m/%Y} est déjà importée.")
    version = ClassificationVersion.objects.create(version_date=version_date, source=source)
    ClassificationEntry.objects.bulk_create(
        ClassificationEntry(version=version, code=code, label=label, level=level)
        for code, label, level in entries
    )
    audit_record(
        actor=actor,
        action="classification.imported",
        obj=version,
        details={"entries": len(entries), "source": source},
    )
    return version


def classification_ensure_national() -> ClassificationVersion:
    """The national version the platform starts with (a migration seeds it; a flushed test
    database or a fresh demo calls this), idempotent."""
    from ..classification_seed import ENTRIES, VERSION_DATE

    version, created = ClassificationVersion.objects.get_or_create(
        version_date=VERSION_DATE, defaults={"source": "Classification nationale"}
    )
    if created:
        ClassificationEntry.objects.bulk_create(
            ClassificationEntry(version=version, code=code, label=label, level=code.count(".") + 1)
            for code, label in ENTRIES
        )
    return version
