from django.apps import AppConfig


class TendersConfig(AppConfig):
    """The tender room (salle des marchés): consultations, DCE, Q&A, bids, awards.

    Depends on the core (``collectivites``) only; the API layer calls its services and selectors.
    """

    name = "tenders"
    verbose_name = "Marchés publics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, rules  # noqa: F401  (the permission rules, the deploy check)
