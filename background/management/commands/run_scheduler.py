"""``run_scheduler``: enqueue the periodic tasks of ``settings.TASK_SCHEDULE`` at their times.

Run exactly one per platform (``make run`` and platform/compose.yaml do), beside any number of
``db_worker`` processes: the scheduler only enqueues, the workers run.
"""

from django.core.management.base import BaseCommand

from background.schedule import build_scheduler


class Command(BaseCommand):
    help = (
        "Met en file les tâches périodiques (TASK_SCHEDULE) à leur heure ; un seul par plate-forme."
    )

    def handle(self, *args, **options):
        scheduler = build_scheduler()
        for job in scheduler.get_jobs():
            self.stdout.write(f"{job.name} : {job.trigger}")
        try:
            scheduler.start()
        except KeyboardInterrupt:
            if scheduler.running:
                scheduler.shutdown(wait=False)
