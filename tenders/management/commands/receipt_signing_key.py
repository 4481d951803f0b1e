"""``receipt_signing_key``: make the platform's receipt-signing key and certificate if absent
(run at setup; the platform also makes them on first use), and print the certificate's path."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tenders import receipt_signing


class Command(BaseCommand):
    help = "Crée la clé et le certificat qui signent les accusés de réception, s'ils manquent."

    def handle(self, *args, **options):
        made = receipt_signing.ensure_signing_key()
        info = receipt_signing.public_key_info()
        state = "créés" if made else "déjà présents"
        self.stdout.write(
            f"Clé et certificat {state} : {settings.RECEIPT_SIGNING_CERT} "
            f"(empreinte {info['key_fingerprint']})."
        )
