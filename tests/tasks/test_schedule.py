"""Periodic tasks: settings.TASK_SCHEDULE read at start, fired in the platform's time zone."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.blocking import BlockingScheduler
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from background.schedule import build_scheduler, periodic_tasks
from spaces.tasks import compact_pending_drafts

PARIS = ZoneInfo("Europe/Paris")


def test_draft_compaction_is_scheduled_by_default():
    # Other modules schedule theirs too (library reminders…): compaction is among them.
    assert compact_pending_drafts in [task for task, _trigger in periodic_tasks()]


def test_crontab_lines_are_read_in_the_platforms_time_zone(settings):
    settings.TASK_SCHEDULE = {"spaces.tasks.compact_pending_drafts": "0 7 * * mon-fri"}
    (job,) = build_scheduler().get_jobs()
    # Saturday 28 March 2026, 12:00 in Paris: next Monday 7:00, summer time (UTC+2) by then.
    after = datetime(2026, 3, 28, 12, tzinfo=PARIS)
    fire = job.trigger.get_next_fire_time(None, after)
    assert fire == datetime(2026, 3, 30, 7, tzinfo=PARIS)
    assert fire.utcoffset().total_seconds() == 2 * 3600
    assert job.coalesce and job.max_instances == 1


@pytest.mark.parametrize(
    "schedule",
    [
        {"spaces.tasks.no_such_task": "*/5 * * * *"},
        {"spaces.tasks.compact_pending_drafts": "every five minutes"},
        {"spaces.selectors.drafts_with_pending_updates": "*/5 * * * *"},  # not a task
    ],
)
def test_a_wrong_schedule_stops_the_scheduler_at_start(settings, schedule):
    settings.TASK_SCHEDULE = schedule
    with pytest.raises(ImproperlyConfigured):
        build_scheduler()


def test_the_command_lists_its_jobs_then_runs_until_interrupted(monkeypatch, settings):
    settings.TASK_SCHEDULE = {"spaces.tasks.compact_pending_drafts": "*/15 * * * *"}
    started = []

    def start(self):
        started.append([job.id for job in self.get_jobs()])
        raise KeyboardInterrupt

    monkeypatch.setattr(BlockingScheduler, "start", start)
    out = StringIO()
    call_command("run_scheduler", stdout=out)
    assert "spaces.tasks.compact_pending_drafts" in started[0]
    assert "spaces.tasks.compact_pending_drafts : cron[" in out.getvalue()
