"""The demo library's text: written for this project, on the law as it stands in 2026.

Figures: formalised-procedure thresholds for 2026–2027 (local authorities: 216 000 € HT for
supplies and services, 5 404 000 € HT for works); no publicity or competition below 60 000 € HT
for supplies and services (from 1 April 2026) and 100 000 € HT for works (from 1 January 2026),
article R. 2122-8 of the Code de la commande publique as amended by décret n° 2025-1386 of
29 December 2025.
"""

from dataclasses import dataclass, field

from ..models import FactSheetPage, FaqEntryPage, GuidePage, LibraryPage
from ..themes import Theme

LEGIFRANCE = "https://www.legifrance.gouv.fr/codes/section_lc/"
CCP = "LEGITEXT000037701019"
CGCT = "LEGITEXT000006070633"


@dataclass(frozen=True)
class DemoFile:
    title: str
    filename: str
    content: str


@dataclass(frozen=True)
class DemoPage:
    model: type[LibraryPage]
    title: str
    slug: str
    theme: str
    summary: str
    body: list
    tags: tuple[str, ...] = ()
    restricted_to: tuple[str, ...] = ()
    children: tuple["DemoPage", ...] = field(default_factory=tuple)


def md(text: str) -> dict:
    return {"type": "markdown", "value": text.strip()}


def rich(html: str) -> dict:
    return {"type": "rich_text", "value": html.strip()}


