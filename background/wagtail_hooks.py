"""The task queue in the Wagtail admin, for superusers only: what waits, what failed and why.

django-tasks-db registers a Django admin for its table, but the platform serves only Wagtail's
admin (/admin/), so the same read-only list lives here. Superusers alone see it: task arguments
may name anything on the platform, and nothing here is a network animator's business.
"""

from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .queue import attempt_of


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


def error_summary(result: DBTaskResult) -> str:
    """The exception's last line (``ValueError: …``), or "" for a run that did not fail."""
    lines = [line for line in result.traceback.splitlines() if line.strip()]
    return lines[-1] if lines else ""


class TaskInspectView(generic.InspectView):
    def get_traceback_display_value(self):
        return format_html("<pre>{}</pre>", self.object.traceback or "-")

    def get_args_kwargs_display_value(self):
        return format_html("<pre>{}</pre>", self.object.args_kwargs)


class TaskAdmin(ModelViewSet):
    model = DBTaskResult
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
        Column("task_name", label="Tâche", accessor="task_name"),
        "status",
        Column("attempt", label="Essai", accessor=lambda r: attempt_of(r.args_kwargs["kwargs"])),
        "enqueued_at",
        "finished_at",
        Column("error", label="Erreur", accessor=error_summary),
    ]
    list_filter = ["status", "queue_name"]
    ordering = ["-enqueued_at"]


register_permission_policy(DBTaskResult, SuperusersMayLook(DBTaskResult))


@hooks.register("register_admin_viewset")
def register_task_admin():
    return TaskAdmin("taches")
