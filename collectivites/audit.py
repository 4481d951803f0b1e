"""Writing to the append-only audit log.

Every module records the state changes that matter legally (memberships, approvals, tender
lifecycle, bid openings, act transmissions) through ``audit_record`` inside the same transaction
as the change itself, so the log never claims a change that was rolled back.
"""

from typing import Any

from django.db import models

from .models import AuditEvent, Collectivite


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None = None,
    collectivite: Collectivite | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    actor_is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if actor_is_user else None,
        actor_label=(actor.get_username() if actor_is_user else "système"),
        collectivite=collectivite,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details or {},
    )
