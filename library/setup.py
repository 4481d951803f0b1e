"""The library's place in the page tree and its editorial rights (idempotent, after migrate).

Run by ``manage.py setup_platform`` (and by the demo): the index under the site root, the
contributors' group (referents whom animators let propose pages: they add and edit drafts in
the library, never publish), and the moderation workflow on the whole library: submit, then an
animator other than the submitter approves (``PeerReviewTask``), which publishes.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from collectivites.roles import ROLE_GROUP_NAMES, PlatformRole

from .models import LibraryIndexPage, PeerReviewTask
from .rules import contributors_group
from .tree import library_index

WORKFLOW_NAME = "Relecture de la base documentaire"
CONTRIBUTOR_PAGE_PERMISSIONS = ("add_page", "change_page")


@transaction.atomic
def library_setup() -> LibraryIndexPage:
    index = library_index()
    contributors = contributors_group()
    contributors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in CONTRIBUTOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=contributors, page=index, permission=permission
        )
    for codename in ("choose_document", "add_document"):
        contributors.permissions.add(
            Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename)
        )
    animators, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[PlatformRole.NETWORK_ANIMATOR])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = PeerReviewTask.objects.filter(name="Relecture par un autre animateur").first()
    if task is None:
        task = PeerReviewTask.objects.create(name="Relecture par un autre animateur")
        task.groups.set([animators])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return index


def app_setup() -> None:
    """The hook ``setup_platform`` calls for every app that has one."""
    library_setup()
