"""Periodic work: ``settings.TASK_SCHEDULE`` maps a task's dotted path to a crontab line.

``manage.py run_scheduler`` (one process per platform) enqueues each task at its times; the
workers run it like any other task. APScheduler computes the times (docs/decisions/0010 says why
not a django-tasks companion package). Cron lines are read in ``settings.TIME_ZONE``: a digest
"at 7" is at 7 in Brittany, summer and winter.
"""

from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

# A run missed by more than this (the scheduler was down) is skipped, not made up for.
MISFIRE_GRACE_SECONDS = 300


def periodic_tasks() -> list[tuple[Task, CronTrigger]]:
    """Each scheduled task with its trigger; a wrong path or crontab line stops the start."""
    timezone = ZoneInfo(settings.TIME_ZONE)
    entries = []
    for path, crontab in settings.TASK_SCHEDULE.items():
        try:
            task = import_string(path)
            trigger = CronTrigger.from_crontab(crontab, timezone=timezone)
        except (ImportError, ValueError) as error:
            raise ImproperlyConfigured(f"TASK_SCHEDULE[{path!r}] = {crontab!r}: {error}") from error
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"TASK_SCHEDULE: {path!r} is not a task")
        entries.append((task, trigger))
    return entries


def enqueue_periodic(task: Task) -> bool:
    """Enqueue a periodic run unless one is still waiting; True if one was enqueued.

    Workers stopped for a day find one compaction to run, not ninety-six, and a second scheduler
    started by mistake mostly adds nothing.
    """
    close_old_connections()  # APScheduler's threads live long: drop connections gone stale
    try:
        backend = task.get_backend()
        if isinstance(backend, DatabaseBackend):
            waiting = DBTaskResult.objects.filter(
                backend_name=backend.alias,
                task_path=task.module_path,
                status=TaskResultStatus.READY,
            )
            if waiting.exists():
                return False
        task.enqueue()
        return True
    finally:
        close_old_connections()


def build_scheduler() -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=ZoneInfo(settings.TIME_ZONE))
    for task, trigger in periodic_tasks():
        scheduler.add_job(
            enqueue_periodic,
            trigger,
            args=[task],
            id=task.module_path,
            name=task.module_path,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
        )
    return scheduler
