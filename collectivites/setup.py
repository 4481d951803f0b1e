"""Idempotent platform set-up that needs rows migrations cannot rely on.

Django creates ``Permission`` rows after migrations run (post_migrate), so granting them from a
data migration is fragile; ``setup_platform`` runs after ``migrate`` instead (``make run``,
deployment and the test fixtures all call it).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from .roles import ROLE_GROUP_NAMES, PlatformRole

ANIMATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


@transaction.atomic
def platform_setup() -> None:
    """Create the platform role groups and give animators the Wagtail admin and the page tree."""
    animators, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[PlatformRole.NETWORK_ANIMATOR])
    Group.objects.get_or_create(name=ROLE_GROUP_NAMES[PlatformRole.FORUM_MODERATOR])
    Group.objects.get_or_create(name=ROLE_GROUP_NAMES[PlatformRole.PREFECTURE_AGENT])
    animators.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    root = Page.get_first_root_node()
    for codename in ANIMATOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=animators, page=root, permission=permission)
