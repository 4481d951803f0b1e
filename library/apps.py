from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """The library (base documentaire): guides, fact sheets, model clauses, FAQ, training.

    Animators write in the Wagtail admin; the SPA and scripts read through the API. Depends on
    the core (``collectivites``) only; spaces may read the library, never the other way round.
    """

    name = "library"
    verbose_name = "Base documentaire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (declares this app's permission rules)
