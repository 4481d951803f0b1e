"""The network step of ``seed_demo``: member bodies, people, memberships and companies.

Everything goes through the core's services, so groups, object permissions and the audit log
are exactly what real use would have produced. What already exists (keyed by SIREN, SIRET,
username, and user + collectivité for memberships) is skipped, so a second run changes nothing.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.test.utils import override_settings

from collectivites import selectors, services
from collectivites.models import Collectivite, Company, Membership, User

from .bodies import Body, load_bodies
from .people import COMPANIES, Person, demo_people

DEMO_PASSWORD = "partage-bretagne-2008"  # noqa: S105  (published in the README on purpose)
SUPERUSER = Person("admin", "Admin", "e-Partage")

# tqdm's signature: progress(iterable, desc=..., total=...) yields the iterable's items.
Progress = Callable[..., Iterable]


class DemoPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with few rounds, for demo accounts only.

    Hashing one password at full strength takes most of a second, several minutes for the
    whole network; this one is published in the README anyway. The hashes stay ordinary
    ``pbkdf2_sha256`` ones, which Django re-hashes at full strength on the first login.
    """

    iterations = 1_000


@contextmanager
def _quick_password_hashing() -> Iterator[None]:
    if get_hasher().algorithm != DemoPasswordHasher.algorithm:
        yield  # another default hasher (tests often use a fast one): keep it
        return
    hasher = f"{DemoPasswordHasher.__module__}.{DemoPasswordHasher.__qualname__}"
    with override_settings(PASSWORD_HASHERS=[hasher, *settings.PASSWORD_HASHERS]):
        yield


def seed(*, progress: Progress) -> dict[str, int]:
    """Create what is missing of the demo network; return how many rows of each kind."""
    created: Counter[str] = Counter()
    bodies = load_bodies()
    with _quick_password_hashing():
        collectivites = _seed_collectivites(bodies, progress, created)
        companies = _seed_companies(created)
        _seed_superuser(created)
        _seed_people(demo_people(bodies), collectivites, companies, progress, created)
    return dict(created)


def _seed_collectivites(
    bodies: list[Body], progress: Progress, created: Counter
) -> dict[str, Collectivite]:
    """Create the missing bodies; return every body's collectivité by name."""
    existing = {
        c.siren: c for c in Collectivite.objects.filter(siren__in=[b.siren for b in bodies])
    }
    for body in progress(bodies, desc="Collectivités"):
        if body.siren not in existing:
            existing[body.siren] = services.collectivite_create(
                actor=None,
                name=body.name,
                kind=body.kind,
                siren=body.siren,
                departement_code=body.departement_code,
                adhesion_date=body.adhesion_date,
            )
            created["collectivités"] += 1
    return {body.name: existing[body.siren] for body in bodies}


def _seed_companies(created: Counter) -> dict[str, Company]:
    existing = {c.siret: c for c in Company.objects.filter(siret__in=[c.siret for c in COMPANIES])}
    for company in COMPANIES:
        if company.siret not in existing:
            existing[company.siret] = services.company_create(
                actor=None, name=company.name, siret=company.siret
            )
            created["entreprises"] += 1
    return existing


def _seed_superuser(created: Counter) -> None:
    if not User.objects.filter(username=SUPERUSER.username).exists():
        services.user_create(
            is_superuser=True,
            username=SUPERUSER.username,
            email=SUPERUSER.email,
            password=DEMO_PASSWORD,
            first_name=SUPERUSER.first_name,
            last_name=SUPERUSER.last_name,
        )
        created["comptes"] += 1


def _seed_people(
    people: list[Person],
    collectivites: dict[str, Collectivite],
    companies: dict[str, Company],
    progress: Progress,
    created: Counter,
) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}
    seated = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user__username", "collectivite_id"
        )
    )
    for person in progress(people, desc="Comptes"):
        user = users.get(person.username)
        if user is None:
            user = services.user_create(
                username=person.username,
                email=person.email,
                password=DEMO_PASSWORD,
                first_name=person.first_name,
                last_name=person.last_name,
                company=companies.get(person.company_siret),
            )
            created["comptes"] += 1
        for seat in person.seats:
            collectivite = collectivites[seat.collectivite]
            if (person.username, collectivite.pk) not in seated:
                services.membership_create(
                    actor=None,
                    collectivite=collectivite,
                    user=user,
                    role=seat.role,
                    capabilities=seat.capabilities,
                )
                created["adhésions"] += 1
        held = selectors.user_platform_roles(user=user) if person.roles else []
        for role in person.roles:
            if role not in held:
                services.platform_role_grant(actor=None, user=user, role=role)
                created["rôles de plate-forme"] += 1
