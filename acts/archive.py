"""The @CTES archive of an act (or of a later message): metadata XML, envelope, tar.gz.

What the exchange expects, as the transmission operators (S²LOW among them) build it:

* the act's metadata message ``<identifier>-1-1_0.xml``: an ``actes:Acte`` element with the
  decision date, internal number and nature code as attributes, then ``CodeMatiere1..5``, the
  ``Objet``, the ``ClassificationDateVersion``, the ``Document`` file name and the ``Annexes``
  (with their count);
* the act renamed ``<identifier>-1-1_1.<ext>`` and the annexes ``…_2``, ``…_3``…;
* an envelope ``EACT--<SIREN>--<YYYYMMDD>-<n>.xml`` (``actes:EnveloppeCLMISILL``) naming the
  sender and the message files it carries;
* all packed as one tar.gz.

The messages are built with lxml and encoded ISO-8859-1, as the ACTES schema v1.1 asks
(characters outside Latin-1 become character references). The archive is written to a temporary
file, each member copied from storage chunk by chunk: an act of 150 MB is never in memory.
"""

import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import date

from lxml import etree

from .identifiers import departement_on_3

NS_ACTES = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
NS_INSEE = "http://xml.insee.fr/schema"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"actes": NS_ACTES, "insee": NS_INSEE, "xsi": NS_XSI}
SCHEMA_LOCATION = f"{NS_ACTES} actesv1_1.xsd"
ENCODING = "ISO-8859-1"


def A(name: str) -> str:
    return f"{{{NS_ACTES}}}{name}"


@dataclass
class Member:
    """A file of the archive: its name inside, and how to read it (a storage path or bytes)."""

    name: str
    size: int
    storage: object | None = None
    path: str = ""
    content: bytes | None = None

    def open(self):
        if self.content is not None:
            import io

            return io.BytesIO(self.content)
        return self.storage.open(self.path, "rb")


def file_names(identifier: str, *, family: int, number: int, extensions: list[str]) -> list[str]:
    """``<identifier>-<family>-<n>_0.xml`` then one ``…_<k>.<ext>`` per file."""
    stem = f"{identifier}-{family}-{number}"
    return [f"{stem}_0.xml"] + [
        f"{stem}_{index}.{extension}" for index, extension in enumerate(extensions, start=1)
    ]


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding=ENCODING, pretty_print=True)


def act_message(
    *,
    decision_date: date,
    number: str,
    nature: int,
    classification_code: str,
    object_: str,
    classification_date: date,
    document_name: str,
    annex_names: list[str],
) -> bytes:
    root = etree.Element(A("Acte"), nsmap=NSMAP)
    root.set(f"{{{NS_XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set(A("Date"), decision_date.isoformat())
    root.set(A("NumeroInterne"), number)
    root.set(A("CodeNatureActe"), str(nature))
    for level, code in enumerate(classification_code.split(".")[:5], start=1):
        etree.SubElement(root, A(f"CodeMatiere{level}")).set(A("CodeMatiere"), code)
    etree.SubElement(root, A("Objet")).text = object_
    etree.SubElement(root, A("ClassificationDateVersion")).text = classification_date.isoformat()
    document = etree.SubElement(root, A("Document"))
    etree.SubElement(document, A("NomFichier")).text = document_name
    annexes = etree.SubElement(root, A("Annexes"))
    annexes.set(A("Nombre"), str(len(annex_names)))
    for name in annex_names:
        annex = etree.SubElement(annexes, A("Annexe"))
        etree.SubElement(annex, A("NomFichier")).text = name
    return _xml(root)


def simple_message(*, tag: str, identifier: str, text: str, attachments: list[str]) -> bytes:
    """A later message of the collectivité (an answer, a cancellation) about act ``identifier``."""
    root = etree.Element(A(tag), nsmap=NSMAP)
    root.set(A("IDActe"), identifier)
    if text:
        etree.SubElement(root, A("Reponse")).text = text
    if attachments:
        documents = etree.SubElement(root, A("Documents"))
        for name in attachments:
            etree.SubElement(documents, A("NomFichier")).text = name
    return _xml(root)


def envelope(
    *, siren: str, departement_code: str, sender_name: str, sender_email: str, forms: list[str]
) -> bytes:
    root = etree.Element(A("EnveloppeCLMISILL"), nsmap=NSMAP)
    root.set(f"{{{NS_XSI}}}schemaLocation", SCHEMA_LOCATION)
    emitter = etree.SubElement(root, A("Emetteur"))
    idcl = etree.SubElement(emitter, A("IDCL"))
    idcl.set(f"{{{NS_INSEE}}}SIREN", siren)
    idcl.set(A("Departement"), departement_on_3(departement_code))
    referent = etree.SubElement(emitter, A("Referent"))
    etree.SubElement(referent, A("Nom")).text = sender_name
    etree.SubElement(referent, A("Email")).text = sender_email
    sent = etree.SubElement(root, A("FormulairesEnvoyes"))
    for name in forms:
        etree.SubElement(etree.SubElement(sent, A("Formulaire")), A("NomFichier")).text = name
    return _xml(root)


def envelope_name(*, siren: str, day: date, sequence: int) -> str:
    return f"EACT--{siren}--{day:%Y%m%d}-{sequence}.xml"


def write_tar_gz(members: list[Member]):
    """A temporary file holding the tar.gz of ``members``, rewound; the caller closes it."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (returned to the caller)
    now = time.time()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for member in members:
            info = tarfile.TarInfo(member.name)
            info.size, info.mtime, info.mode = member.size, now, 0o644
            with member.open() as handle:
                archive.addfile(info, handle)  # copies in blocks, never the whole file
    out.seek(0)
    return out
