"""The contract data a buyer records with an award: the DECP v2.0.3 lists, values as published.

The values are the format's own French labels (``schema_decp_v2.0.3.json``), so the open-data
export publishes what was stored without a translation table, and a test compares each list to
the schema. Lists that may say "none" carry that value in ``exclusive``: it cannot be combined
with another choice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceForm(models.TextChoices):
    UNIT = "Unitaire", _("Unitaire")
    FLAT = "Forfaitaire", _("Forfaitaire")
    MIXED = "Mixte", _("Mixte")


class PriceType(models.TextChoices):
    FIRM = "Définitif ferme", _("Définitif ferme")
    ADJUSTABLE = "Définitif actualisable", _("Définitif actualisable")
    REVISABLE = "Définitif révisable", _("Définitif révisable")
    PROVISIONAL = "Provisoire", _("Provisoire")


class Ccag(models.TextChoices):
    WORKS = "Travaux", _("Travaux")
    PROJECT_MANAGEMENT = "Maitrise d'œuvre", _("Maitrise d'œuvre")
    SUPPLIES_SERVICES = (
        "Fournitures courantes et services",
        _("Fournitures courantes et services"),
    )
    INDUSTRIAL = "Marchés industriels", _("Marchés industriels")
    INTELLECTUAL = "Prestations intellectuelles", _("Prestations intellectuelles")
    ICT = (
        "Techniques de l'information et de la communication",
        _("Techniques de l'information et de la communication"),
    )
    NONE = "Pas de CCAG", _("Pas de CCAG")


class Technique(models.TextChoices):
    FRAMEWORK = "Accord-cadre", _("Accord-cadre")
    CONTEST = "Concours", _("Concours")
    QUALIFICATION = "Système de qualification", _("Système de qualification")
    DYNAMIC = "Système d'acquisition dynamique", _("Système d'acquisition dynamique")
    CATALOGUE = "Catalogue électronique", _("Catalogue électronique")
    AUCTION = "Enchère électronique", _("Enchère électronique")
    NONE = "Sans objet", _("Sans objet")


class ExecutionTerm(models.TextChoices):
    TRANCHES = "Tranches", _("Tranches")
    ORDERS = "Bons de commande", _("Bons de commande")
    SUBSEQUENT = "Marchés subséquents", _("Marchés subséquents")
    NONE = "Sans objet", _("Sans objet")


class SocialConsideration(models.TextChoices):
    CLAUSE = "Clause sociale", _("Clause sociale")
    CRITERION = "Critère social", _("Critère social")
    RESERVED = "Marché réservé", _("Marché réservé")
    NONE = "Pas de considération sociale", _("Pas de considération sociale")


class EnvironmentalConsideration(models.TextChoices):
    CLAUSE = "Clause environnementale", _("Clause environnementale")
    CRITERION = "Critère environnemental", _("Critère environnemental")
    NONE = "Pas de considération environnementale", _("Pas de considération environnementale")


class GroupingType(models.TextChoices):
    JOINT = "Conjoint", _("Conjoint")
    SEVERAL = "Solidaire", _("Solidaire")
    NONE = "Pas de groupement", _("Pas de groupement")


# The list fields of ``Award``: their choices and the "none" value that stands alone.
LIST_FIELDS: dict[str, tuple[type[models.TextChoices], str | None]] = {
    "price_types": (PriceType, None),
    "techniques": (Technique, Technique.NONE),
    "execution_terms": (ExecutionTerm, ExecutionTerm.NONE),
    "social_considerations": (SocialConsideration, SocialConsideration.NONE),
    "environmental_considerations": (EnvironmentalConsideration, EnvironmentalConsideration.NONE),
}
# Every contract field but the advance rate (which only an advance has): all set, or none.
CONTRACT_FIELDS = (
    "duration_months",
    "price_form",
    "price_types",
    "ccag",
    "techniques",
    "execution_terms",
    "innovative",
    "subcontracting_declared",
    "advance_granted",
    "social_considerations",
    "environmental_considerations",
    "grouping_type",
)
MAX_DURATION_MONTHS = 1200
