"""The 156 member bodies of the demo network, read from ``collectivites.csv``.

Names and INSEE codes are real (codes from INSEE's code officiel géographique). SIRENs are
derived from the row itself, never from its position in the file, so adding or reordering rows
leaves every existing body's SIREN (the seed's idempotence key) unchanged.
"""

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from collectivites.identifiers import luhn_check_digit
from collectivites.models import Collectivite

CSV_PATH = Path(__file__).with_name("collectivites.csv")

# The first two digits INSEE gives public bodies' SIRENs, by legal category.
SIREN_PREFIXES = {
    Collectivite.Kind.COMMUNE: "21",
    Collectivite.Kind.DEPARTEMENT: "22",
    Collectivite.Kind.REGION: "23",
    Collectivite.Kind.EPCI: "24",
    Collectivite.Kind.SYNDICAT: "25",
    Collectivite.Kind.ETABLISSEMENT_PUBLIC: "26",
}


@dataclass(frozen=True)
class Body:
    name: str
    kind: str
    departement_code: str
    insee: str
    adhesion_date: date

    @property
    def siren(self) -> str:
        return siren_for(self)


def stable_number(key: str) -> int:
    """A number that depends only on ``key``: the demo data's stand-in for chance."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def siren_for(body: Body) -> str:
    """The body's SIREN, built the way INSEE builds those of public bodies.

    A commune's is "21", its INSEE code with a "0" after the département ("35238" gives
    "2135 0 238") and the Luhn key: the real SIREN of every commune that has not merged since
    2008. A département or région is "22"/"23", its département code, "0001" and the key, as
    the real ones are. Other bodies get four digits drawn from their name.
    """
    prefix = SIREN_PREFIXES[body.kind]
    if body.kind == Collectivite.Kind.COMMUNE:
        partial = prefix + body.insee[:2] + "0" + body.insee[2:]
    elif body.kind in (Collectivite.Kind.DEPARTEMENT, Collectivite.Kind.REGION):
        partial = prefix + body.departement_code + "0001"
    else:
        partial = prefix + body.departement_code + f"{stable_number(body.name) % 10_000:04d}"
    return partial + luhn_check_digit(partial)


def load_bodies() -> list[Body]:
    with CSV_PATH.open(encoding="utf-8", newline="") as file:
        bodies = [
            Body(
                name=row["name"],
                kind=row["kind"],
                departement_code=row["departement_code"],
                insee=row["insee_or_blank"],
                adhesion_date=date.fromisoformat(row["adhesion_date"]),
            )
            for row in csv.DictReader(file)
        ]
    for key in ("name", "siren"):
        duplicates = [
            value for value, count in Counter(getattr(b, key) for b in bodies).items() if count > 1
        ]
        if duplicates:
            raise ValueError(f"{CSV_PATH.name}: duplicate {key}s {sorted(duplicates)}")
    return bodies
