"""``generate_national_data``: the national network's volume of data, for load tests."""

import sys
import time
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from collectivites.setup import platform_setup
from national.generate import FULL, PASSWORD, Generator, already_generated, counts_for


class Command(BaseCommand):
    help = (
        "Génère en masse les données d'un réseau national (issue 14) : "
        + ", ".join(f"{count:_} {name}".replace("_", " ") for name, count in FULL.items())
        + " à l'échelle 1 ; --scale multiplie chaque nombre (0.01 : 1 %). Déterministe (--seed). "
        "Refuse de tourner si les données générées existent déjà. Ni signaux, ni journal "
        "d'audit, ni index de recherche : lancer `manage.py update_index` ensuite. Comptes "
        f"« agent<i>-0 » (acheteur, actes), « agent<i>-1 », « entreprise<i> », mot de passe "
        f"« {PASSWORD} » : jamais en production. Prévu pour PostgreSQL (SQLite : petites échelles)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=5_000)

    def handle(self, *args, scale, seed, batch_size, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale doit être compris entre 0 (exclu) et 10.")
        if already_generated():
            raise CommandError(
                "Des données nationales générées existent déjà dans cette base : "
                "repartir d'une base vide (ou la vider) avant de relancer."
            )
        platform_setup()
        if connection.vendor == "sqlite" and scale > 0.05:
            self.stderr.write("SQLite : à cette échelle, préférer PostgreSQL (DATABASE_URL).")
        # tqdm draws on stderr when it is a terminal, and stays silent in logs and tests.
        progress = partial(tqdm, file=sys.stderr, disable=None if options["verbosity"] else True)
        started = time.monotonic()
        generator = Generator(scale=scale, seed=seed, batch_size=batch_size, progress=progress)
        created = generator.run()
        # Planner statistics for the rows just loaded. Without them (autovacuum off, as on the
        # bench machine, or not yet run) PostgreSQL guesses a few rows per table and, for
        # example, sorts a busy topic's 900 posts instead of walking the keyset index
        # (bench/README.md, "API under load").
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        rows = sum(created.values())
        for name, count in created.items():
            self.stdout.write(f"{name} : {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows} lignes principales en {elapsed:.1f} s ({rows / elapsed:.0f} lignes/s), "
                f"échelle {scale} ({counts_for(scale)['tenders']} consultations). "
                "Lancer `manage.py update_index` pour la recherche."
            )
        )
