"""The built-in other end: a simulated prefecture (@CTES) and Treasury (Hélios).

The hand-over always succeeds; a few seconds later (``ACTS_SIMULATED_DELAY_SECONDS``, a task
scheduled on the queue, see ``acts.tasks``) the simulated end opens what it received, checks it
as a real one would, and answers: an ``ARActe`` with its reception date, or an anomaly with the
reason; a ``PES_ACQUIT`` accepting or refusing the accounting file.

What the prefecture checks (``check_act_archive``): one envelope ``EACT--<SIREN>--<date>-<n>``
naming the metadata message; the message's root, attributes (date not after reception, internal
number's pattern, nature code 1–6), subject code, object and classification date; file names
derived from the identifier (``<id>-1-1_0.xml``, ``_1`` the act, ``_2``… the annexes); the
annex count; every named file present and nothing else; the act file being a PDF (or XML for
budgets) by content. What the Treasury checks (``treasury_answer``): a ``PES_Aller`` whose
``EnTetePES/IdColl`` (a SIRET) belongs to the sending collectivité, with a file name
(``NomFic``) and at least one budget, receipts or payments block.
"""

import re
import tarfile
from datetime import date, timedelta

from defusedxml import ElementTree as SafeElementTree
from django.conf import settings
from django.utils import timezone
from lxml import etree

from background.queue import enqueue_on_commit

from ..archive import ENCODING, NS_ACTES, NSMAP, A
from ..identifiers import IDENTIFIER_PATTERN, NUMBER_PATTERN
from ..models import ActNature, ClassificationVersion
from .base import Gateway

ENVELOPE_NAME = re.compile(r"EACT--[0-9]{9}--[0-9]{8}-[0-9]+\.xml")
MAX_XML_BYTES = 5 * 1024 * 1024


class AnomalyError(Exception):
    """The received archive breaks the exchange's rules: the reason goes back as an anomaly."""


def _later(task, *args) -> None:
    """Enqueue ``task`` to run a few seconds from now (at once where the queue cannot defer)."""
    delay = settings.ACTS_SIMULATED_DELAY_SECONDS
    if delay > 0 and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    enqueue_on_commit(task, *args)


class SimulatedGateway(Gateway):
    name = "simulated"

    def send_act(self, *, act, archive_name, archive) -> None:
        from .. import tasks

        _later(tasks.simulated_prefecture_act, act.pk)

    def send_message(self, *, message, archive_name, archive) -> None:
        from .. import tasks

        _later(tasks.simulated_prefecture_message, message.pk)

    def send_accounting_file(self, *, accounting_file) -> None:
        from .. import tasks

        _later(tasks.simulated_treasury, accounting_file.pk)


# --- The prefecture ----------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{NS_ACTES}}}{name}"


def _parse(archive: tarfile.TarFile, member: tarfile.TarInfo, what: str):
    if member.size > MAX_XML_BYTES:
        raise AnomalyError(f"{what} trop volumineux.")
    try:
        return SafeElementTree.parse(archive.extractfile(member)).getroot()
    except Exception:
        raise AnomalyError(f"{what} ({member.name}) n'est pas un XML bien formé.") from None


def check_act_archive(handle, *, received_on: date):
    """Check a received act archive; return (identifier, the ``actes:Acte`` element)."""
    try:
        archive = tarfile.open(fileobj=handle, mode="r:gz")  # noqa: SIM115 (the caller closes the handle)
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
    except (tarfile.TarError, OSError, EOFError):
        raise AnomalyError("L'archive n'est pas un tar.gz lisible.") from None
    envelopes = [name for name in members if ENVELOPE_NAME.fullmatch(name)]
    if len(envelopes) != 1:
        raise AnomalyError("L'archive doit contenir exactement une enveloppe EACT.")
    envelope = _parse(archive, members[envelopes[0]], "L'enveloppe")
    if envelope.tag != _q("EnveloppeCLMISILL"):
        raise AnomalyError("L'enveloppe n'est pas un message EnveloppeCLMISILL.")
    idcl = envelope.find(f"{_q('Emetteur')}/{_q('IDCL')}")
    forms = [node.text or "" for node in envelope.iter(_q("NomFichier"))]
    if idcl is None or len(forms) != 1 or forms[0] not in members:
        raise AnomalyError("L'enveloppe doit désigner l'émetteur et un formulaire présent.")
    siren = idcl.get("{http://xml.insee.fr/schema}SIREN", "")
    departement = idcl.get(_q("Departement"), "")
    acte = _parse(archive, members[forms[0]], "Le formulaire")
    if acte.tag != _q("Acte"):
        raise AnomalyError("Le formulaire n'est pas un message Acte.")
    decision = acte.get(_q("Date"), "")
    number = acte.get(_q("NumeroInterne"), "")
    nature = acte.get(_q("CodeNatureActe"), "")
    try:
        decided_on = date.fromisoformat(decision)
    except ValueError:
        raise AnomalyError("Date de décision illisible.") from None
    if decided_on > received_on:
        raise AnomalyError("La date de décision est postérieure à la réception.")
    if not NUMBER_PATTERN.fullmatch(number):
        raise AnomalyError("Numéro interne invalide.")
    if nature not in {str(value) for value in ActNature.values}:
        raise AnomalyError("Code de nature d'acte inconnu.")
    identifier = f"{departement}-{siren}-{decided_on:%Y%m%d}-{number}-{ActNature(int(nature)).name}"
    if not IDENTIFIER_PATTERN.fullmatch(identifier):
        raise AnomalyError("Émetteur (SIREN, département) invalide.")
    matter = acte.find(_q("CodeMatiere1"))
    if matter is None or not (matter.get(_q("CodeMatiere")) or "").isdigit():
        raise AnomalyError("La classification (CodeMatiere1) manque.")
    if not (acte.findtext(_q("Objet")) or "").strip():
        raise AnomalyError("L'objet de l'acte manque.")
    try:
        version = date.fromisoformat(acte.findtext(_q("ClassificationDateVersion")) or "")
    except ValueError:
        raise AnomalyError("Date de version de la classification illisible.") from None
    if not ClassificationVersion.objects.filter(version_date=version).exists():
        raise AnomalyError("Version de classification inconnue de la préfecture.")
    stem = f"{identifier}-1-1"
    if forms[0] != f"{stem}_0.xml":
        raise AnomalyError("Le nom du formulaire ne correspond pas à l'identifiant de l'acte.")
    document = acte.findtext(f"{_q('Document')}/{_q('NomFichier')}") or ""
    annexes = acte.find(_q("Annexes"))
    annex_names = (
        [node.text or "" for node in annexes.iter(_q("NomFichier"))] if annexes is not None else []
    )
    if annexes is None or annexes.get(_q("Nombre")) != str(len(annex_names)):
        raise AnomalyError("Le nombre d'annexes déclaré ne correspond pas.")
    expected = [document, *annex_names]
    for index, name in enumerate(expected, start=1):
        if not re.fullmatch(rf"{re.escape(stem)}_{index}\.(pdf|xml|png|jpg)", name):
            raise AnomalyError(f"Nom de fichier non conforme : {name}.")
        if name not in members:
            raise AnomalyError(f"Fichier annoncé absent de l'archive : {name}.")
    if set(members) != {envelopes[0], forms[0], *expected}:
        raise AnomalyError("L'archive contient des fichiers non annoncés.")
    head = archive.extractfile(members[document]).read(5)
    if document.endswith(".pdf") and head != b"%PDF-":
        raise AnomalyError("Le fichier de l'acte n'est pas un PDF.")
    return identifier, acte


