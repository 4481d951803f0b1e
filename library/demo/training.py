"""The training module "Les bases du droit des marchés publics", for secretaries of small mairies.

Five short lessons, each with a three-question quiz, on the rules as in force for 2026–2027
(thresholds of décrets n° 2025-1383 and 2025-1386). ``seed_training`` creates the module under
the given parent once (by title) and publishes it with its lessons.
"""

import uuid
from dataclasses import dataclass

from library.models import TrainingLessonPage, TrainingModulePage
from library.themes import Theme

MODULE_TITLE = "Les bases du droit des marchés publics"
MODULE_SLUG = "formation-bases-du-droit-des-marches-publics"
MODULE_SUMMARY = (
    "Cinq leçons courtes pour les secrétaires de mairie : ce qu'est un marché public, les seuils "
    "2026–2027, le MAPA, la remise électronique des offres et le choix de l'offre."
)
MODULE_INTRO = """Ce module s'adresse aux secrétaires de mairie et agents des petites communes qui
passent des achats sans service juridique à leurs côtés. Chaque leçon se lit en dix minutes et
se termine par un quiz de trois questions : répondez juste à deux questions sur trois pour
valider la leçon. Votre progression n'est visible que de vous et du référent de votre
collectivité ; les animateurs du réseau ne voient que des totaux par collectivité."""


@dataclass(frozen=True)
class Lesson:
    title: str
    summary: str
    body: str
    quiz: list[tuple[str, list[tuple[str, bool]], str]]  # question, choices, explanation


