"""The publicity a consultation's value requires, by the code (launch date decides the rows):

* below the ``PUBLICITY`` ceiling (R.2122-8): none is required (works up to 100 000 € HT, above
  the 90 000 € HT of R.2131-12, included); the buyer profile is enough;
* below 90 000 € HT (R.2131-12 1°): a procédure adaptée announces as the buyer sees fit, here on
  the buyer profile (this platform);
* from 90 000 € HT to the European thresholds (R.2131-12 2°): the buyer profile and the BOAMP
  (or a journal of legal announcements; the platform's connector sends to the BOAMP);
* from the European thresholds (formalised procedures, R.2131-16): the buyer profile, the BOAMP
  and the Official Journal of the European Union (TED).
"""

from dataclasses import dataclass
from decimal import Decimal

from . import thresholds
from .models import NoticeChannel, Tender


@dataclass(frozen=True)
class Publicity:
    level: str  # "none_required" | "buyer_profile" | "national" | "european"
    rule: str
    channels: tuple[str, ...]
    label: str


def publicity_for(tender: Tender, *, on=None) -> Publicity:
    from .services.lifecycle import launch_date

    on = on or launch_date(tender)
    value: Decimal = tender.estimated_value
    ceiling = thresholds.threshold(nature=tender.nature, kind=thresholds.Kind.PUBLICITY, on=on)
    journal = thresholds.threshold(nature=tender.nature, kind=thresholds.Kind.LEGAL_JOURNAL, on=on)
    european = thresholds.threshold(nature=tender.nature, kind=thresholds.Kind.FORMALISED, on=on)
    profile = (NoticeChannel.BUYER_PROFILE.value,)
    if ceiling is not None and value < ceiling:
        # First: works below 100 000 € HT need none, though above the 90 000 € HT of R.2131-12.
        return Publicity("none_required", "R.2122-8", profile, "Aucune publicité obligatoire")
    if european is not None and value >= european:
        return Publicity(
            "european",
            "R.2131-16",
            (*profile, NoticeChannel.BOAMP.value, NoticeChannel.JOUE.value),
            "Profil d'acheteur, BOAMP et Journal officiel de l'Union européenne",
        )
    if journal is not None and value >= journal:
        return Publicity(
            "national",
            "R.2131-12 2°",
            (*profile, NoticeChannel.BOAMP.value),
            "Profil d'acheteur et BOAMP (ou journal d'annonces légales)",
        )
    return Publicity("buyer_profile", "R.2131-12 1°", profile, "Profil d'acheteur")
