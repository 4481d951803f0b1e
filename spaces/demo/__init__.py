"""The drafting spaces step of ``seed_demo``: Breton communes co-writing tender documents.

Two spaces, created through the services as the demo animator, with drafts written by the demo
agents, named versions, a server-side revision, comments and one approval, so that the editor,
the version history, the diff and the approvals all have something to show. A space that
already exists (by title) is left alone, so a second run changes nothing.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from collectivites.models import Collectivite, User
from spaces import services
from spaces.coedit import store
from spaces.models import Draft, SpacePage

Progress = Callable[..., Iterable]
TEXTS = Path(__file__).parent


def _text(name: str) -> str:
    return (TEXTS / f"{name}.md").read_text(encoding="utf-8")


@dataclass(frozen=True)
class DemoSpace:
    title: str
    description: str
    members: tuple[tuple[str, str], ...]  # (collectivité name, role)


VOIRIE = DemoSpace(
    "Groupement voirie Rennes – Brest Métropole – Quimper",
    "CCTP et règlement de consultation communs pour l'entretien de la voirie ; Vannes relit.",
    (("Rennes", "editor"), ("Brest Métropole", "editor"), ("Quimper", "editor"),
     ("Vannes", "reader")),
)  # fmt: skip
RESTAURATION = DemoSpace(
    "Restauration scolaire Brest – Quimper",
    "Marché mutualisé de repas en liaison froide pour les écoles publiques.",
    (("Brest", "editor"), ("Quimper", "editor"), ("Rennes", "reader")),
)


def seed(*, progress: Progress) -> dict[str, int]:
    created: Counter[str] = Counter()
    people = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if len(people) < len(_USERNAMES):
        return {}  # the network step did not run: nothing to hang spaces on
    for demo, fill in progress([(VOIRIE, _fill_voirie), (RESTAURATION, _fill_restauration)],
                               desc="Espaces de rédaction"):  # fmt: skip
        if SpacePage.objects.filter(title=demo.title).exists():
            continue
        space = _space(demo, people["animatrice"])
        created["espaces"] += 1
        fill(space, people, created)
        for draft in Draft.objects.filter(space=space):
            store.compact(draft.pk)
    return dict(created)


_USERNAMES = ("animatrice", "agent.rennes", "agent.quimper", "acheteur.brest", "actes.vannes")


def _space(demo: DemoSpace, animator: User) -> SpacePage:
    names = [name for name, _role in demo.members]
    by_name = {c.name: c for c in Collectivite.objects.filter(name__in=names)}
    return services.space_create(
        actor=animator,
        title=demo.title,
        description=demo.description,
        members=[(by_name[name], role) for name, role in demo.members],
    )


def _fill_voirie(space: SpacePage, people: dict[str, User], created: Counter) -> None:
    rennes, quimper = people["agent.rennes"], people["agent.quimper"]
    brest, vannes = people["acheteur.brest"], people["actes.vannes"]

    cctp = services.draft_create(
        actor=rennes,
        space=space,
        title="CCTP — Entretien de la voirie communale",
        markdown=_text("cctp-voirie-v1"),
    )
    services.draft_version_save(actor=rennes, draft=cctp, label="Première rédaction (Rennes)")
    store.replace_text(draft_id=cctp.pk, user_id=quimper.pk, markdown=_text("cctp-voirie-v2"))
    services.draft_version_save(actor=quimper, draft=cctp, label="Après la réunion du groupement")
    services.draft_update(actor=rennes, draft=cctp, status=Draft.Status.REVIEW)
    created["brouillons"] += 1
    created["versions"] += 2

    thread = services.draft_comment_create(
        actor=vannes,
        draft=cctp,
        quote="Le taux d'agrégats d'enrobés recyclés est d'au moins 30 %",
        body="Vannes a retenu 25 % l'an dernier faute de centrale proche : 30 % est-il tenable "
        "pour le lot 1 ?",
    )
    services.draft_comment_create(
        actor=brest,
        draft=cctp,
        parent_id=thread.pk,
        body="Les deux centrales du Finistère le garantissent ; on garde 30 % et on le justifie "
        "par les bons de livraison (note de bas de page ajoutée).",
    )
    resolved = services.draft_comment_create(
        actor=quimper,
        draft=cctp,
        quote="Intervention urgente (mise en sécurité) : 24 heures",
        body="Préciser que l'astreinte est comprise dans le prix.",
    )
    services.draft_comment_resolve(actor=rennes, comment=resolved)
    created["commentaires"] += 3

    rc = services.draft_create(
        actor=rennes,
        space=space,
        title="Règlement de la consultation — Travaux de voirie 2027",
        markdown=_text("rc-voirie"),
    )
    services.draft_version_save(actor=rennes, draft=rc, label="Version soumise au groupement")
    services.draft_approve(actor=rennes, draft=rc)
    created["brouillons"] += 1
    created["versions"] += 1
    created["approbations"] += 1


def _fill_restauration(space: SpacePage, people: dict[str, User], created: Counter) -> None:
    brest, quimper = people["acheteur.brest"], people["agent.quimper"]
    cctp = services.draft_create(
        actor=quimper,
        space=space,
        title="CCTP — Repas en liaison froide pour les écoles",
        markdown=_text("cctp-restauration"),
    )
    services.draft_version_save(actor=quimper, draft=cctp, label="Trame issue du marché 2023")
    services.draft_comment_create(
        actor=brest,
        draft=cctp,
        quote="Un menu végétarien est servi au moins une fois par semaine.",
        body="Brest propose deux menus végétariens par semaine dès la rentrée : à discuter.",
    )
    created["brouillons"] += 1
    created["versions"] += 1
    created["commentaires"] += 1
