from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """Discussion forums: agents of the network help each other, moderators keep it clean."""

    name = "forums"
    verbose_name = "Forums"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (declares this app's permission rules)
