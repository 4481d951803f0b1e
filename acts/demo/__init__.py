"""The acts' step of ``seed_demo``: the people of the simulated prefecture and Treasury, and the
founding article's acts (``article.py``). Idempotent: a second run creates nothing."""

from collections import Counter
from collections.abc import Callable, Iterable

from collectivites import services as core
from collectivites.demo.seed import DEMO_PASSWORD
from collectivites.models import Collectivite, Membership, User
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
    classification_ensure_national()
    created: Counter = Counter()
    bodies = {c.name: c for c in Collectivite.objects.filter(name__in=["Vannes"])}
    for username, first, last, body, capabilities, role in PEOPLE:
        if body is not None and body not in bodies:
            continue  # the network's step did not run
        user = User.objects.filter(username=username).first()
        if user is None:
            user = core.user_create(
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
            )
            created["comptes"] += 1
        if (
            body is not None
            and not Membership.objects.filter(user=user, collectivite=bodies[body]).exists()
        ):
            core.membership_create(
                actor=None, collectivite=bodies[body], user=user, capabilities=capabilities
            )
        if role is not None:
            core.platform_role_grant(actor=None, user=user, role=role)
    created.update(article.seed(progress=progress))
    return dict(created)
