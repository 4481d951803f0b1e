"""The acts' step of ``seed_demo``: the people of the simulated prefecture and Treasury, and the
founding article's acts (``article.py``). Idempotent: a second run creates nothing."""

from collections import Counter
from collections.abc import Callable, Iterable

from collectivites import services as core
from collectivites.demo.seed import DEMO_PASSWORD
from collectivites.models import Collectivite, User
from collectivites.roles import PlatformRole

from ..services.classification import classification_ensure_national
from . import article

Progress = Callable[..., Iterable]
EMAIL_DOMAIN = "demo.e-partage.example"
# (username, first name, last name, collectivité or None, capabilities, platform role)
PEOPLE = (
    ("prefecture.morbihan", "Hervé", "Le Cam", None, (), PlatformRole.PREFECTURE_AGENT),
    ("comptable.vannes", "Nolwenn", "Salaün", "Vannes", ("accountant",), None),
)


def seed(*, progress: Progress) -> dict[str, int]:
    created: Counter = Counter()
    users = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in PEOPLE])}
    if len(users) < len(PEOPLE):
        classification_ensure_national()
        _seed_people(users, created)
    created.update(article.seed(progress=progress))
    return dict(created)


def _seed_people(users: dict[str, User], created: Counter) -> None:
    bodies = {c.name: c for c in Collectivite.objects.filter(name__in=[p[3] for p in PEOPLE])}
    for username, first, last, body, capabilities, role in PEOPLE:
        if username in users or (body is not None and body not in bodies):
            continue  # made by a previous run, or the network's step did not run
        user = core.user_create(
            username=username,
            email=f"{username}@{EMAIL_DOMAIN}",
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        created["comptes"] += 1
        if body is not None:
            core.membership_create(
                actor=None, collectivite=bodies[body], user=user, capabilities=capabilities
            )
        if role is not None:
            core.platform_role_grant(actor=None, user=user, role=role)
