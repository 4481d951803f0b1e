"""The task queue in the Wagtail admin, for superusers only: what waits, what failed and why.

django-tasks-db registers a Django admin for its table, but the platform serves only Wagtail's
admin (/admin/), so the same read-only list lives here. Superusers alone see it: task arguments
may name anything on the platform, and nothing here is a network animator's business.
"""

import django_filters
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django_tasks_db.models import get_date_max
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import STATUS_LABELS, QueuedTask


class SuperusersMayLook(BasePermissionPolicy):
    """Active superusers may view; nobody may add, change or delete a task from the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions and self.user_has_permission(user, "view"):
            return self.model._default_manager.all()
        return self.model._default_manager.none()

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


INSPECT_LABELS = {
    "task_path": "Tâche",
    "status": "Statut",
    "args_kwargs": "Arguments",
    "enqueued_at": "Mise en file",
    "run_after": "Pas avant",
    "started_at": "Début",
    "finished_at": "Fin",
    "worker_ids": "Processus",
    "exception_class_path": "Exception",
    "traceback": "Trace",
}


class TaskInspectView(generic.InspectView):
    def get_field_label(self, field_name, field):
        return INSPECT_LABELS.get(field_name) or super().get_field_label(field_name, field)

    def get_status_display_value(self):
        return self.object.status_label()

    def _local(self, value):
        """Times in the platform's zone, as in the listing (the generic view shows them in UTC)."""
        if value is None or value == get_date_max():
            return "-"
        return date_format(localtime(value), "DATETIME_FORMAT")

    def get_run_after_display_value(self):
        return self._local(self.object.run_after)

    def get_enqueued_at_display_value(self):
        return self._local(self.object.enqueued_at)

    def get_started_at_display_value(self):
        return self._local(self.object.started_at)

    def get_finished_at_display_value(self):
        return self._local(self.object.finished_at)

    def get_traceback_display_value(self):
        return format_html("<pre>{}</pre>", self.object.traceback or "-")

    def get_args_kwargs_display_value(self):
        return format_html("<pre>{}</pre>", self.object.args_kwargs)


class TaskFilters(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Statut", choices=list(STATUS_LABELS.items()))
    queue_name = django_filters.CharFilter(label="File")

    class Meta:
        model = QueuedTask
        fields = ["status", "queue_name"]


class TaskAdmin(ModelViewSet):
    model = QueuedTask
    menu_label = "Tâches de fond"
    icon = "cogs"
    add_to_settings_menu = True
    url_prefix = "taches"
    inspect_view_enabled = True
    inspect_view_class = TaskInspectView
    inspect_view_fields = [
        "task_path",
        "status",
        "args_kwargs",
        "enqueued_at",
        "run_after",
        "started_at",
        "finished_at",
        "worker_ids",
        "exception_class_path",
        "traceback",
    ]
    copy_view_enabled = False
    exclude_form_fields: list = []  # never shown: the policy refuses add and change
    list_display = [
        "name",
        "status_label",
        "attempt",
        Column("enqueued_at", label="Mise en file", sort_key="enqueued_at"),
        Column("finished_at", label="Fin", sort_key="finished_at"),
        "error",
    ]
    filterset_class = TaskFilters
    ordering = ["-enqueued_at"]


register_permission_policy(QueuedTask, SuperusersMayLook(QueuedTask))


@hooks.register("register_admin_viewset")
def register_task_admin():
    return TaskAdmin("taches")
