from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "platform_search"  # "search" would read as Wagtail's own search app in admin URLs
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"
