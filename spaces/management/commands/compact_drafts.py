"""``compact_drafts``: fold every draft's pending updates into its snapshot, now.

The scheduler already enqueues the same work periodically (``spaces.tasks``); this runs it at
once, in this process, e.g. before a backup or after a bulk import.
"""

from django.core.management.base import BaseCommand

from spaces.tasks import compact_pending_drafts


class Command(BaseCommand):
    help = "Compacte le journal de modifications de chaque brouillon qui en a en attente."

    def handle(self, *args, **options):
        count = compact_pending_drafts.call()
        self.stdout.write(f"{count} brouillon(s) compacté(s).")
