"""On PostgreSQL, the database itself refuses to change or delete audit rows.

The model already refuses in Python; the trigger also covers raw SQL, bulk tools and other
clients of the database. SQLite (the embedded default) relies on the Python guard alone.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION collectivites_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'The audit log is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER collectivites_auditevent_append_only
    BEFORE UPDATE OR DELETE ON collectivites_auditevent
    FOR EACH ROW EXECUTE FUNCTION collectivites_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS collectivites_auditevent_append_only ON collectivites_auditevent;
DROP FUNCTION IF EXISTS collectivites_auditevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("collectivites", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
