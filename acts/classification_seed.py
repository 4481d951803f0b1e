"""The national classification matières the platform starts with (version of 1 April 2004,
the first @CTES classification): the nine top levels and a few second levels. A prefecture's
newer version is imported with ``manage.py import_classification`` (or the service)."""

from datetime import date

VERSION_DATE = date(2004, 4, 1)

ENTRIES = (
    ("1", "Commande publique"),
    ("1.1", "Marchés publics"),
    ("1.2", "Délégation de service public"),
    ("1.4", "Autres types de contrats"),
    ("2", "Urbanisme"),
    ("2.1", "Documents d'urbanisme"),
    ("2.2", "Actes relatifs au droit d'occupation ou d'utilisation des sols"),
    ("2.3", "Droit de préemption urbain"),
    ("3", "Domaine et patrimoine"),
    ("3.1", "Acquisitions"),
    ("3.2", "Aliénations"),
    ("3.3", "Locations"),
    ("4", "Fonction publique"),
    ("4.1", "Personnel titulaire et stagiaire de la FPT"),
    ("4.2", "Personnel contractuel"),
    ("5", "Institutions et vie politique"),
    ("5.1", "Élection exécutif"),
    ("5.2", "Fonctionnement des assemblées"),
    ("5.3", "Désignation de représentants"),
    ("5.7", "Intercommunalité"),
    ("6", "Libertés publiques et pouvoirs de police"),
    ("6.1", "Police municipale"),
    ("7", "Finances locales"),
    ("7.1", "Décisions budgétaires"),
    ("7.2", "Fiscalité"),
    ("7.3", "Emprunts"),
    ("7.5", "Subventions"),
    ("8", "Domaines de compétences par thèmes"),
    ("8.1", "Enseignement"),
    ("8.3", "Voirie"),
    ("8.8", "Environnement"),
    ("9", "Autres domaines de compétences"),
    ("9.1", "Autres domaines de compétences des communes"),
    ("9.4", "Vœux et motions"),
)
