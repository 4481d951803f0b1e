"""Deterministic French documents in the vocabulary of local public procurement and administration.

Each document is a notice title and a body of 4 to 9 sentences built from templates; words come
with their accents, plurals and elisions ("l'énergie", "marchés publics"), so stemming and accent
folding have real work to do.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

# fmt: off
SUBJECTS = [
    "marché public", "marchés publics", "travaux de voirie", "rénovation énergétique",
    "éclairage public", "assainissement collectif", "eau potable", "restauration collective",
    "transport scolaire", "collecte des déchets", "maîtrise d'œuvre", "groupement de commandes",
    "entretien des espaces verts", "réseau de chaleur", "performance énergétique",
    "accessibilité des bâtiments", "vidéoprotection", "fourniture de mobilier",
    "nettoyage des locaux", "aménagement du centre-bourg", "réfection des trottoirs",
    "construction d'une école", "extension de la médiathèque", "pistes cyclables",
    "l'énergie solaire", "la sobriété énergétique", "l'état des lieux", "l'état civil",
    "la dématérialisation", "l'urbanisme", "le plan local d'urbanisme", "la signalisation",
]
ACTORS = [
    "la commune", "la communauté de communes", "le syndicat intercommunal", "le département",
    "la région", "les collectivités", "le conseil municipal", "l'intercommunalité",
    "le centre communal d'action sociale", "la métropole", "l'établissement public",
]
VERBS = [
    "lance", "attribue", "prépare", "publie", "résilie", "modifie", "reconduit", "analyse",
    "négocie", "délibère sur", "finance", "programme", "évalue",
]
OBJECTS = [
    "un appel d'offres ouvert", "une procédure adaptée", "un accord-cadre à bons de commande",
    "le cahier des clauses techniques particulières", "le règlement de la consultation",
    "une délibération", "le budget primitif", "une subvention d'investissement",
    "un avenant", "le rapport d'analyse des offres", "les pièces du dossier de consultation",
    "une convention de mandat", "le bilan énergétique", "un diagnostic",
    "le calendrier des travaux",
]
DETAILS = [
    "pour une durée de quatre ans", "avant la fin de l'exercice", "après avis de la commission",
    "avec une clause d'insertion sociale", "en lots séparés", "selon les critères pondérés",
    "sous réserve des crédits disponibles", "dans le respect du code de la commande publique",
    "pour les écoles élémentaires", "sur l'ensemble du territoire", "au titre de l'année 2026",
    "en lien avec les services de l'État", "afin de réduire les consommations d'énergie",
]
PLACES = [
    "Rennes", "Brest", "Quimper", "Lorient", "Vannes", "Saint-Brieuc", "Saint-Malo", "Lannion",
    "Morlaix", "Concarneau", "Fougères", "Vitré", "Dinan", "Pontivy", "Redon", "Ploërmel",
    "Guingamp", "Carhaix", "Loudéac", "Châteaubriant", "Landerneau", "Douarnenez", "Quimperlé",
]
TITLE_TEMPLATES = [
    "{Subject} — {place}",
    "{Subject} : {object} ({place})",
    "{Object} relatif à {subject}",
    "{Subject} et {subject2} à {place}",
]
SENTENCE_TEMPLATES = [
    "{Actor} {verb} {object} concernant {subject} {detail}.",
    "Pour {subject}, {actor} {verb} {object}.",
    "{Object} porte sur {subject} et {subject2} {detail}.",
    "À {place}, {actor} {verb} {object} {detail}.",
    "Les offres relatives à {subject} sont examinées {detail}.",
]
# fmt: on


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, rng: random.Random) -> str:
    subject, subject2 = rng.sample(SUBJECTS, 2)
    obj, actor = rng.choice(OBJECTS), rng.choice(ACTORS)
    words = {
        "subject": subject,
        "Subject": _cap(subject),
        "subject2": subject2,
        "object": obj,
        "Object": _cap(obj),
        "actor": actor,
        "Actor": _cap(actor),
        "verb": rng.choice(VERBS),
        "detail": rng.choice(DETAILS),
        "place": rng.choice(PLACES),
    }
    return template.format(**words)


def documents(count: int, collectivites: int, seed: int = 13) -> Iterator[dict]:
    """``count`` documents spread over ``collectivites`` owners; one in five is public."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible text, not secrets
    for _ in range(count):
        body = " ".join(
            _fill(rng.choice(SENTENCE_TEMPLATES), rng) for _ in range(rng.randint(4, 9))
        )
        yield {
            "title": _fill(rng.choice(TITLE_TEMPLATES), rng)[:255],
            "body": body,
            "public": rng.random() < 0.2,
            "collectivite_id": rng.randrange(collectivites),
        }


# fmt: off
SEARCHES = [
    "marché public", "marches publics", "travaux voirie", "energie", "rénovation énergétique",
    "éclairage public", "assainissement", "délibération conseil municipal", "etat des lieux",
    "subvention", "restauration collective", "eau potable", "transport scolaire", "déchets",
    "école", "appel d'offres", "collectivités", "maîtrise d'œuvre", "groupement de commandes",
    "accord-cadre", "budget primitif", "Ploërmel", "trottoirs Vannes", "avenant", "sobriété",
    "clause d'insertion sociale", "ÉTAT", "médiathèque extension", "pistes cyclables Rennes",
    "NOT marché",
]
AUTOCOMPLETES = ["éner", "ener", "voi", "marc", "assai", "subv", "resta", "école", "ecol", "Plo"]
# fmt: on
