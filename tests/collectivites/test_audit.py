import pytest

from collectivites.audit import audit_record
from collectivites.models import AuditEvent


@pytest.mark.django_db
def test_the_audit_log_is_append_only(agent, rennes):
    event = audit_record(
        actor=agent, action="test.done", obj=rennes, collectivite=rennes, details={"a": 1}
    )
    assert (event.actor_label, event.object_type, event.object_id) == (
        agent.username,
        "collectivites.collectivite",
        str(rennes.pk),
    )
    event.action = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.done"


@pytest.mark.django_db
def test_system_actions_are_labelled(rennes):
    event = audit_record(actor=None, action="system.tick")
    assert event.actor is None and event.actor_label == "système"


@pytest.mark.django_db
def test_on_postgresql_the_database_refuses_to_rewrite_history(rennes):
    from django.db import connection, transaction
    from django.db.utils import ProgrammingError

    if connection.vendor != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL only (SQLite: Python guard)")
    event = audit_record(actor=None, action="system.tick", collectivite=rennes)
    for statement in (
        "UPDATE collectivites_auditevent SET action = 'x' WHERE id = %s",
        "DELETE FROM collectivites_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(ProgrammingError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "system.tick"
