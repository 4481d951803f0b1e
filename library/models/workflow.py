"""The library's moderation step: an animator other than the one who submitted approves."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from collectivites.errors import PermissionDeniedError


def _submitter(obj):
    state = getattr(obj, "current_workflow_state", None)
    return state.requested_by_id if state is not None else None


class PeerReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, less the person who submitted: nobody approves their own page.

    The submitter keeps seeing the page in the workflow but gets no "approve"/"request changes"
    action, and the admin's "awaiting your review" list leaves their own submissions out.
    """

    def get_actions(self, obj, user):
        if user.pk is not None and user.pk == _submitter(obj):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if user is not None and user.pk == task_state.workflow_state.requested_by_id:
            raise PermissionDeniedError("Une autre personne doit relire cette page.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user) if states else states

    @classmethod
    def get_description(cls):
        return _("Un membre des groupes choisis, autre que l'auteur de la demande, approuve.")

    class Meta:
        verbose_name = _("relecture par un pair")
        verbose_name_plural = _("relectures par un pair")
