"""The Wagtail admin's views of member bodies and of the audit log, for network animators.

Wagtail asks a permission policy what a user may do; ``PermissionLayerPolicy`` passes every such
question to ``collectivites.permissions``, so the admin and the API answer alike. Saving goes
through the services, so groups, object permissions and the audit log follow.
"""

from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import permissions, services
from .models import AuditEvent, Collectivite, User
from .roles import ROLE_GROUP_NAMES, PlatformRole


class PermissionLayerPolicy(BasePermissionPolicy):
    """Wagtail's actions mapped onto the permission layer's rules; deleting is never allowed."""

    def __init__(self, model, *, change_action: str | None):
        super().__init__(model)
        self.change_action = change_action

    def user_has_permission(self, user, action):
        if action == "add" and self.change_action:
            return permissions.user_can_create(user, self.model)
        if action in {"view", "change"} and (action == "view" or self.change_action):
            return permissions.is_animator(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change" and self.change_action:
            return permissions.user_can(user, self.change_action, instance)
        if action == "view":
            return permissions.is_animator(user) and permissions.user_can(user, "view", instance)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if not permissions.is_animator(user) or not set(actions) & {"view", "change"}:
            return self.model._default_manager.none()
        return permissions.visible_to(user, "view", self.model._default_manager.all())

    def users_with_any_permission(self, actions):
        if not set(actions) & {"view", "change", "add"}:
            return User.objects.none()
        animators = ROLE_GROUP_NAMES[PlatformRole.NETWORK_ANIMATOR]
        return User.objects.filter(is_active=True, groups__name=animators).distinct() | (
            User.objects.filter(is_active=True, is_superuser=True)
        )


class CollectiviteCreateView(generic.CreateView):
    def save_instance(self):
        return services.collectivite_create(actor=self.request.user, **self.form.cleaned_data)


class CollectiviteEditView(generic.EditView):
    def save_instance(self):
        # The form has already copied its values onto self.object: start from the stored row so
        # that the service sees (and audits) what changed.
        stored = Collectivite.objects.get(pk=self.object.pk)
        changed = {field: self.form.cleaned_data[field] for field in self.form.changed_data}
        return services.collectivite_update(actor=self.request.user, collectivite=stored, **changed)


class CollectiviteAdmin(ModelViewSet):
    model = Collectivite
    menu_label = "Collectivités"
    icon = "group"
    add_to_admin_menu = True
    menu_order = 200
    add_view_class = CollectiviteCreateView
    edit_view_class = CollectiviteEditView
    copy_view_enabled = False
    form_fields = ["name", "kind", "siren", "departement_code", "adhesion_date", "is_active"]
    list_display = ["name", "kind", "departement_code", "siren", "adhesion_date", "is_active"]
    list_filter = ["kind", "departement_code", "is_active"]
    search_fields = ["name", "siren"]
    search_backend_name = None  # a plain database search on these fields


class AuditEventAdmin(ModelViewSet):
    model = AuditEvent
    menu_label = "Journal d'audit"
    icon = "history"
    add_to_admin_menu = True
    menu_order = 210
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields: list = []  # never shown: the policy refuses add and change
    list_display = ["at", "actor_label", "action", "collectivite", "object_repr"]
    list_filter = ["action", "collectivite"]
    ordering = ["-at", "-id"]


register_permission_policy(
    Collectivite, PermissionLayerPolicy(Collectivite, change_action="manage")
)
register_permission_policy(AuditEvent, PermissionLayerPolicy(AuditEvent, change_action=None))


@hooks.register("register_admin_viewset")
def register_collectivite_admin():
    return CollectiviteAdmin("collectivites")


@hooks.register("register_admin_viewset")
def register_audit_admin():
    return AuditEventAdmin("journal")
