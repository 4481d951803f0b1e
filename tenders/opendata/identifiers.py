"""Identifiers of organisations in the open data.

* OCDS: parties are identified under org-id.guide's ``FR-RCS`` list (its ``FR-INSEE`` list is
  deprecated in favour of it). Its identifier is the SIREN, which names the legal person — a
  collectivité or a company — whereas a SIRET names one establishment of it. A company's SIRET,
  as awarded, is kept as an additional identifier.
* DECP: the buyer is identified by a SIRET. Collectivités only record their SIREN, so the SIRET
  is derived: the SIREN, NIC "0001" (the first establishment) and the Luhn key that makes the 14
  digits valid. It is a well-formed SIRET of the right legal person; a body whose head office is
  registered under another NIC would need its real SIRET recorded on ``Collectivite``.
"""

from collectivites.identifiers import luhn_check_digit

ORG_ID_SCHEME = "FR-RCS"
SIRET_SCHEME = "FR-SIRET"  # not an org-id.guide list: only used in additionalIdentifiers


def party_id(siren: str) -> str:
    return f"{ORG_ID_SCHEME}-{siren}"


def derived_siret(siren: str) -> str:
    """The SIRET of the SIREN's first establishment (NIC 0001 + key)."""
    partial = f"{siren}0001"
    return partial + luhn_check_digit(partial)
