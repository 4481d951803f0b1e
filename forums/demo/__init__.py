"""The forums step of ``seed_demo``: the network's mutual-help forum and a private one.

"Marchés publics — entraide" is open to every member; "Groupement voirie" is read and written
by the group's collectivités only. Topics are asked and answered by the demo agents through the
services (answered and unanswered ones, one closed with a conclusion), and a few reports wait in
the moderators' queue. A forum that already exists (by title) is left alone.
"""

from collections import Counter
from collections.abc import Callable, Iterable

from django.test.utils import override_settings

from collectivites.demo import GROUPEMENT_VOIRIE
from collectivites.models import Collectivite, User

from ..models import Audience, ForumPage
from ..services import moderation, posts, reports
from ..services.forums import forum_create

Progress = Callable[..., Iterable]
NETWORK = "Marchés publics — entraide"
VOIRIE = "Groupement voirie"
_USERNAMES = (
    "animatrice", "moderateur", "agent.rennes", "agent.quimper", "acheteur.brest",
    "actes.vannes", "secretaire.mairies", "acheteur.chu-rennes", "referent.rennes",
)  # fmt: skip

MAPA_QUESTION = """Bonjour à tous,

Nous devons renouveler le mobilier de la médiathèque : estimation **38 000 € HT**, un seul lot.
Faut-il une publicité ? Trois devis suffisent-ils ? Je ne retrouve pas la règle exacte.

Merci d'avance !"""

MAPA_ANSWER = """Bonjour @agent.quimper,

Sous le seuil de l'article **R. 2122-8** du code de la commande publique, vous pouvez passer le
marché *sans publicité ni mise en concurrence préalables*. Depuis le 1er avril 2026 (décret
n° 2025-1386 du 29 décembre 2025), ce seuil est de 60 000 € HT pour les fournitures et services
et de 100 000 € HT pour les travaux ; il était de 40 000 € HT auparavant : à 38 000 € HT vous
êtes dispensés dans tous les cas.

Attention à deux points :

1. c'est la **valeur estimée du besoin** qui compte (tout le mobilier de l'année, pas une
   commande) ;
2. l'article vous demande de choisir une offre pertinente, de faire bon usage des deniers
   publics et de ne pas contracter systématiquement avec le même fournisseur.

Trois devis comparés, avec une courte note de choix, c'est la bonne pratique."""

DUME_QUESTION = """Une entreprise nous envoie un DUME à la place des DC1/DC2 pour notre marché
de nettoyage des locaux. Sommes-nous obligés de l'accepter ?"""

DUME_ANSWER = """Oui : l'acheteur accepte que le candidat présente sa candidature sous la forme
d'un DUME (art. **R. 2143-4** du CCP). Vous pouvez ensuite demander les justificatifs au seul
attributaire pressenti."""

LATE_QUESTION = """Une offre est arrivée sur la plateforme à 12 h 03 pour une date limite fixée
à 12 h 00. Le candidat dit que son dépôt a commencé avant midi. Que faire ?"""

LATE_REPLY = """Les offres reçues hors délai sont éliminées (art. **R. 2151-5** du CCP). C'est
l'heure de fin de réception qui compte, pas celle du début du téléversement : gardez
l'horodatage de la plateforme au dossier."""

ENROBES_QUESTION = """Pour le prochain marché d'entretien, qui a des retours sur les enrobés
tièdes ? Quimper les a testés l'an dernier, je crois."""

ENROBES_REPLY = """Oui, sur deux rues : bons résultats, moins de fumées pour les équipes. On met
le rapport de chantier dans l'espace de rédaction du groupement."""

SPAM = """Formation « marchés publics » garantie 100 % de réussite, contactez-moi vite au
06 12 34 56 78 !!!"""


