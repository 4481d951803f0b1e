from django.apps import AppConfig


class NationalConfig(AppConfig):
    """National-scale data for load tests (``manage.py generate_national_data``); no models."""

    name = "national"
    verbose_name = "Données à l'échelle nationale"
