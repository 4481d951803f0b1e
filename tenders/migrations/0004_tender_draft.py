"""The tender room takes over the draft ↔ consultation link (it was ``spaces.Draft.tender``).

The rows are copied here, before ``spaces`` drops its column (``run_before``): the ordering is
this app's business, so the drafting spaces' migrations never name the tender room.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def copy_links(apps, schema_editor):
    Draft = apps.get_model("spaces", "Draft")
    TenderDraft = apps.get_model("tenders", "TenderDraft")
    now = timezone.now()
    TenderDraft.objects.bulk_create(
        TenderDraft(draft_id=draft_id, tender_id=tender_id, linked_at=now)
        for draft_id, tender_id in Draft.objects.filter(tender__isnull=False)
        .values_list("pk", "tender_id")
        .iterator()
    )


def copy_links_back(apps, schema_editor):
    Draft = apps.get_model("spaces", "Draft")
    TenderDraft = apps.get_model("tenders", "TenderDraft")
    for link in TenderDraft.objects.all().iterator():
        Draft.objects.filter(pk=link.draft_id).update(tender_id=link.tender_id)


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0003_draft_tender"),
        ("tenders", "0003_award_contract_data"),
    ]
    run_before = [("spaces", "0004_remove_draft_tender")]

    operations = [
        migrations.CreateModel(
            name="TenderDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("linked_at", models.DateTimeField(auto_now_add=True)),
                (
                    "draft",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tender_link",
                        to="spaces.draft",
                    ),
                ),
                (
                    "tender",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="draft_links",
                        to="tenders.tender",
                    ),
                ),
            ],
            options={
                "verbose_name": "brouillon de la consultation",
                "verbose_name_plural": "brouillons de la consultation",
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
