"""Ten model clauses for a CCTP and a règlement de consultation, written for this project.

References cite the Code de la commande publique (CCP) as in force for 2026–2027; each clause is
markdown, inserted as is into a draft. ``seed_clauses`` creates the missing ones (by reference)
under the given parent and publishes them.
"""

from dataclasses import dataclass

from library.models import ModelClausePage
from library.themes import Theme


@dataclass(frozen=True)
class Clause:
    reference: str
    title: str
    summary: str
    text: str


CLAUSES = [
    Clause(
        "RC-ALLOTISSEMENT",
        "Allotissement",
        "Découpage en lots séparés et limitation du nombre de lots par titulaire.",
        """### Article 2.1 — Allotissement

Conformément aux articles L.2113-10 et R.2113-1 du code de la commande publique, le marché est
décomposé en **lots séparés**, définis au cahier des clauses techniques particulières :

| Lot | Désignation |
|-----|-------------|
| 1 | [désignation du lot 1] |
| 2 | [désignation du lot 2] |

Les candidats peuvent présenter une offre pour un lot, plusieurs lots ou l'ensemble des lots.
Chaque lot fait l'objet d'une offre distincte et d'une attribution séparée.

Un même candidat ne peut se voir attribuer plus de [nombre] lots. Lorsque son offre est classée
première sur un nombre de lots supérieur, les lots lui sont attribués dans l'ordre suivant :
[ordre de priorité des lots].
""",
    ),
    Clause(
        "RC-VARIANTES",
        "Variantes",
        "Variantes autorisées ou interdites, offre de base obligatoire.",
        """### Article 3.2 — Variantes

En application de l'article R.2151-8 du code de la commande publique, les variantes sont
**autorisées** pour le présent marché passé selon une procédure adaptée.

Les candidats qui présentent une variante doivent également présenter une **offre de base**
conforme au dossier de consultation. Chaque variante fait l'objet d'un mémoire distinct qui en
précise les caractéristiques, les avantages attendus et les modifications qu'elle implique au
regard du cahier des clauses techniques particulières.

Les variantes ne peuvent porter ni sur la durée du marché, ni sur les exigences minimales
suivantes : [exigences minimales].
""",
    ),
    Clause(
        "RC-CRITERES",
        "Critères d'attribution",
        "Offre économiquement la plus avantageuse : prix, valeur technique, performance "
        "environnementale.",
        """### Article 5 — Jugement des offres

Le marché est attribué au candidat ayant présenté l'**offre économiquement la plus avantageuse**
(article L.2152-7 du code de la commande publique), appréciée selon les critères pondérés
suivants :

| Critère | Pondération |
|---------|-------------|
| Prix des prestations | 50 % |
| Valeur technique, jugée sur le mémoire technique | 35 % |
| Performance en matière de protection de l'environnement | 15 % |

La note du prix est calculée ainsi : *note = 10 × (prix de l'offre la moins disante / prix de
l'offre examinée)*. Les offres anormalement basses sont traitées conformément aux articles
R.2152-3 à R.2152-5.

Avant attribution, l'acheteur peut demander aux candidats de préciser la teneur de leur offre ;
cette demande ne peut en modifier les éléments fondamentaux.
""",
    ),
    Clause(
        "RC-VALIDITE-OFFRES",
        "Délai de validité des offres",
        "Durée pendant laquelle les candidats restent engagés par leur offre.",
        """### Article 4.3 — Délai de validité des offres

Le délai de validité des offres est fixé à **cent vingt (120) jours** à compter de la date
limite de réception des offres.

Si l'attribution ne peut intervenir dans ce délai, l'acheteur peut demander aux candidats de
proroger la validité de leur offre ; un candidat qui refuse n'est plus engagé et son offre n'est
plus examinée.
""",
    ),
    Clause(
        "RC-REMISE-ELECTRONIQUE",
        "Modalités de remise des offres électroniques",
        "Dépôt sur le profil d'acheteur, copie de sauvegarde, formats, signature.",
        """### Article 6 — Conditions d'envoi et de remise des plis

Les plis sont remis **par voie électronique** sur le profil d'acheteur de la plateforme
e-Partage, avant la date et l'heure limites indiquées en première page du présent règlement.
Une offre reçue après cette heure est éliminée (article R.2151-5 du code de la commande
publique). La transmission par courriel n'est pas admise.

Les documents sont transmis dans des formats largement disponibles (PDF, ODT, DOCX, XLSX). Les
candidats sont invités à ne pas attendre les dernières heures : la durée du téléversement dépend
de leur connexion.

Le candidat peut adresser, dans le même délai, une **copie de sauvegarde** sur support physique
électronique ou sur support papier, dans un pli scellé portant la mention « copie de
sauvegarde » (article R.2132-11). Elle n'est ouverte que dans les cas prévus par l'arrêté du
22 mars 2019 (virus, pli non parvenu ou illisible).

La signature électronique de l'offre n'est pas exigée au dépôt. L'attributaire signe le marché
au moyen d'un certificat de signature qualifié (règlement eIDAS et arrêté du 22 mars 2019
relatif à la signature électronique des contrats de la commande publique).
""",
    ),
    Clause(
        "CCTP-REVISION-PRIX",
        "Clause de révision des prix",
        "Prix révisables mensuellement par un index publié, avec partie fixe.",
        """### Article 7 — Forme et révision des prix

Les prix sont **révisables** (articles R.2112-13 et R.2112-14 du code de la commande publique).
Ils sont réputés établis sur la base des conditions économiques du mois précédant la date
limite de remise des offres, dit « mois zéro » (M0).

Les prix sont révisés à chaque règlement selon la formule :

> P = P0 × (0,15 + 0,85 × I / I0)

où P0 est le prix initial hors taxes, I0 la valeur de l'index [TP01 / index adapté] au mois M0,
et I la valeur du même index au mois d'exécution des prestations. Les coefficients sont arrondis
au millième supérieur.

Lorsque la valeur finale de l'index n'est pas connue au moment du paiement, l'acheteur procède à
un règlement provisoire sur la base de la dernière valeur publiée ; la révision définitive
intervient dès la publication de l'index.
""",
    ),
    Clause(
        "CCTP-PENALITES-RETARD",
        "Pénalités de retard",
        "Pénalité journalière, plafond et exonération en dessous d'un seuil.",
        """### Article 9 — Pénalités de retard

Par dérogation au cahier des clauses administratives générales applicable, lorsque le délai
contractuel d'exécution est dépassé, le titulaire encourt, sans mise en demeure préalable, une
pénalité calculée selon la formule :

> P = V × R / 1 000

où P est le montant de la pénalité, V la valeur hors taxes des prestations en retard et R le
nombre de jours calendaires de retard.

Le montant total des pénalités est plafonné à **10 % du montant hors taxes** du marché. Le
titulaire est exonéré des pénalités dont le montant total n'excède pas 1 000 € HT pour
l'ensemble du marché.

Les pénalités ne sont pas appliquées lorsque le retard résulte d'un fait de l'acheteur ou d'un
événement présentant les caractères de la force majeure, dûment justifié par le titulaire.
""",
    ),
    Clause(
        "CCTP-INSERTION-SOCIALE",
        "Clause sociale d'insertion",
        "Heures réservées à des personnes éloignées de l'emploi, avec un facilitateur.",
        """### Article 11 — Action d'insertion professionnelle

En application de l'article L.2112-2 du code de la commande publique, le titulaire s'engage à
réserver, pour l'exécution du marché, **[nombre] heures de travail** à des personnes rencontrant
des difficultés sociales ou professionnelles particulières (demandeurs d'emploi de longue durée,
bénéficiaires de minima sociaux, jeunes de moins de 26 ans sans qualification, travailleurs
reconnus handicapés…).

Le titulaire peut remplir cet engagement par l'embauche directe, la mise à disposition de
salariés par une structure d'insertion par l'activité économique, ou la sous-traitance à une
telle structure.

Un **facilitateur** de la clause sociale, désigné par l'acheteur, accompagne le titulaire, valide
l'éligibilité des personnes et suit les heures réalisées. Le titulaire lui transmet chaque
trimestre un état des heures effectuées. En cas de manquement non justifié, une pénalité de
[montant] € par heure non réalisée est appliquée.
""",
    ),
    Clause(
        "CCTP-ENVIRONNEMENT",
        "Clause environnementale",
        "Conditions d'exécution : déchets, matériaux, transport ; critère environnemental.",
        """### Article 12 — Exigences environnementales

Le titulaire exécute les prestations en limitant leur impact sur l'environnement (article
L.2112-2 du code de la commande publique). Il s'engage notamment à :

- trier les déchets produits sur le chantier ou lors de la prestation et à les faire valoriser
  dans des filières autorisées, bordereaux de suivi à l'appui ;
- privilégier les matériaux issus du réemploi ou comportant une part de matière recyclée, dans
  les proportions décrites à l'article [référence] ;
- optimiser les déplacements et utiliser des véhicules à faibles émissions lorsque cela est
  possible ;
- n'utiliser que des produits d'entretien disposant d'un écolabel ou équivalent.

Le titulaire remet en fin d'exécution un bilan environnemental succinct. Ces engagements sont
appréciés au titre du critère de performance environnementale, qu'au moins un critère
d'attribution doit comporter depuis août 2026 (article 35 de la loi n° 2021-1104 du 22 août
2021 dite « Climat et résilience »).
""",
    ),
    Clause(
        "CCTP-CONFIDENTIALITE-RGPD",
        "Confidentialité et protection des données personnelles",
        "Obligation de confidentialité et clauses de sous-traitance au sens de l'article 28 du "
        "RGPD.",
        """### Article 13 — Confidentialité et données à caractère personnel

Le titulaire et son personnel sont tenus au **secret professionnel** et à une obligation de
confidentialité sur les informations et documents dont ils ont connaissance à l'occasion du
marché. Cette obligation perdure cinq ans après la fin du marché.

Lorsque l'exécution du marché implique le traitement de données à caractère personnel pour le
compte de l'acheteur, le titulaire agit en qualité de **sous-traitant** au sens de l'article 28
du règlement (UE) 2016/679 (RGPD). À ce titre, il :

1. ne traite les données que sur instruction documentée de l'acheteur et pour les seules
   finalités du marché ;
2. garantit la sécurité et la confidentialité des données, et notifie à l'acheteur toute
   violation de données dans un délai de 48 heures après en avoir pris connaissance ;
3. ne recourt à un autre sous-traitant qu'avec l'autorisation écrite préalable de l'acheteur ;
4. n'effectue aucun transfert de données hors de l'Union européenne ;
5. restitue ou détruit les données au terme du marché, au choix de l'acheteur, et en justifie.
""",
    ),
]


def clause_slug(clause: Clause) -> str:
    """A fixed slug, so that ``seed_demo``'s second run finds the clauses in one query."""
    return f"clause-{clause.reference.lower()}"


def seed_clauses(*, parent) -> int:
    """Create and publish the clauses missing under ``parent``; return how many were created."""
    existing = set(ModelClausePage.objects.values_list("reference", flat=True))
    created = 0
    for clause in CLAUSES:
        if clause.reference in existing:
            continue
        page = parent.add_child(
            instance=ModelClausePage(
                title=clause.title,
                slug=clause_slug(clause),
                reference=clause.reference,
                summary=clause.summary,
                clause_text=clause.text,
                theme=Theme.COMMANDE_PUBLIQUE,
                live=True,
            )
        )
        page.save_revision().publish()
        created += 1
    return created