LESSONS = [
    Lesson(
        "1. Qu'est-ce qu'un marché public ?",
        "La définition, les trois principes et l'estimation du besoin.",
        """Un **marché public** est un contrat conclu à titre onéreux par un acheteur — la commune,
le CCAS, le syndicat — avec un ou plusieurs opérateurs économiques, pour répondre à ses besoins
en **travaux, fournitures ou services** (article L.1111-1 du code de la commande publique). Dès
que la mairie paie une entreprise pour une prestation, elle passe un marché, même sans document
signé : un bon de commande suffit.

Trois principes s'appliquent quel que soit le montant (article L.3) : la **liberté d'accès** à
la commande publique, l'**égalité de traitement** des candidats et la **transparence** des
procédures.

Avant de consulter, la commune **définit son besoin** avec précision (article L.2111-1) et en
estime la valeur totale hors taxes, sur toute la durée du marché, reconductions comprises
(articles R.2121-1 et suivants). Pour les fournitures et services, on additionne les achats
homogènes de l'année ; pour les travaux, tous les travaux d'une même opération. Découper un
achat pour rester sous un seuil (« saucissonnage ») est interdit.""",
        [
            (
                "La commune achète des fournitures de bureau sur simple bon de commande. S'agit-il "
                "d'un marché public ?",
                [
                    ("Oui, c'est un contrat à titre onéreux", True),
                    ("Non, faute de contrat signé", False),
                    ("Seulement au-delà de 40 000 € HT", False),
                ],
                "Le marché existe dès qu'il y a achat à titre onéreux ; le bon de commande en est "
                "la trace.",
            ),
            (
                "Comment estimer un marché de services d'un an reconductible trois fois ?",
                [
                    ("Le montant de la première année", False),
                    ("Le montant total sur quatre ans, hors taxes", True),
                    ("Le montant toutes taxes comprises d'une année", False),
                ],
                "La valeur estimée couvre toute la durée, reconductions comprises, hors taxes.",
            ),
            (
                "Lequel n'est pas un principe de la commande publique ?",
                [
                    ("La transparence des procédures", False),
                    ("L'égalité de traitement", False),
                    ("La préférence pour les entreprises de la commune", True),
                ],
                "Favoriser les entreprises locales méconnaîtrait l'égalité de traitement.",
            ),
        ],
    ),
    Lesson(
        "2. Les seuils 2026–2027",
        "Dispense de procédure, procédure adaptée, procédures formalisées.",
        r"""Les seuils se comparent à la **valeur estimée hors taxes** du besoin.

| Montant estimé HT | Fournitures et services | Travaux |
|---|---|---|
| Dispense de publicité et de mise en concurrence | moins de 60 000 € (\*) | moins de 100 000 € |
| Procédure adaptée (MAPA) | jusqu'à 216 000 € | jusqu'à 5 404 000 € |
| Procédure formalisée (appel d'offres…) | à partir de 216 000 € | à partir de 5 404 000 € |

(\*) 60 000 € HT depuis le 1er avril 2026 (40 000 € HT auparavant).

Les seuils européens de 216 000 € HT (fournitures et services des collectivités territoriales)
et de 5 404 000 € HT (travaux) s'appliquent du 1er janvier 2026 au 31 décembre 2027.

Sous le seuil de dispense (article R.2122-8), la commune peut acheter sans publicité ni mise en
concurrence, mais elle doit **choisir une offre pertinente**, **faire une bonne utilisation des
deniers publics** et **ne pas contracter systématiquement avec le même fournisseur** lorsque
plusieurs offres sont possibles. Demander deux ou trois devis reste une bonne pratique.""",
        [
            (
                "Quel est le seuil des procédures formalisées pour les fournitures et services "
                "d'une commune en 2026–2027 ?",
                [("143 000 € HT", False), ("216 000 € HT", True), ("90 000 € HT", False)],
                "216 000 € HT pour les collectivités territoriales (143 000 € HT concerne l'État).",
            ),
            (
                "En mai 2026, une commune achète du mobilier pour 55 000 € HT. Doit-elle publier "
                "un avis ?",
                [
                    ("Oui, toujours", False),
                    ("Non, elle est sous le seuil de dispense de 60 000 € HT", True),
                    ("Oui, car le seuil est de 40 000 € HT", False),
                ],
                "Depuis le 1er avril 2026, le seuil de dispense est de 60 000 € HT pour les "
                "fournitures et services.",
            ),
            (
                "Jusqu'à quel montant des travaux peuvent-ils être passés selon une procédure "
                "adaptée ?",
                [("5 404 000 € HT", True), ("100 000 € HT", False), ("1 000 000 € HT", False)],
                "Au-delà de 5 404 000 € HT, la procédure formalisée s'impose pour les travaux.",
            ),
        ],
    ),
    Lesson(
        "3. Le MAPA : une procédure adaptée, pas une absence de procédure",
        "Organiser librement, mais annoncer ses règles et s'y tenir.",
        """Entre le seuil de dispense et les seuils européens, la commune passe un **marché à
procédure adaptée** (articles L.2123-1 et R.2123-1 et suivants). Elle en fixe librement les
modalités en fonction de la nature, du montant et des caractéristiques du besoin, mais elle doit
**les annoncer et s'y tenir**.

**Publicité.** En dessous de 90 000 € HT, la publicité est libre et adaptée au montant (site de
la commune, profil d'acheteur, presse locale). De 90 000 € HT jusqu'au seuil européen, un avis
est publié au BOAMP ou dans un journal d'annonces légales, et le dossier de consultation est mis
en ligne sur le profil d'acheteur (article R.2131-12).

**Délai.** Le délai de réponse doit être raisonnable : assez long pour que les entreprises
préparent une offre sérieuse, compte tenu de la complexité du marché.

**Négociation.** La commune peut négocier avec les candidats, à condition de l'avoir prévu dans
les documents de la consultation, et dans le respect de l'égalité de traitement.

**Traçabilité.** Conservez les devis, les échanges, le rapport d'analyse et la décision : ils
justifient le choix en cas de contrôle ou de recours.""",
        [
            (
                "À partir de quel montant un avis au BOAMP ou dans un JAL est-il obligatoire pour "
                "un MAPA de services ?",
                [("40 000 € HT", False), ("90 000 € HT", True), ("216 000 € HT", False)],
                "De 90 000 € HT au seuil européen : BOAMP ou JAL, plus le profil d'acheteur.",
            ),
            (
                "La commune peut-elle négocier dans un MAPA ?",
                [
                    ("Jamais", False),
                    ("Oui, si elle l'a prévu dans les documents de la consultation", True),
                    ("Oui, avec le seul candidat de son choix", False),
                ],
                "La négociation doit être annoncée et conduite à égalité entre les candidats.",
            ),
            (
                "Que faut-il conserver d'un MAPA ?",
                [
                    ("Rien, la procédure est libre", False),
                    ("Seulement la facture", False),
                    ("Les devis, les échanges, l'analyse des offres et la décision", True),
                ],
                "La traçabilité justifie le choix en cas de contrôle ou de recours.",
            ),
        ],
    ),
    Lesson(
        "4. Offres électroniques et signature",
        "Profil d'acheteur, dépôt en ligne, copie de sauvegarde, signature de l'attributaire.",
        """Pour les marchés soumis à publicité, les échanges avec les entreprises se font **par voie
électronique**, sur le **profil d'acheteur** (articles R.2132-2 et R.2132-7) : la commune y met
en ligne gratuitement le dossier de consultation, répond aux questions et reçoit les plis.

**Dépôt.** L'entreprise dépose son pli avant la date et l'heure limites ; la plateforme
l'horodate. Une offre arrivée après l'heure limite est éliminée (article R.2151-5), même d'une
minute. Un courriel n'est pas un dépôt valable quand le règlement prévoit le profil d'acheteur.

**Copie de sauvegarde.** Le candidat peut envoyer en parallèle une copie de sauvegarde, sur
papier ou sur support physique, dans un pli fermé (article R.2132-11). On ne l'ouvre que si le
pli électronique contient un virus, n'est pas parvenu ou ne peut être ouvert.

**Signature.** La signature électronique n'est pas exigée au dépôt de l'offre. C'est le marché
attribué qui est signé, par l'attributaire et par la commune, avec un **certificat de signature
électronique qualifié** (arrêté du 22 mars 2019). Imprimer un document signé électroniquement
lui fait perdre sa valeur : on conserve le fichier et son jeton de signature.""",
        [
            (
                "Une offre électronique arrive deux minutes après l'heure limite. Que fait la "
                "commune ?",
                [
                    ("Elle l'accepte, le retard est minime", False),
                    ("Elle l'élimine", True),
                    ("Elle demande l'accord des autres candidats", False),
                ],
                "Les offres reçues hors délai sont éliminées, sans exception de durée.",
            ),
            (
                "Quand la copie de sauvegarde est-elle ouverte ?",
                [
                    ("Toujours, en même temps que le pli électronique", False),
                    ("Si le pli électronique est infecté, illisible ou n'est pas parvenu", True),
                    ("Jamais", False),
                ],
                "Elle ne sert qu'en cas de défaillance du pli électronique.",
            ),
            (
                "La signature électronique est-elle obligatoire au dépôt de l'offre ?",
                [
                    ("Oui, toujours", False),
                    ("Non, c'est le marché attribué qui est signé", True),
                    ("Oui, au-delà de 90 000 € HT", False),
                ],
                "Seul le contrat attribué est signé, avec un certificat qualifié.",
            ),
        ],
    ),
    Lesson(
        "5. Choisir l'offre et informer les candidats évincés",
        "Critères annoncés, offre économiquement la plus avantageuse, lettre de rejet motivée.",
        """La commune attribue le marché à l'**offre économiquement la plus avantageuse** (article
L.2152-7), appréciée selon des **critères annoncés** dans les documents de la consultation : le
prix, la valeur technique, les délais, la performance environnementale… Depuis août 2026, au
moins un critère doit prendre en compte les caractéristiques environnementales de l'offre. Les
critères sont pondérés (ou, en MAPA, au moins hiérarchisés) et ne changent pas en cours de route.

Une offre dont le prix paraît **anormalement bas** n'est pas écartée d'emblée : la commune
demande des explications au candidat et ne la rejette que si elles ne sont pas convaincantes
(articles R.2152-3 à R.2152-5).

Dès qu'elle a fait son choix, la commune **informe les candidats évincés** du rejet de leur offre
(article R.2181-1), en indiquant les motifs du rejet et le nom de l'attributaire. En procédure
formalisée, elle respecte ensuite un **délai de suspension** d'au moins onze jours avant de
signer (article R.2182-1) ; en MAPA, ce délai n'est pas imposé mais il sécurise le marché contre
un référé contractuel. Un candidat qui le demande obtient, dans les quinze jours, les
caractéristiques et avantages de l'offre retenue (article R.2181-2).""",
        [
            (
                "Sur quoi la commune juge-t-elle les offres ?",
                [
                    ("Sur des critères annoncés dans les documents de la consultation", True),
                    ("Sur des critères choisis après l'ouverture des plis", False),
                    ("Uniquement sur le prix", False),
                ],
                "Les critères sont connus des candidats avant qu'ils remettent leur offre.",
            ),
            (
                "Une offre paraît anormalement basse. Que fait la commune ?",
                [
                    ("Elle la rejette immédiatement", False),
                    ("Elle demande des explications au candidat avant de décider", True),
                    ("Elle la retient, c'est la moins chère", False),
                ],
                "Le rejet n'intervient qu'après avoir demandé et examiné les justifications.",
            ),
            (
                "En procédure formalisée, combien de jours au moins séparent l'information des "
                "évincés de la signature ?",
                [("Onze jours", True), ("Trois jours", False), ("Deux mois", False)],
                "Le délai de suspension est d'au moins onze jours (article R.2182-1).",
            ),
        ],
    ),
]


