"""Minimum deadlines of the formalised procedures (pouvoirs adjudicateurs), as the Code de la
commande publique states them, and when they end.

* Appel d'offres ouvert (R.2161-2, R.2161-3): 35 days from sending the contract notice; 30 when
  candidatures and offers are or may be sent electronically (always, on this platform: 2°);
  15 with a prior information notice sent 35 days to 12 months before the notice (1°), or in a
  duly justified urgency (3°).
* Appel d'offres restreint: candidatures 30 days from the notice, 15 in urgency (R.2161-6);
  offers 30 days from the invitation to tender (R.2161-7), 25 electronically, 10 with a prior
  information notice or in urgency (R.2161-8).
* Procédure avec négociation: candidatures 30 / 15 in urgency (R.2161-12); initial offers 30
  days from the invitation (R.2161-14), 25 electronically, 10 with a prior information notice
  or in urgency (R.2161-15).
* Dialogue compétitif: candidatures 30 days from the notice (R.2161-24), no reduction; the
  offers' date follows the dialogue (no minimum in the code).
* MAPA: the buyer sets a "reasonable" deadline, given the complexity of the purchase and the
  time the companies need (R.2143-1, R.2151-1; modalities free, R.2123-4): no legal minimum,
  so the platform only warns under a floor of its settings (``TENDER_MAPA_MIN_DAYS``).

Counting (Regulation 1182/71, which the 2014/24 directive's recital 106 applies to its time
limits): a period of N days "from" an event starts at the beginning of the day after it and
ends with the last hour of its N-th day; when that day is a Saturday, Sunday or public holiday
the period ends with the last hour of the next working day. The earliest lawful deadline is
therefore midnight (Paris) at the start of the day after the period's end: sent on Wednesday
7 January 2026, 30 days end on Friday 6 February, the deadline is Saturday 7 February 00:00 at
the earliest.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
CANDIDATURES = "candidatures"
OFFERS = "offres"

OPEN = "appel_offres_ouvert"
RESTRICTED = "appel_offres_restreint"
NEGOTIATED = "negociation"
DIALOGUE = "dialogue_competitif"
MAPA = "mapa"
TWO_PHASE = frozenset({RESTRICTED, NEGOTIATED, DIALOGUE})

ELECTRONIC = "transmission électronique"
PRIOR_NOTICE = "avis de préinformation"
URGENCY = "urgence dûment justifiée"


@dataclass(frozen=True)
class Minimum:
    """The minimum that applies: days, the article, why (the reduction used, if any), and the
    earliest lawful deadline for a notice (or invitation) sent at ``sent_at``."""

    phase: str
    days: int
    article: str
    reason: str
    earliest: datetime

    def text(self) -> str:
        when = f"{self.earliest:%d/%m/%Y à %H:%M}"
        return (
            f"Délai minimal de réception des {self.phase} : {self.days} jours ({self.reason}, "
            f"article {self.article} du code de la commande publique), soit au plus tôt le "
            f"{when} (heure de Paris)."
        )


def is_two_phase(procedure: str) -> bool:
    return procedure in TWO_PHASE


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> set[date]:
    """The French public holidays (jours fériés, Code du travail L.3133-1), metropolitan."""
    easter = _easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [easter + timedelta(days=n) for n in (1, 39, 50)]  # Monday, Ascension, Pentecost
    return {date(year, m, d) for m, d in fixed} | set(moving)


def _working(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def earliest_deadline(sent_at: datetime, days: int) -> datetime:
    """Midnight (Paris) after the end of a period of ``days`` days from ``sent_at``."""
    last = sent_at.astimezone(PARIS).date() + timedelta(days=days)
    while not _working(last):
        last += timedelta(days=1)
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=PARIS)


def prior_notice_valid(prior_notice_on: date | None, sent_at: datetime) -> bool:
    """Sent for publication 35 days at least and 12 months at most before the notice."""
    if prior_notice_on is None:
        return False
    sent = sent_at.astimezone(PARIS).date()
    try:
        year_before = sent.replace(year=sent.year - 1)
    except ValueError:  # 29 February
        year_before = sent.replace(year=sent.year - 1, day=28)
    return year_before <= prior_notice_on <= sent - timedelta(days=35)


def _rules(procedure: str, phase: str) -> tuple[int, str, dict[str, tuple[int, str]]] | None:
    """(base days, article, {reduction: (days, article)}) or None without a legal minimum."""
    if procedure == OPEN:
        return (
            35,
            "R.2161-2",
            {
                ELECTRONIC: (30, "R.2161-3 2°"),
                PRIOR_NOTICE: (15, "R.2161-3 1°"),
                URGENCY: (15, "R.2161-3 3°"),
            },
        )
    if procedure in {RESTRICTED, NEGOTIATED} and phase == CANDIDATURES:
        article = "R.2161-6" if procedure == RESTRICTED else "R.2161-12"
        return 30, article, {URGENCY: (15, article)}
    if procedure in {RESTRICTED, NEGOTIATED} and phase == OFFERS:
        base, reduce = (
            ("R.2161-7", "R.2161-8")
            if procedure == RESTRICTED
            else (
                "R.2161-14",
                "R.2161-15",
            )
        )
        return (
            30,
            base,
            {
                ELECTRONIC: (25, f"{reduce} 2°"),
                PRIOR_NOTICE: (10, f"{reduce} 1°"),
                URGENCY: (10, f"{reduce} 3°"),
            },
        )
    if procedure == DIALOGUE and phase == CANDIDATURES:
        return 30, "R.2161-24", {}
    return None


def minimum(
    *,
    procedure: str,
    phase: str,
    sent_at: datetime,
    urgency: bool = False,
    prior_notice_on: date | None = None,
    electronic: bool = True,
) -> Minimum | None:
    """The shortest lawful period for this procedure and phase, with every reduction the facts
    allow (the most favourable one applies); None when the code sets no minimum."""
    rules = _rules(procedure, phase)
    if rules is None:
        return None
    days, article, reductions = rules
    reason = "délai de droit commun"
    applicable = {
        ELECTRONIC: electronic,
        PRIOR_NOTICE: prior_notice_valid(prior_notice_on, sent_at),
        URGENCY: urgency,
    }
    for name, (reduced, where) in reductions.items():
        if applicable[name] and reduced < days:
            days, article, reason = reduced, where, f"réduit : {name}"
    return Minimum(phase, days, article, reason, earliest_deadline(sent_at, days))


def shortfall(*, deadline: datetime, **facts) -> Minimum | None:
    """The minimum ``deadline`` does not meet, or None when it is lawful."""
    rule = minimum(**facts)
    if rule is not None and deadline < rule.earliest:
        return rule
    return None
