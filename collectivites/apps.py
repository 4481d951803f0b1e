from django.apps import AppConfig


class CollectivitesConfig(AppConfig):
    """The core: member bodies, people, roles, permissions and the audit log.

    Every other domain app may import from here; this app imports from none of them.
    """

    name = "collectivites"
    verbose_name = "Collectivités"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (declares this app's permission rules)
