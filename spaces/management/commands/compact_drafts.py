"""``compact_drafts``: fold every draft's pending updates into its snapshot.

Run it from cron (or after a co-editing burst): the update log stays short, so loading a draft
stays fast, and the stored markdown used by search and exports catches up with the live text.
"""

from django.core.management.base import BaseCommand

from spaces.coedit import store
from spaces.selectors import drafts_with_pending_updates


class Command(BaseCommand):
    help = "Compacte le journal de modifications de chaque brouillon qui en a en attente."

    def handle(self, *args, **options):
        ids = list(drafts_with_pending_updates().values_list("pk", flat=True))
        for draft_id in ids:
            store.compact(draft_id)
        self.stdout.write(f"{len(ids)} brouillon(s) compacté(s).")
