"""``close_due_tenders``: close the consultations whose response deadline has passed.

Reads close them lazily anyway; run this from cron (every minute) so the audit log shows the
closing at the deadline, not at the next visit.
"""

from django.core.management.base import BaseCommand

from tenders.services import tender_close_due


class Command(BaseCommand):
    help = "Clôture les consultations dont la date limite de remise des offres est passée."

    def handle(self, *args, **options):
        closed = tender_close_due()
        self.stdout.write(f"{closed} consultation(s) clôturée(s).")
