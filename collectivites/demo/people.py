"""Who works in the demo network: named accounts for the README, and two agents per body.

Everything here is a pure function of ``collectivites.csv``: the same file always gives the
same people, names and usernames, so the seed can key people by username.
"""

from dataclasses import dataclass

from collectivites.identifiers import luhn_check_digit
from collectivites.models import Membership
from collectivites.roles import PlatformRole
from collectivites.text import fold

from .bodies import Body, stable_number

REFERENT, AGENT = Membership.Role.REFERENT, Membership.Role.AGENT
EMAIL_DOMAIN = "demo.e-partage.example"  # reserved by RFC 2606: no demo mail reaches anyone

# fmt: off
FIRST_NAMES = (
    "Alain", "Anne", "Annaïg", "Aurélie", "Bernard", "Brigitte", "Catherine", "Céline", "Christian",
    "Christine", "Claire", "Corentin", "Denis", "Dominique", "Élodie", "Émilie", "Erwan",
    "Fabienne", "Françoise", "Frédéric", "Gildas", "Goulven", "Gwenaël", "Gwenaëlle", "Hélène",
    "Hervé", "Isabelle", "Jean", "Jean-Yves", "Julien", "Karine", "Katell", "Laurence", "Loïc",
    "Maël", "Maëlle", "Marie", "Martine", "Mikaël", "Nathalie", "Nicolas", "Nolwenn", "Olivier",
    "Pascal", "Patrick", "Philippe", "Pierre", "Rozenn", "Ronan", "Sandrine", "Sébastien", "Soizic",
    "Sophie", "Stéphane", "Sylvie", "Tanguy", "Thierry", "Valérie", "Yann", "Yannick",
)
LAST_NAMES = (
    "Bellec", "Bernard", "Cadiou", "Caradec", "Corre", "Derrien", "Gourvès", "Guéguen", "Guillou",
    "Guyomarc'h", "Hamon", "Hervé", "Jaouen", "Jégou", "Kerbrat", "Kerhervé", "Le Bihan",
    "Le Borgne", "Le Bras", "Le Bris", "Le Calvez", "Le Cam", "Le Corre", "Le Coz", "Le Dantec",
    "Le Du", "Le Floch", "Le Gac", "Le Gall", "Le Goff", "Le Guen", "Le Hir", "Le Lay", "Le Meur",
    "Le Moal", "Le Page", "Le Roux", "Le Saux", "Lozac'h", "Martin", "Morvan", "Nicolas",
    "Ollivier", "Pichon", "Prigent", "Quéré", "Riou", "Rolland", "Salaün", "Tanguy", "Thomas",
    "Tréguer",
)
# fmt: on


@dataclass(frozen=True)
class Seat:
    """A membership to create; ``collectivite`` is the body's name in the CSV file."""

    collectivite: str
    role: str = AGENT
    capabilities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    seats: tuple[Seat, ...] = ()
    roles: tuple[PlatformRole, ...] = ()
    company_siret: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class DemoCompany:
    name: str
    siret: str
    user: Person


def _siret(siren_stem: str, establishment: str) -> str:
    """A SIRET from an 8-digit SIREN stem and a 4-digit establishment number, keys added."""
    siren = siren_stem + luhn_check_digit(siren_stem)
    return siren + establishment + luhn_check_digit(siren + establishment)


def _company(name: str, siren_stem: str, username: str, first: str, last: str) -> DemoCompany:
    siret = _siret(siren_stem, "0001")
    return DemoCompany(name, siret, Person(username, first, last, company_siret=siret))


COMPANIES = (
    _company("Armor Bâtiment Construction", "44721593", "entreprise.btp", "Jean-Yves", "Le Cam"),
    _company("Breizh Numérique Services", "81936250", "entreprise.informatique", "Katell", "Riou"),
    _company("Propreté de l'Iroise", "52310847", "entreprise.nettoyage", "Christian", "Bellec"),
    _company(
        "Restauration Collective de Cornouaille",
        "49058216",
        "entreprise.restauration",
        "Fabienne",
        "Derrien",
    ),
    _company("Travaux Publics du Blavet", "38265409", "entreprise.voirie", "Mikaël", "Hamon"),
    _company(
        "Conseil & Marchés Publics Ouest", "75184362", "entreprise.conseil", "Claire", "Le Saux"
    ),
)

