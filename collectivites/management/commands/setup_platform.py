import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from collectivites.setup import platform_setup


def app_setups():
    """Each local app's ``<app>.setup.app_setup`` (the library's tree and workflow, say)."""
    repository = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != repository or config.name == "collectivites":
            continue
        if importlib.util.find_spec(f"{config.name}.setup") is None:
            continue
        hook = getattr(importlib.import_module(f"{config.name}.setup"), "app_setup", None)
        if hook is not None:
            yield config.label, hook


class Command(BaseCommand):
    help = "Crée les groupes des rôles de la plate-forme et leurs droits (idempotent)."

    def handle(self, *args, **options):
        platform_setup()
        for _label, hook in app_setups():
            hook()
        self.stdout.write(self.style.SUCCESS("Rôles de la plate-forme en place."))
