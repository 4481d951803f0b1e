"""Import a prefecture's classification matières (an @CTES ``RetourClassification`` file)."""

from django.core.management.base import BaseCommand, CommandError

from acts.services import classification_import
from collectivites.errors import ApplicationError
from collectivites.models import User


class Command(BaseCommand):
    help = "Importe une classification matières (RetourClassification @CTES)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", required=True, help="Compte qui importe (animateur ou agent de préfecture)."
        )

    def handle(self, *args, file, user, **options):
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"Compte inconnu : {user}")
        try:
            with open(file, "rb") as handle:
                version = classification_import(actor=actor, handle=handle, source=file)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"{version} importée ({version.entries.count()})."))
