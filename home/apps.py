from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The root of the Wagtail page tree; the library, spaces and forums hang under it."""

    name = "home"
    default_auto_field = "django.db.models.BigAutoField"