def seed(*, progress: Progress) -> dict[str, int]:
    created: Counter[str] = Counter()
    people = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if len(people) < len(_USERNAMES):
        return {}  # the network step did not run
    # The demo writes a morning's worth of posts at once: no rate limit for the seed.
    with override_settings(FORUMS_POSTS_PER_WINDOW=10_000, FORUMS_REPORTS_PER_WINDOW=10_000):
        for title, fill in progress([(NETWORK, _network), (VOIRIE, _voirie)], desc="Forums"):
            if ForumPage.objects.filter(title=title).exists():
                continue
            fill(people, created)
            created["forums"] += 1
    return dict(created)


def _network(people: dict[str, User], created: Counter) -> None:
    animator, moderator = people["animatrice"], people["moderateur"]
    forum = forum_create(
        actor=animator,
        title=NETWORK,
        description="Questions pratiques de la commande publique, entre agents du réseau.",
        visibility=Audience.NETWORK,
        posting=Audience.NETWORK,
        moderators=[moderator],
    )
    mapa = posts.topic_create(
        actor=people["agent.quimper"], forum=forum,
        title="MAPA de 38 000 € HT : faut-il une publicité ?", body=MAPA_QUESTION,
    )  # fmt: skip
    answer = posts.post_create(actor=people["acheteur.brest"], topic=mapa, body=MAPA_ANSWER)
    posts.post_create(actor=people["agent.quimper"], topic=mapa, body="Merci, c'est très clair !")
    posts.topic_answer_set(actor=people["agent.quimper"], topic=mapa, post=answer)
    dume = posts.topic_create(
        actor=people["secretaire.mairies"], forum=forum,
        title="Un candidat envoie un DUME au lieu des DC1/DC2", body=DUME_QUESTION,
    )  # fmt: skip
    dume_answer = posts.post_create(actor=moderator, topic=dume, body=DUME_ANSWER)
    posts.topic_answer_set(actor=moderator, topic=dume, post=dume_answer)
    late = posts.topic_create(
        actor=people["acheteur.chu-rennes"], forum=forum,
        title="Offre reçue 3 minutes après la date limite", body=LATE_QUESTION,
    )  # fmt: skip
    posts.post_create(actor=people["agent.rennes"], topic=late, body=LATE_REPLY)
    moderation.topic_close(
        actor=moderator, topic=late, reason="Question réglée par le texte.",
        conclusion="Offre éliminée : elle est arrivée hors délai (art. R. 2151-5 du CCP).",
    )  # fmt: skip
    posts.topic_create(
        actor=people["actes.vannes"], forum=forum,
        title="Clauses d'insertion dans un marché de moins de 100 000 € ?",
        body="Avez-vous des exemples de clause d'insertion pour un petit marché de travaux ?",
    )  # fmt: skip
    spam = posts.post_create(actor=people["referent.rennes"], topic=dume, body=SPAM)
    for reporter in ("agent.quimper", "acheteur.brest"):
        reports.report_create(actor=people[reporter], post=spam, reason="spam")
    created["sujets"] += 4
    created["signalements"] += 2


def _voirie(people: dict[str, User], created: Counter) -> None:
    group = list(Collectivite.objects.filter(name__in=GROUPEMENT_VOIRIE))
    forum = forum_create(
        actor=people["animatrice"],
        title=VOIRIE,
        description="Forum privé des collectivités du groupement de commandes voirie.",
        visibility=Audience.RESTRICTED,
        posting=Audience.RESTRICTED,
        readers=group,
        posters=group,
        moderators=[people["agent.rennes"]],
    )
    topic = posts.topic_create(
        actor=people["acheteur.brest"], forum=forum, title="Enrobés tièdes : vos retours ?",
        body=ENROBES_QUESTION,
    )  # fmt: skip
    reply = posts.post_create(actor=people["agent.quimper"], topic=topic, body=ENROBES_REPLY)
    reports.report_create(
        actor=people["actes.vannes"], post=reply, reason="other",
        details="Le rapport cite le nom d'un riverain.",
    )  # fmt: skip
    posts.topic_create(
        actor=people["agent.rennes"], forum=forum, title="Calendrier du prochain marché 2027",
        body="Proposition : DCE prêt fin janvier, publication mi-février. Des objections ?",
    )  # fmt: skip
    created["sujets"] += 2
    created["signalements"] += 1
