from django.db import migrations


def seed(apps, schema_editor):
    from acts.classification_seed import ENTRIES, VERSION_DATE

    Version = apps.get_model("acts", "ClassificationVersion")
    Entry = apps.get_model("acts", "ClassificationEntry")
    version, created = Version.objects.get_or_create(
        version_date=VERSION_DATE, defaults={"source": "Classification nationale"}
    )
    if created:
        Entry.objects.bulk_create(
            Entry(version=version, code=code, label=label, level=code.count(".") + 1)
            for code, label in ENTRIES
        )


class Migration(migrations.Migration):
    dependencies = [("acts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
