from django.apps import AppConfig


class BenchSearchConfig(AppConfig):
    name = "bench.search"
    label = "bench_search"
    default_auto_field = "django.db.models.BigAutoField"
