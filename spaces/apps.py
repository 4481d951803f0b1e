from django.apps import AppConfig


class SpacesConfig(AppConfig):
    """Drafting spaces: collectivités co-write documents (tender specifications) in real time."""

    name = "spaces"
    verbose_name = "Espaces de rédaction"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (declares this app's permission rules)