def callout(kind: str, title: str, html: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def article(code: str, number: str, summary: str) -> dict:
    text = CCP if code == "CCP" else CGCT
    return {
        "type": "legal_reference",
        "value": {
            "code": code,
            "article": number,
            "url": f"{LEGIFRANCE}{text}",
            "summary": summary,
        },
    }


def table(rows: list[list[str]]) -> dict:
    return {
        "type": "table",
        "value": {"data": rows, "first_row_is_header": True, "first_col_is_header": False},
    }


THRESHOLDS_CSV = DemoFile(
    "Seuils de la commande publique 2026-2027 (tableur)",
    "seuils-commande-publique-2026-2027.csv",
    "Marché;Seuil HT;Depuis;Texte\n"
    "Fournitures et services - dispense de publicité et de mise en concurrence;60 000 €;"
    "01/04/2026;R. 2122-8 CCP\n"
    "Travaux - dispense de publicité et de mise en concurrence;100 000 €;01/01/2026;"
    "R. 2122-8 CCP\n"
    "Fournitures et services - collectivités territoriales - procédure formalisée;216 000 €;"
    "01/01/2026;Avis annexé au CCP\n"
    "Travaux - procédure formalisée;5 404 000 €;01/01/2026;Avis annexé au CCP\n",
)
MAPA_CHECKLIST = DemoFile(
    "Liste de contrôle d'un MAPA",
    "liste-controle-mapa.txt",
    "Liste de contrôle d'un marché à procédure adaptée\n\n"
    "[ ] Besoin défini et estimé (toutes les prestations homogènes de l'année)\n"
    "[ ] Procédure et publicité choisies selon le montant\n"
    "[ ] Critères d'attribution pondérés et annoncés\n"
    "[ ] Délai de réponse raisonnable\n"
    "[ ] Rapport de choix de l'offre rédigé\n"
    "[ ] Candidats évincés informés\n"
    "[ ] Données essentielles publiées (à partir de 40 000 € HT)\n",
)
TRANSMISSION_MEMO = DemoFile(
    "Aide-mémoire : actes soumis à transmission",
    "actes-soumis-transmission.txt",
    "Actes à transmettre au représentant de l'État (article L. 2131-2 du CGCT)\n\n"
    "- délibérations du conseil municipal ;\n"
    "- décisions prises par délégation du conseil (article L. 2122-22) ;\n"
    "- arrêtés de police du maire ;\n"
    "- actes individuels relatifs au personnel (nomination, avancement, sanction, licenciement) ;\n"
    "- marchés et accords-cadres d'un montant égal ou supérieur au seuil des procédures "
    "formalisées ;\n"
    "- permis de construire et autres autorisations d'urbanisme.\n",
)
VOIRIE_PLANNING = DemoFile(
    "Groupement voirie : calendrier de la consultation 2027",
    "groupement-voirie-calendrier-2027.txt",
    "Groupement de commandes « Entretien de la voirie » 2027\n\n"
    "Janvier 2027 : recensement des besoins par commune membre\n"
    "Février 2027 : relecture du CCTP commun (espace de rédaction)\n"
    "Mars 2027 : lancement de la consultation par le coordonnateur\n"
    "Mai 2027 : commission d'appel d'offres du coordonnateur\n"
    "Juin 2027 : notification et début des bons de commande\n",
)

MAPA_GUIDE = DemoPage(
    GuidePage,
    "Passer un marché à procédure adaptée (MAPA)",
    "guide-mapa",
    Theme.COMMANDE_PUBLIQUE,
    "De l'estimation du besoin à la notification : les étapes d'un MAPA dans une commune, "
    "avec ce que le code impose et ce qu'il laisse à l'acheteur.",
    [
        rich(
            "<p>En dessous des seuils européens, l'acheteur organise librement sa procédure, "
            "à condition de l'adapter à la nature du besoin, au nombre d'entreprises "
            "susceptibles d'y répondre et aux circonstances de l'achat. Cette liberté n'est "
            "pas une absence de règles : les principes de la commande publique s'appliquent "
            "dès le premier euro.</p>"
        ),
        article(
            "CCP",
            "R.2123-1",
            "Un marché peut être passé selon une procédure adaptée lorsque sa valeur estimée "
            "hors taxes est inférieure aux seuils européens.",
        ),
        md(
            """
## 1. Estimer le besoin

Additionnez toutes les prestations **homogènes** sur la durée du marché (ou sur un an pour
des besoins récurrents), tous services confondus. C'est cette valeur totale qui détermine la
procédure : découper un besoin pour rester sous un seuil est irrégulier.

## 2. Choisir la publicité

| Valeur estimée HT | Publicité |
|---|---|
| < 60 000 € (fournitures, services), < 100 000 € (travaux) | Aucune : trois devis conseillés |
| Au-delà, jusqu'à 90 000 € | Libre et adaptée (profil d'acheteur, presse) |
| De 90 000 € au seuil européen | BOAMP ou journal d'annonces légales |

## 3. Rédiger la consultation

Un règlement de consultation court, un cahier des charges clair et des critères
d'attribution **annoncés et pondérés**. Prévoyez un délai de réponse raisonnable : trois
semaines pour un marché simple, davantage pour des travaux.

## 4. Analyser et choisir

Écartez les offres irrégulières, inacceptables ou inappropriées, négociez si le règlement
l'a prévu, puis classez les offres selon les critères annoncés. Le rapport de choix garde la
trace de votre raisonnement.

## 5. Informer et notifier

Informez les candidats évincés, signez, notifiez, puis publiez les données essentielles du
marché dès 40 000 € HT.
"""
        ),
        callout(
            "warning",
            "Le piège du saucissonnage",
            "<p>Trois bons de commande de 25 000 € passés la même année au même garage pour "
            "l'entretien des véhicules font un besoin de 75 000 € : au-delà de 60 000 €, une "
            "mise en concurrence est due.</p>",
        ),
        MAPA_CHECKLIST,
    ],
    tags=("mapa", "procédure adaptée", "publicité"),
)

THRESHOLDS = DemoPage(
    FactSheetPage,
    "Seuils de la commande publique 2026-2027",
    "seuils-2026-2027",
    Theme.COMMANDE_PUBLIQUE,
    "Les montants qui décident de la procédure depuis le 1er janvier 2026, et le nouveau "
    "seuil de dispense de publicité applicable au 1er avril 2026.",
    [
        table(
            [
                ["Marché", "Seuil HT", "Depuis"],
                [
                    "Dispense de publicité et de mise en concurrence - fournitures et services",
                    "60 000 €",
                    "1er avril 2026",
                ],
                [
                    "Dispense de publicité et de mise en concurrence - travaux",
                    "100 000 €",
                    "1er janvier 2026",
                ],
                [
                    "Procédure formalisée - fournitures et services (collectivités territoriales)",
                    "216 000 €",
                    "1er janvier 2026",
                ],
                ["Procédure formalisée - travaux", "5 404 000 €", "1er janvier 2026"],
            ]
        ),
        article(
            "CCP",
            "R.2122-8",
            "Marchés sans publicité ni mise en concurrence préalables, modifié par le décret "
            "n° 2025-1386 du 29 décembre 2025.",
        ),
        callout(
            "info",
            "Fournitures et services : avant le 1er avril 2026",
            "<p>Une consultation lancée avant le 1er avril 2026 reste soumise à l'ancien seuil "
            "de 40 000 € HT : c'est la date de lancement qui compte, pas celle de la "
            "signature.</p>",
        ),
        md(
            """
Un seuil s'apprécie **hors taxes** et sur la **valeur totale estimée** du besoin : un marché
de fournitures estimé à 59 999 € HT peut se passer de publicité, un marché estimé à
60 000 € HT ne le peut plus. Les seuils européens sont révisés tous les deux ans ; les
prochains s'appliqueront au 1er janvier 2028.
"""
        ),
        THRESHOLDS_CSV,
    ],
    tags=("seuils", "mapa", "procédure formalisée"),
)

ACTS_TRANSMISSION = DemoPage(
    FactSheetPage,
    "Transmettre un acte à la préfecture",
    "transmettre-acte-prefecture",
    Theme.ACTES,
    "Quels actes transmettre au contrôle de légalité, comment les télétransmettre et à partir "
    "de quand ils deviennent exécutoires.",
    [
        article(
            "CGCT",
            "L.2131-1",
            "Les actes des autorités communales sont exécutoires de plein droit dès leur "
            "publication ou notification et, pour ceux qui y sont soumis, leur transmission au "
            "représentant de l'État.",
        ),
        article("CGCT", "L.2131-2", "La liste des actes soumis à l'obligation de transmission."),
        md(
            """
## Ce qu'il faut transmettre

Délibérations, décisions prises par délégation du conseil, arrêtés de police, actes
individuels relatifs au personnel, marchés d'un montant égal ou supérieur aux seuils
européens, autorisations d'urbanisme. Les actes de gestion courante (un arrêté de congé,
par exemple) ne le sont pas.

## Comment télétransmettre

1. Déposez l'acte en PDF dans le module « Actes » d'e-Partage, avec sa nature et sa
   classification (matière et sous-matière de la nomenclature préfectorale).
2. Joignez les annexes utiles au contrôle (plan, rapport, tableau des emplois).
3. Signez l'envoi : e-Partage le transmet au service de la préfecture.
4. Conservez l'**accusé de réception** : sa date fait courir le caractère exécutoire.

## Délais

Le préfet dispose de deux mois à compter de la réception pour déférer un acte qu'il
estime illégal au tribunal administratif ; un recours gracieux de sa part prolonge ce délai.
"""
        ),
        callout(
            "legal",
            "Exécutoire, mais pas définitif",
            "<p>L'accusé de réception rend l'acte exécutoire, il ne le met pas à l'abri d'un "
            "déféré préfectoral ni d'un recours d'un tiers.</p>",
        ),
        TRANSMISSION_MEMO,
    ],
    tags=("contrôle de légalité", "télétransmission", "@ctes"),
)

ELECTRONIC_BIDS = DemoPage(
    FactSheetPage,
    "Réponses électroniques et signature des marchés",
    "reponses-electroniques-signature",
    Theme.NUMERIQUE,
    "Depuis le 1er octobre 2018, les échanges d'une consultation se font par voie "
    "électronique : ce que cela change pour l'acheteur, de la réception des plis à la "
    "signature.",
    [
        article(
            "CCP",
            "R.2132-7",
            "Les communications et échanges d'informations sont effectués par des moyens de "
            "communication électronique.",
        ),
        md(
            """
## Recevoir les plis

Les offres arrivent sur le profil d'acheteur (la salle des marchés d'e-Partage), chiffrées
jusqu'à l'ouverture. Un pli reçu après l'heure limite est écarté, même d'une minute. Une
**copie de sauvegarde** (clé USB ou papier) peut être envoyée en parallèle ; elle n'est
ouverte que si le pli électronique est illisible ou arrivé hors délai à cause d'un virus.

## Signer

La signature électronique de l'offre n'est pas exigée au dépôt : seul l'attributaire signe
le marché. Lorsqu'elle est demandée, il s'agit d'une signature **avancée reposant sur un
certificat qualifié** (règlement eIDAS), au format PAdES, CAdES ou XAdES.

## Vérifier une signature

e-Partage vérifie l'intégrité du document et affiche le titulaire du certificat. Un
certificat expiré ou révoqué au moment de la signature rend la signature invalide.
"""
        ),
        callout(
            "info",
            "Le parapheur électronique",
            "<p>Le maire peut signer le marché depuis le parapheur d'e-Partage : l'acte signé "
            "est ensuite notifié à l'attributaire avec un accusé de réception horodaté.</p>",
        ),
    ],
    tags=("dématérialisation", "signature électronique", "eidas"),
)

FAQ = (
    DemoPage(
        FaqEntryPage,
        "Faut-il trois devis sous 60 000 € HT ?",
        "faq-trois-devis",
        Theme.COMMANDE_PUBLIQUE,
        "Non, aucun texte ne l'impose, mais c'est la meilleure façon de montrer que l'achat "
        "est bien géré.",
        [
            md(
                """
Le code impose seulement de **choisir une offre pertinente**, de faire une bonne
utilisation des deniers publics et de ne pas contracter systématiquement avec le même
fournisseur lorsque plusieurs peuvent répondre. Comparer trois devis, et garder la trace de
la comparaison, est la preuve la plus simple que ces trois conditions sont remplies.
"""
            ),
            article("CCP", "R.2122-8", "Marchés sans publicité ni mise en concurrence préalables."),
        ],
        tags=("mapa", "devis"),
    ),
    DemoPage(
        FaqEntryPage,
        "Une délibération est-elle exécutoire dès son vote ?",
        "faq-deliberation-executoire",
        Theme.ACTES,
        "Non : elle le devient après sa publication (ou notification) et sa transmission à la "
        "préfecture.",
        [
            md(
                """
Une délibération soumise à l'obligation de transmission devient exécutoire quand les deux
conditions sont remplies : **publication** (sur le site internet de la commune depuis le
1er juillet 2022) et **réception par la préfecture**, attestée par l'accusé de réception.
"""
            ),
            article("CGCT", "L.2131-1", "Caractère exécutoire des actes des autorités communales."),
        ],
        tags=("contrôle de légalité", "délibération"),
    ),
    DemoPage(
        FaqEntryPage,
        "Peut-on négocier dans un MAPA ?",
        "faq-negociation-mapa",
        Theme.COMMANDE_PUBLIQUE,
        "Oui, si le règlement de la consultation l'a prévu, avec tous les candidats admis à "
        "négocier et dans le respect de l'égalité de traitement.",
        [
            md(
                """
Annoncez dans le règlement de la consultation que vous vous réservez la possibilité de
négocier, et avec combien de candidats au plus. Négociez sur les mêmes points avec chacun,
donnez-leur le même délai pour remettre leur offre finale, et gardez une trace écrite des
échanges.
"""
            ),
            article("CCP", "R.2123-5", "Négociation dans les procédures adaptées."),
        ],
        tags=("mapa", "négociation"),
    ),
)

VOIRIE_GROUP = DemoPage(
    GuidePage,
    "Groupement voirie : organisation et calendrier 2027",
    "groupement-voirie",
    Theme.COMMANDE_PUBLIQUE,
    "Réservé aux membres du groupement de commandes « Entretien de la voirie » : qui fait "
    "quoi, et le calendrier de la consultation 2027.",
    [
        md(
            """
## Le groupement

Rennes coordonne, Brest Métropole et Quimper sont membres. La convention constitutive
confie au coordonnateur la passation, la signature et la notification du marché ; chaque
membre exécute sa part (bons de commande et paiement).

## Ce que chaque membre prépare

- le recensement de ses besoins par lot (enrobés, signalisation horizontale, curage) ;
- sa relecture du CCTP commun dans l'espace de rédaction partagé ;
- le nom de son représentant à la commission d'appel d'offres du groupement.
"""
        ),
        callout(
            "warning",
            "Confidentiel",
            "<p>Les estimations par membre ne doivent pas sortir du groupement avant le "
            "lancement de la consultation.</p>",
        ),
        VOIRIE_PLANNING,
    ],
    tags=("groupement de commandes", "voirie"),
    restricted_to=("Rennes", "Brest Métropole", "Quimper"),
)

PAGES = (MAPA_GUIDE, THRESHOLDS, ACTS_TRANSMISSION, ELECTRONIC_BIDS, *FAQ, VOIRIE_GROUP)