def ar_acte(*, identifier: str, acte, received_on: date, current_version: date) -> bytes:
    """The acknowledgement: ``actes:ARActe`` with the reception date and the act as received."""
    root = etree.Element(A("ARActe"), nsmap=NSMAP)
    root.set(A("IDActe"), identifier)
    root.set(A("DateReception"), received_on.isoformat())
    received = etree.fromstring(SafeElementTree.tostring(acte))
    received.tag = A("ActeRecu")
    for name in list(received.attrib):
        if name.startswith("{http://www.w3.org/2001/XMLSchema-instance}"):
            del received.attrib[name]
    root.append(received)
    etree.SubElement(root, A("ClassificationDateVersionEnCours")).text = current_version.isoformat()
    return etree.tostring(root, xml_declaration=True, encoding=ENCODING, pretty_print=True)


def check_message_archive(handle) -> None:
    try:
        archive = tarfile.open(fileobj=handle, mode="r:gz")  # noqa: SIM115
        names = [member.name for member in archive.getmembers() if member.isfile()]
    except (tarfile.TarError, OSError, EOFError):
        raise AnomalyError("L'archive n'est pas un tar.gz lisible.") from None
    if sum(1 for name in names if ENVELOPE_NAME.fullmatch(name)) != 1:
        raise AnomalyError("L'archive doit contenir exactement une enveloppe EACT.")


# --- The Treasury ------------------------------------------------------------------------------

PES_ACK_NS = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _value(root, path: str) -> str:
    node = root.find(path)
    return (node.get("V") or "") if node is not None else ""


def treasury_answer(handle, *, siren: str) -> bytes:
    """Read a PES_Aller and answer a ``PES_ACQUIT``: EtatAck 1 (accepted) or 2 with the
    anomaly's number and label."""
    root = SafeElementTree.parse(handle).getroot()
    file_name = _value(root, "Enveloppe/Parametres/NomFic")
    id_coll = _value(root, "EnTetePES/IdColl")
    problem = None
    if not file_name:
        problem = ("1", "Nom de fichier (NomFic) absent de l'enveloppe.")
    elif not id_coll.startswith(siren):
        problem = ("2", f"IdColl {id_coll or '(absent)'} n'appartient pas au SIREN {siren}.")
    elif not any(
        _local(child.tag) in {"PES_BudgetAller", "PES_RecetteAller", "PES_DepenseAller"}
        for child in root
    ):
        problem = ("3", "Aucun bloc budget, recette ou dépense.")
    ack = etree.Element(f"{{{PES_ACK_NS}}}PES_ACQUIT", nsmap={"n": PES_ACK_NS})
    parameters = etree.SubElement(etree.SubElement(ack, "Enveloppe"), "Parametres")
    etree.SubElement(parameters, "Version").set("V", "2")
    etree.SubElement(parameters, "TypFic").set("V", "PESALR2")
    etree.SubElement(parameters, "NomFic").set("V", file_name)
    head = etree.SubElement(ack, "EnTetePES")
    etree.SubElement(head, "DteStr").set("V", timezone.localdate().isoformat())
    etree.SubElement(head, "IdColl").set("V", id_coll)
    element = etree.SubElement(etree.SubElement(ack, "ACQUIT"), "ElementACQUIT")
    etree.SubElement(element, "DomaineAck").set("V", "1")
    etree.SubElement(element, "EtatAck").set("V", "2" if problem else "1")
    if problem:
        error = etree.SubElement(element, "Erreur")
        etree.SubElement(error, "NumAnoAck").set("V", problem[0])
        etree.SubElement(error, "LibelleAnoAck").set("V", problem[1])
    return etree.tostring(ack, xml_declaration=True, encoding=ENCODING, pretty_print=True)
