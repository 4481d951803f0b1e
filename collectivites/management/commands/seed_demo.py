"""``seed_demo``: fill the platform with a demo network, one step per local app.

Each local app (a top-level package of this repository) may ship a ``demo`` module whose
``seed(*, progress)`` creates its demo data through its services, skips what exists, and returns
how many rows of each kind it created. The core's step runs first; the others follow in
``INSTALLED_APPS`` order.
"""

import importlib
import importlib.util
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from collectivites.setup import platform_setup

CORE = "collectivites"


def demo_steps() -> list[tuple[str, Callable[..., dict[str, int]]]]:
    repository = Path(settings.BASE_DIR).resolve()
    local = [c for c in apps.get_app_configs() if Path(c.path).resolve().parent == repository]
    local.sort(key=lambda config: config.name != CORE)  # stable: the rest keep their order
    steps = []
    for config in local:
        if importlib.util.find_spec(f"{config.name}.demo") is None:
            continue
        seed = getattr(importlib.import_module(f"{config.name}.demo"), "seed", None)
        if seed is not None:
            steps.append((config.label, seed))
    return steps


class Command(BaseCommand):
    help = "Crée le réseau de démonstration (collectivités, comptes, entreprises…) ; idempotent."

    def handle(self, *args, **options):
        started = time.monotonic()
        platform_setup()
        # tqdm draws on stderr when it is a terminal, and stays silent in logs and tests.
        progress = partial(tqdm, file=sys.stderr, disable=None if options["verbosity"] else True)
        for label, seed in demo_steps():
            with transaction.atomic():
                created = seed(progress=progress)
            done = ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
            self.stdout.write(f"{label} : {done or 'rien de nouveau'}")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Données de démonstration prêtes en {elapsed:.1f} s.")
        )
