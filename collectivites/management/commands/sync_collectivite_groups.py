from django.core.management.base import BaseCommand

from collectivites.services import collectivite_groups_resync


class Command(BaseCommand):
    help = "Remet chaque groupe de collectivité en accord avec ses adhésions."

    def handle(self, *args, **options):
        changed = collectivite_groups_resync()
        self.stdout.write(f"{changed} appartenance(s) de groupe corrigée(s).")
