"""Drafts no longer point at consultations: the tender room holds that link (``TenderDraft``),
and copies the existing rows before this runs (its migration declares ``run_before``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0003_draft_tender"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="draft",
            name="tender",
        ),
    ]
