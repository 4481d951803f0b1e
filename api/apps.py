from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API: thin views over the domain apps' services and selectors."""

    name = "api"
    default_auto_field = "django.db.models.BigAutoField"
