"""Accounting files to the Treasury (Hélios): PES V2 ``PES_Aller`` uploads and their hand-over.

Checked before anything is stored: a sensible file name (letters, digits, ``._-``, ending in
``.xml``), the size, well-formed XML (parsed by defusedxml: no entity tricks) whose root is
``PES_Aller`` and which carries a budget (``PES_BudgetAller``), receipts (``PES_RecetteAller``)
or payments (``PES_DepenseAller``) block. The kind is read from those blocks.
"""

import re

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from background.queue import enqueue_on_commit
from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, PermissionDeniedError, TooLargeError
from collectivites.models import Collectivite, User
from collectivites.permissions import user_can

from ..files import clean_name, sha256_of, xml_root
from ..gateway import GatewayError, get_gateway
from ..models import AccountingFile, AccountingFileStatus, PesKind
from ._common import ACCOUNTANTS_ONLY, HAND_OVER_ATTEMPTS, now, queue_retries

FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}\.xml")
BLOCKS = {
    "PES_BudgetAller": PesKind.BUDGET,
    "PES_RecetteAller": PesKind.RECEIPTS,
    "PES_DepenseAller": PesKind.PAYMENTS,
}


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, extra={"fields": {"file": [message]}})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def pes_kind(upload: UploadedFile) -> str:
    try:
        root = xml_root(upload)
    except ValueError:
        raise _refuse("Le fichier n'est pas un XML bien formé.") from None
    if _local(root.tag) != "PES_Aller":
        raise _refuse(f"Un flux PES V2 aller a pour racine PES_Aller (reçu : {_local(root.tag)}).")
    kinds = {BLOCKS[_local(child.tag)] for child in root if _local(child.tag) in BLOCKS}
    if not kinds:
        raise _refuse("Le flux ne contient ni budget, ni recettes, ni dépenses.")
    if len(kinds) == 1:
        return kinds.pop()
    return PesKind.BUDGET if PesKind.BUDGET in kinds else PesKind.MIXED


def accounting_file_submit(
    *, actor: User, collectivite: Collectivite, file: UploadedFile | None
) -> AccountingFile:
    if not user_can(actor, "submit_accounting_files", collectivite):
        raise PermissionDeniedError(ACCOUNTANTS_ONLY)
    if file is None:
        raise _refuse("Joignez le fichier PES.")
    if file.size > settings.HELIOS_MAX_BYTES:
        raise TooLargeError(
            f"Le fichier dépasse {settings.HELIOS_MAX_BYTES // (1024 * 1024)} Mo.",
            extra={"limit": settings.HELIOS_MAX_BYTES, "size": file.size},
        )
    name = clean_name(file.name)
    if not FILE_NAME.fullmatch(name):
        raise _refuse(
            "Nom de fichier inattendu : lettres, chiffres, « . », « _ » ou « - », terminé par "
            ".xml (100 caractères au plus)."
        )
    if file.size == 0:
        raise _refuse("Le fichier est vide.")
    kind = pes_kind(file)
    row = AccountingFile(
        collectivite=collectivite,
        kind=kind,
        name=name,
        size=file.size,
        sha256=sha256_of(file),
        submitted_by=actor,
    )
    row.file.save(name, file, save=False)
    try:
        with transaction.atomic():
            row.save()
            audit_record(
                actor=actor,
                action="accounting_file.submitted",
                obj=row,
                collectivite=collectivite,
                details={"kind": kind, "sha256": row.sha256},
            )
            from .. import tasks

            enqueue_on_commit(tasks.transmit_accounting_file, row.pk)
    except BaseException:
        row.file.storage.delete(row.file.name)
        raise
    return row


def accounting_file_hand_over(file_id: int) -> None:
    failure: GatewayError | None = None
    with transaction.atomic():
        row = (
            AccountingFile.objects.select_for_update(of=("self",))
            .select_related("collectivite")
            .filter(pk=file_id)
            .first()
        )
        if row is None or row.status != AccountingFileStatus.WAITING:
            return
        try:
            get_gateway().send_accounting_file(accounting_file=row)
        except GatewayError as error:
            row.transmission_attempts += 1
            final = row.transmission_attempts >= HAND_OVER_ATTEMPTS or not queue_retries()
            if final:
                row.status, row.error_reason = AccountingFileStatus.ERROR, str(error)
            row.save(update_fields=["transmission_attempts", "status", "error_reason"])
            audit_record(
                actor=None,
                action="accounting_file.hand_over_failed",
                obj=row,
                collectivite=row.collectivite,
                details={"attempt": row.transmission_attempts, "reason": str(error)},
            )
            if not final:
                failure = error
        else:
            row.status, row.transmitted_at = AccountingFileStatus.TRANSMITTED, now()
            row.save(update_fields=["status", "transmitted_at"])
            audit_record(
                actor=None,
                action="accounting_file.transmitted",
                obj=row,
                collectivite=row.collectivite,
            )
    if failure is not None:
        raise failure