BUYER, ACT_OFFICER = ("buyer",), ("act_officer",)
BOTH = ("buyer", "act_officer")

# Easy-to-remember accounts, listed in the README.
NAMED_PEOPLE = (
    Person(
        "animatrice",
        "Annaïg",
        "Le Bihan",
        (Seat("Mégalis Bretagne"),),
        roles=(PlatformRole.NETWORK_ANIMATOR,),
    ),
    Person(
        "moderateur",
        "Erwan",
        "Morvan",
        (Seat("Mégalis Bretagne"),),
        roles=(PlatformRole.FORUM_MODERATOR,),
    ),
    Person("referent.megalis", "Katell", "Le Goff", (Seat("Mégalis Bretagne", REFERENT),)),
    Person("referent.rennes", "Sophie", "Guillou", (Seat("Rennes", REFERENT),)),
    Person("agent.rennes", "Yann", "Le Roux", (Seat("Rennes", capabilities=BUYER),)),
    Person("agent.quimper", "Gwenaëlle", "Quéré", (Seat("Quimper"),)),
    # Ville de Brest and Brest Métropole share their purchasing department.
    Person(
        "acheteur.brest",
        "Ronan",
        "Kerbrat",
        (Seat("Brest", capabilities=BUYER), Seat("Brest Métropole", capabilities=BUYER)),
    ),
    Person("actes.vannes", "Maëlle", "Le Floch", (Seat("Vannes", capabilities=ACT_OFFICER),)),
    Person("acheteur.chu-rennes", "Loïc", "Jaouen", (Seat("CHU de Rennes", capabilities=BUYER),)),
    Person(
        "secretaire.mairies",
        "Soizic",
        "Le Corre",
        (Seat("Saint-Juvat", capabilities=BOTH), Seat("Le Quiou", capabilities=BOTH)),
    ),
)

# Neighbouring small communes that share one secretary (besides secretaire.mairies).
SHARED_SECRETARIES = (
    ("Lanneuffret", "Saint-Eloy"),
    ("Sainte-Colombe", "Arbrissel"),
    ("Silfiac", "Guern"),
)


def _slug(text: str) -> str:
    return fold(text.replace("'", "")).replace(" ", "-")


def _name(key: str) -> tuple[str, str]:
    number = stable_number(key)
    return FIRST_NAMES[number % len(FIRST_NAMES)], LAST_NAMES[number // 100 % len(LAST_NAMES)]


class _Usernames:
    """Hands out "first.last", with a number when the name is already taken."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)

    def __call__(self, first: str, last: str) -> str:
        base = f"{_slug(first)}.{_slug(last)}"
        username, number = base, 1
        while username in self.taken:
            number += 1
            username = f"{base}{number}"
        self.taken.add(username)
        return username


def demo_people(bodies: list[Body]) -> list[Person]:
    """Named accounts, company users, a referent and an agent per body, shared secretaries.

    A body's agent is a buyer or an act officer for about one body in six and eight.
    """
    named = [*NAMED_PEOPLE, *(company.user for company in COMPANIES)]
    usernames = _Usernames({person.username for person in named})
    generated = []
    for body in sorted(bodies, key=lambda body: body.siren):
        first, last = _name(f"{body.siren}:referent")
        generated.append(Person(usernames(first, last), first, last, (Seat(body.name, REFERENT),)))
        number = stable_number(f"{body.siren}:agent")
        capabilities = (("buyer",) if number % 6 == 0 else ()) + (
            ("act_officer",) if number % 8 == 1 else ()
        )
        first, last = _name(f"{body.siren}:agent")
        generated.append(
            Person(usernames(first, last), first, last, (Seat(body.name, AGENT, capabilities),))
        )
    for communes in SHARED_SECRETARIES:
        first, last = _name(":".join(communes))
        seats = tuple(Seat(name, AGENT, BOTH) for name in communes)
        generated.append(Person(usernames(first, last), first, last, seats))
    return named + generated
