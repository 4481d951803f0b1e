from django.core.management.base import BaseCommand

from collectivites.setup import platform_setup


class Command(BaseCommand):
    help = "Crée les groupes des rôles de la plate-forme et leurs droits (idempotent)."

    def handle(self, *args, **options):
        platform_setup()
        self.stdout.write(self.style.SUCCESS("Rôles de la plate-forme en place."))