def _quiz(questions) -> list[dict]:
    return [
        {
            "type": "question",
            "id": str(uuid.uuid4()),
            "value": {
                "question": question,
                "choices": [
                    {"type": "item", "id": str(uuid.uuid4()), "value": {"text": t, "correct": c}}
                    for t, c in choices
                ],
                "explanation": explanation,
            },
        }
        for question, choices, explanation in questions
    ]


def seed_training(*, parent) -> int:
    """Create and publish the module and its five lessons once; return the pages created."""
    if TrainingModulePage.objects.filter(title=MODULE_TITLE).exists():
        return 0
    module = parent.add_child(
        instance=TrainingModulePage(
            title=MODULE_TITLE,
            slug=MODULE_SLUG,
            summary=MODULE_SUMMARY,
            body=[{"type": "markdown", "value": MODULE_INTRO}],
            theme=Theme.COMMANDE_PUBLIQUE,
            live=True,
        )
    )
    module.save_revision().publish()
    for lesson in LESSONS:
        page = module.add_child(
            instance=TrainingLessonPage(
                title=lesson.title,
                summary=lesson.summary,
                body=[{"type": "markdown", "value": lesson.body}],
                quiz=_quiz(lesson.quiz),
                theme=Theme.COMMANDE_PUBLIQUE,
                live=True,
            )
        )
        page.save_revision().publish()
    return 1 + len(LESSONS)
